"""nbgrader end to end, through the instructor commands, for every notebook: the solution version
earns full marks, the untouched student version zero, and each gets its feedback."""
import shutil

import nbformat
import pytest

from autograder import grading, notebooks, submissions, versions
from autograder.__main__ import main

NAMES = notebooks.names()


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_autograde_gives_solution_full_marks_and_untouched_zero(course, name, capsys):
    solution, untouched = f"solution_{name}", f"untouched_{name}"
    good = versions.solution_version(nbformat.read(notebooks.notebook_path(name), as_version=4))
    submissions.store(course, solution, name, nbformat.writes(good).encode(), "2026-01-01 00:00:00 UTC")
    submissions.store(course, untouched, name, versions.release_path(course, name).read_bytes(),
                      "2026-01-01 00:00:00 UTC")

    assert main(["autograde", name, "--course", str(course)]) == 0
    assert main(["feedback", name, "--course", str(course)]) == 0
    out = capsys.readouterr().out
    assert f"autograde {name} {solution}: graded" in out and f"autograde {name} {untouched}: graded" in out

    rows = [r for r in grading.exercise_rows(course, [name]) if r["student"] in (solution, untouched)]
    assert rows, f"no graded exercises for {name}"
    for row in rows:
        if row["student"] == solution:
            assert row["score"] == row["max_score"] > 0, f"the solution version of {name}: {row}"
            assert row["status"] == "passed"
        else:
            assert row["score"] == 0 and row["status"] == "not attempted", f"untouched {name}: {row}"
    for student in (solution, untouched):
        assert (course / "feedback" / student / name / f"{name}.html").exists()
