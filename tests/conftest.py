"""Shared fixtures: a course directory built from the source notebooks, once per test session."""
import pytest

from autograder import notebooks, versions


@pytest.fixture(scope="session")
def course(tmp_path_factory):
    """A fresh nbgrader course directory with every notebook's student version generated."""
    root = tmp_path_factory.mktemp("course")
    versions.write_student_versions(notebooks.names(), root=root)
    return root


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: runs notebooks or nbgrader (seconds per case)")
