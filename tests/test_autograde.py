"""nbgrader end to end, through the instructor commands: the solution version earns full marks,
the untouched student version zero, and each gets its feedback."""
import shutil

import nbformat
import pytest

from autograder import course as course_dir
from autograder import notebooks, versions
from autograder.__main__ import main

NAMES = notebooks.names()


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_autograde_gives_solution_full_marks_and_untouched_zero(course, name, capsys):
    solution, untouched = f"solution_{name}", f"untouched_{name}"
    target = course / "submitted" / solution / name / f"{name}.ipynb"
    target.parent.mkdir(parents=True)
    nbformat.write(versions.solution_version(nbformat.read(notebooks.notebook_path(name), as_version=4)), target)
    target = course / "submitted" / untouched / name / f"{name}.ipynb"
    target.parent.mkdir(parents=True)
    shutil.copyfile(versions.release_path(course, name), target)

    assert main(["autograde", name, "--course", str(course)]) == 0
    assert main(["feedback", name, "--course", str(course)]) == 0
    out = capsys.readouterr().out
    assert f"autograde {name} {solution}: ok" in out and f"autograde {name} {untouched}: ok" in out

    scores = {student: (score, max_score) for student, nb, score, max_score in course_dir.grade_rows(course, [name])}
    score, max_score = scores[solution]
    assert max_score > 0 and score == max_score, f"the solution version of {name} scored {score} of {max_score}"
    assert scores[untouched] == (0, max_score), f"the untouched student version of {name} scored {scores[untouched]}"
    for student in (solution, untouched):
        assert (course / "feedback" / student / name / f"{name}.html").exists()
