"""nbgrader end to end, through the instructor commands, for every notebook: the solution version
earns full marks, the untouched student version zero, and each gets its feedback."""
import shutil

import nbformat
import pytest

from autograder.build import notebooks, versions
from autograder.collect import lms
from autograder.report import tables
from autograder.__main__ import main

NAMES = notebooks.names()


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_autograde_gives_solution_full_marks_and_untouched_zero(course, name, capfd):
    solution, untouched = f"solution_{name}", f"untouched_{name}"
    good = versions.solution_version(nbformat.read(notebooks.notebook_path(name), as_version=4))
    lms.store(course, solution, name, nbformat.writes(good).encode(), "2026-01-01 00:00:00 UTC")
    lms.store(course, untouched, name, versions.release_path(course, name).read_bytes(),
              "2026-01-01 00:00:00 UTC")

    assert main(["autograde", name, "--course", str(course)]) == 0
    assert main(["feedback", name, "--course", str(course)]) == 0
    out, err = capfd.readouterr()  # the instructor's terminal, the grading kernels' output included
    assert "WARNING" not in err, f"autograding {name} printed warnings:\n{err[:2000]}"
    points = sum(c.metadata["nbgrader"]["points"] for c in good.cells if c.metadata.get("nbgrader", {}).get("grade"))
    assert f"autograde {name} {solution} {points:g}/{points:g}: graded" in out.splitlines(), out[-2000:]
    assert f"autograde {name} {untouched} 0/{points:g}: graded" in out.splitlines(), out[-2000:]

    rows = [r for r in tables.exercise_rows(course, [name]) if r["student"] in (solution, untouched)]
    assert rows, f"no graded exercises for {name}"
    for row in rows:
        if row["student"] == solution:
            assert row["score"] == row["max_score"] > 0, f"the solution version of {name}: {row}"
            assert row["status"] == "passed"
        else:
            assert row["score"] == 0 and row["status"] == "not attempted", f"untouched {name}: {row}"
    for student in (solution, untouched):
        assert (course / "feedback" / student / name / f"{name}.html").exists()


def test_the_course_directory_carries_the_course_settings_for_nbgraders_own_commands(course):
    """nbgrader (or its formgrader) started in the course directory reads its nbgrader_config.py."""
    from traitlets.config.loader import PyFileConfigLoader

    from autograder.grade import course as course_module

    here = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    ours = course_module.config(course)
    assert here.CourseDirectory.root == str(course.resolve())
    assert here.CourseDirectory.course_id == ours.CourseDirectory.course_id
    assert here.Autograde.autograde_preprocessors == ours.Autograde.autograde_preprocessors
    assert here.GenerateFeedback.preprocessors == ours.GenerateFeedback.preprocessors
    assert here.Execute.timeout == ours.Execute.timeout


def test_the_course_configuration_file_follows_a_move_and_leaves_an_instructors_own_alone(tmp_path):
    from autograder.grade import course as course_module

    moved = tmp_path / "moved"
    target = course_module.write_course_config(moved)
    target.write_text(target.read_text().replace(str(moved.resolve()), "/elsewhere"))
    course_module.write_course_config(moved)
    assert repr(str(moved.resolve())) in target.read_text()

    own = "c = get_config()\nc.Execute.timeout = 5\n"
    target.write_text(own)
    course_module.write_course_config(moved)
    assert target.read_text() == own


SANDBOXED_ONLY = '''def initialize_parameters(n_x, n_h, n_y, seed=1):
    import os
    # right values only where the grader's sandbox is: a private working folder, no course directory
    scale = 0.01 if os.getcwd() == "/home/student" and not os.path.exists({course!r}) else 1.0
    rng = np.random.RandomState(seed)
    return {{"W1": rng.randn(n_h, n_x) * scale, "b1": np.zeros((n_h, 1)),
            "W2": rng.randn(n_y, n_h) * scale, "b2": np.zeros((n_y, 1))}}
'''


@pytest.mark.slow
def test_nbgraders_own_autograde_grades_in_the_sandbox(tmp_path):
    """`nbgrader autograde` started in the course directory (as the formgrader's button runs it) reads
    the course configuration: the student's code runs in the sandbox, the verdict outside it."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    name, root = "01_init", tmp_path / "course"
    versions.write_student_versions([name], root=root)
    good = versions.solution_version(nbformat.read(notebooks.notebook_path(name), as_version=4))
    for cell in good.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "initialize_parameters":
            cell.source = SANDBOXED_ONLY.format(course=str(root.resolve()))
    lms.store(root, "jo", name, nbformat.writes(good).encode(), "2026-01-01 00:00:00 UTC")
    nbgrader = Path(sys.executable).parent / "nbgrader"
    result = subprocess.run([str(nbgrader), "autograde", name, "--student", "jo"], cwd=root,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    graded = nbformat.read(root / "autograded" / "jo" / name / f"{name}.ipynb", as_version=4)
    test = next(c for c in graded.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "test_initialize_parameters")
    assert not [o for o in test.outputs if o.output_type == "error"], json.dumps(test.outputs)[:2000]
    assert "initialize_parameters: all" in "".join(o.get("text", "") for o in test.outputs)
