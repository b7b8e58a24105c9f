"""Shared fixtures: a course directory built from the source notebooks, once per test session."""
import pytest

from autograder.build import notebooks, versions


@pytest.fixture(scope="session")
def course(tmp_path_factory):
    """A fresh nbgrader course directory with every notebook's student version generated."""
    root = tmp_path_factory.mktemp("course")
    versions.write_student_versions(notebooks.names(), root=root)
    return root


@pytest.fixture(scope="module")
def postgres(request):
    """A throwaway PostgreSQL server (autograder.scale.pgserver, Debian's postgresql) for one test module;
    where none can start, the module's tests fail, saying why."""
    from autograder.scale.pgserver import Server, Unavailable

    try:
        server = Server().start()
    except Unavailable as error:
        pytest.fail(f"{request.module.__name__} needs a PostgreSQL server: {error}")
    try:
        yield server
    finally:
        server.stop()


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: runs notebooks or nbgrader (seconds per case)")


def pytest_sessionstart(session):
    """The grading tests need the grader's sandbox: without bubblewrap, say so once, at the start."""
    from autograder.grade.execute import sandbox_problem

    problem = sandbox_problem()
    if problem:
        raise pytest.UsageError(f"the tests grade submissions in the grader's sandbox, and {problem}")
