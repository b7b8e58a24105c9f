"""Grading a synthetic class end to end with real nbgrader runs: every submission is graded, none is
lost, none can cheat, and a batch can be repeated or interrupted without changing a grade."""
import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import time

import nbformat
import pytest

from autograder.build import notebooks, versions
from autograder.collect import lms
from autograder.grade import batch
from autograder.report import tables
from autograder.__main__ import main
from helpers import NAME, SCALED_WRONG, hand_in, solution, with_answer

RIGHT_2 = '''def initialize_parameters(n_x, n_h, n_y, seed=1):
    rng = np.random.RandomState(seed)
    {extra}
    return {{"W1": rng.randn(n_h, n_x) * 0.01, "b1": np.zeros((n_h, 1)),
            "W2": rng.randn(n_y, n_h) * 0.01, "b2": np.zeros((n_y, 1))}}
'''
# what grading leaves out of a student's cell (a comment, a call) must not move its line numbers
RAISES = '''# GRADED FUNCTION: initialize_parameters
print("trying")

def initialize_parameters(n_x, n_h, n_y, seed=1):
    rng = np.random.RandomState(seed)
    return 1 / 0
'''
RESEEDS_DEEP = '''def initialize_parameters_deep(layer_dims, seed=1, init="xavier"):
    if init not in ("small", "xavier", "he"):
        raise ValueError(f"unknown init {init!r}")
    scale = {"small": lambda n: 0.01, "xavier": lambda n: 1 / np.sqrt(n), "he": lambda n: np.sqrt(2 / n)}[init]
    parameters = {}
    for l in range(1, len(layer_dims)):
        rng = np.random.RandomState(seed)
        parameters["W" + str(l)] = rng.randn(layer_dims[l], layer_dims[l - 1]) * scale(layer_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
'''
TAMPER = '''import numpy as np, numpy.testing, builtins
import testcases.nb01 as _t, testcases.checks as _c
np.allclose = lambda *a, **k: True
numpy.testing.assert_allclose = lambda *a, **k: None
_t.check_initialize_parameters = lambda f: print("initialize_parameters: all 13 checks passed.")
_t.hidden_check_initialize_parameters = lambda f: None
_c.Check.fail = lambda self, *a, **k: None
setattr(builtins, "AssertionError", type("Nope", (Exception,), {}))
'''

# the code of the comparisons swapped in memory with ctypes (no __code__ assignment anyone could watch)
CTYPES_PATCH = '''import ctypes, importlib
def _always(*a, **k):
    return True
def _patched(f):
    slots = ctypes.cast(id(f), ctypes.POINTER(ctypes.c_void_p))
    index = next(i for i in range(2, 12) if slots[i] == id(f.__code__))
    ctypes.pythonapi.Py_IncRef(ctypes.py_object(_always.__code__))
    slots[index] = id(_always.__code__)
    return f
'''
PATCH_WITH_CTYPES = ("    import numpy.testing\n    _patched(numpy.testing.assert_allclose)\n"
                     "    try:\n        _patched(importlib.import_module('testcases.checks').same)\n"
                     "    except ImportError:\n        pass\n")

# the same, written inside the answer: it runs when a test calls the function
PATCH_WHEN_CALLED = ("import numpy.testing, importlib; np.allclose = lambda *a, **k: True; "
                     "numpy.testing.assert_allclose = lambda *a, **k: None; "
                     "exec('try:\\n _c = importlib.import_module(\"testcases.checks\")\\n"
                     " _c.Check.fail = lambda self, *a, **k: None\\nexcept ImportError:\\n pass')")


def class_of_submissions(release):
    """{student: bytes of the handed-in 01_init.ipynb}, one kind of submission per student."""
    good = solution()
    nbs = {
        "correct": good,
        "blank": release,
        "wrong_scale": with_answer(good, "initialize_parameters", SCALED_WRONG),
        "wrong_deep_reseeds": with_answer(good, "initialize_parameters_deep", RESEEDS_DEEP),
        "exception": with_answer(good, "initialize_parameters", RAISES),
        "infinite_loop": with_answer(good, "initialize_parameters",
                                     "def initialize_parameters(n_x, n_h, n_y, seed=1):\n    while True:\n"
                                     "        try:\n            pass\n        except BaseException:\n            pass\n"),
        "kills_kernel": with_answer(good, "initialize_parameters_deep",
                                    "def initialize_parameters_deep(layer_dims, seed=1, init='xavier'):\n"
                                    "    import os\n    os._exit(1)\n"),
        "kills_kernel_at_top_level": with_answer(good, "initialize_parameters",
                                                 "import os\nos._exit(1)\n" + RIGHT_2.format(extra="pass")),
        "huge_output": with_answer(good, "initialize_parameters",
                                   RIGHT_2.format(extra='print("x" * 2_000_000)')),
        "warns": with_answer(good, "initialize_parameters",
                             RIGHT_2.format(extra="np.exp(np.array([1000.0])); np.log(np.array([0.0]))")),
        "tampers": with_answer(good, "initialize_parameters", TAMPER + SCALED_WRONG),
        "tampers_when_called": with_answer(good, "initialize_parameters", RIGHT_2.format(extra=PATCH_WHEN_CALLED)),
        "breaks_the_grader_when_called": with_answer(  # what broke the old in-process integrity check
            good, "initialize_parameters", RIGHT_2.format(extra='import sys; sys.modules.pop("_course_integrity", None); '
                                                                'sys.modules.pop("testcases", None)')),
        "wrong_and_patches_memory": with_answer(
            good, "initialize_parameters", CTYPES_PATCH + SCALED_WRONG.replace("    rng =", PATCH_WITH_CTYPES + "    rng =")),
        "wrong_and_tampers_when_called": with_answer(
            good, "initialize_parameters", SCALED_WRONG.replace("    rng =", f"    {PATCH_WHEN_CALLED}\n    rng =")),
    }
    # deleted and edited test cells, changed points, an edited given cell that tampers
    edited = json.loads(json.dumps(good))
    cells = edited["cells"]
    for cell in cells:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("grade_id") == "test_initialize_parameters":
            cell["source"] = "print('initialize_parameters: all checks passed.')"
            meta["points"] = 100
        if cell["source"].startswith("import numpy as np"):
            cell["source"] += "\nnp.allclose = lambda *a, **k: True\n"
    edited["cells"] = [c for c in cells
                       if c["metadata"].get("nbgrader", {}).get("grade_id") != "test_initialize_parameters_deep"]
    nbs["edited_tests"] = with_answer(nbformat.from_dict(edited), "initialize_parameters", SCALED_WRONG)
    # a student's own extra cell that tampers before the tests
    extra = json.loads(json.dumps(nbs["wrong_scale"]))
    extra["cells"].insert(3, nbformat.v4.new_code_cell(TAMPER))
    nbs["tampers_in_extra_cell"] = nbformat.from_dict(extra)
    # an extra cell that claims, in its metadata, to be the instructor's (a locked nbgrader cell taken
    # from the release): it is the student's all the same, and runs in the sandbox
    forged = json.loads(json.dumps(nbs["wrong_scale"]))
    forged["cells"].insert(3, nbformat.v4.new_code_cell(TAMPER, metadata={
        "dnn_course_release": True,
        "nbgrader": {"grade": False, "solution": False, "locked": True, "grade_id": "given", "schema_version": 3}}))
    nbs["forges_instructor_cell"] = nbformat.from_dict(forged)

    files = {student: nbformat.writes(nb).encode() for student, nb in nbs.items()}
    files["not_json"] = b'{"cells": [ this is not json'
    files["empty"] = b""
    other = versions.solution_version(nbformat.read(notebooks.notebook_path("02_forward"), as_version=4))
    files["other_notebook"] = nbformat.writes(other).encode()
    return files


EXPECTED = {  # student: (score of test_initialize_parameters, of test_initialize_parameters_deep, status)
    "correct": (1, 2, "graded"),
    "blank": (0, 0, "graded"),
    "wrong_scale": (0, 2, "graded"),
    "wrong_deep_reseeds": (1, 0, "graded"),
    "exception": (0, 2, "graded"),
    "infinite_loop": (0, 2, "graded"),
    "kills_kernel": (1, 0, "graded"),
    "kills_kernel_at_top_level": (1, 2, "graded"),
    "huge_output": (1, 2, "graded"),
    "warns": (1, 2, "graded"),
    "tampers": (0, 2, "graded"),
    # a patch runs in the submission's own process only: a right answer keeps its points, a wrong one
    # earns nothing, and the exercise after it is graded as it deserves
    "tampers_when_called": (1, 2, "graded"),
    "wrong_and_tampers_when_called": (0, 2, "graded"),
    "wrong_and_patches_memory": (0, 2, "graded"),
    "breaks_the_grader_when_called": (1, 2, "graded"),
    "edited_tests": (0, 2, "graded"),
    "tampers_in_extra_cell": (0, 2, "graded"),
    "forges_instructor_cell": (0, 2, "graded"),
    "not_json": (None, None, "invalid"),
    "empty": (None, None, "invalid"),
    "other_notebook": (None, None, "invalid"),
}


def export(root):
    out = io.StringIO()
    tables.write_csv(tables.exercise_rows(root, [NAME]), out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("class")
    root = tmp_path / "course"
    versions.write_student_versions([NAME], root=root)
    release = nbformat.read(versions.release_path(root, NAME), as_version=4)
    files = class_of_submissions(release)
    inbox = hand_in(tmp_path, files)
    report = lms.collect(inbox, root, [NAME])
    assert sorted(s for s, n, what in report if what == "new") == sorted(files)
    results = batch.autograde(root, [NAME], workers=2, timeout=5, progress=None)
    return root, files, results


@pytest.mark.slow
def test_every_submission_is_graded_and_scored_as_expected(graded_class):
    root, files, results = graded_class
    assert {student for student, _ in results} == set(files)
    rows = export(root)
    scores = {}
    for row in rows:
        scores.setdefault(row["student"], {})[row["exercise"]] = row
    for student, (first, second, status) in EXPECTED.items():
        assert results[(student, NAME)]["status"] == status, (student, results[(student, NAME)])
        got = scores[student]
        if status == "invalid":
            assert got["test_initialize_parameters"]["score"] == ""
            assert got["test_initialize_parameters"]["status"].startswith("invalid submission: ")
            continue
        assert float(got["test_initialize_parameters"]["score"]) == first, (student, got)
        assert float(got["test_initialize_parameters_deep"]["score"]) == second, (student, got)
        assert float(got["test_initialize_parameters"]["max_score"]) == 1.0  # points restored


@pytest.mark.slow
def test_statuses_say_what_happened(graded_class):
    root, _, results = graded_class
    status = {(r["student"], r["exercise"]): r["status"] for r in export(root)}
    assert status[("blank", "test_initialize_parameters")] == "not attempted"
    assert status[("infinite_loop", "test_initialize_parameters")] == "timeout"
    assert status[("kills_kernel", "test_initialize_parameters_deep")] == "kernel died"
    assert status[("correct", "test_initialize_parameters")] == "passed"
    mistake = {(r["student"], r["exercise"]): r["mistake"] for r in tables.exercise_rows(root, [NAME])}
    assert "not scaled" in mistake[("wrong_scale", "test_initialize_parameters")]
    assert "starts the random stream again" in mistake[("wrong_deep_reseeds", "test_initialize_parameters_deep")]
    assert status[("wrong_deep_reseeds", "test_initialize_parameters")] == "passed"
    assert "not JSON" in status[("not_json", "test_initialize_parameters")]
    # a patch of numpy or the checks inside an answer reaches only the submission's own process
    assert status[("tampers_when_called", "test_initialize_parameters")] == "passed"
    assert "not scaled" in mistake[("wrong_and_tampers_when_called", "test_initialize_parameters")]
    for student in ("tampers_when_called", "wrong_and_tampers_when_called", "breaks_the_grader_when_called"):
        assert status[(student, "test_initialize_parameters_deep")] == "passed"
    assert "empty" in status[("empty", "test_initialize_parameters")]
    assert "not 01_init" in status[("other_notebook", "test_initialize_parameters")]


#: the grader's own frames that a submission's exception passes through on its way to the cell
PASS_THROUGH = ("Remote.__call__", "Remote.__getattr__", "Sandbox.call", "Sandbox.get", "Sandbox.run_cell",
                "Peer.call_remote", "Sandbox.outcome")


@pytest.mark.slow
@pytest.mark.parametrize("student, ename", [("blank", "NotImplementedError"), ("exception", "ZeroDivisionError")])
def test_the_instructor_sees_where_a_submission_failed_not_the_grader_around_it(graded_class, student, ename):
    """The graded notebook (the formgrader's view) shows the cell's line and the submission's own
    frames for an exception of the submission's, not the grader's frames that carried it across the
    wire (IPython formatting those files' source for every failing cell was also most of the cost of
    grading a notebook left unwritten), and without colours (highlighting the source that remains
    cost as much again)."""
    root, _, _ = graded_class
    nb = nbformat.read(root / "autograded" / student / NAME / f"{NAME}.ipynb", as_version=4)
    errors = ["\n".join(o.traceback) for cell in nb.cells for o in cell.get("outputs", [])
              if o.output_type == "error" and o.ename == ename]
    assert errors, f"no {ename} in {student}'s graded notebook"
    # not coloured: the trusted kernel highlights no source for the tracebacks no student reads
    assert not [t for t in errors if "\x1b[" in t], errors[0]
    for traceback in errors:
        assert "Cell In[" in traceback and "in the submission's code:" in traceback, traceback
        assert "initialize_parameters" in traceback.split("in the submission's code:")[1], traceback
        shown = [frame for frame in PASS_THROUGH if f"in {frame}(" in traceback]
        assert not shown, f"the grader's frames {shown} shown:\n{traceback}"


@pytest.mark.slow
def test_the_collected_files_are_never_changed(graded_class):
    root, files, _ = graded_class
    for student, data in files.items():
        assert lms.submission_path(root, student, NAME).read_bytes() == data


@pytest.mark.slow
def test_feedback_names_the_mistake_and_hides_the_hidden_tests(graded_class):
    root, _, _ = graded_class
    assert main(["feedback", NAME, "--course", str(root)]) == 0
    html = (root / "feedback" / "wrong_scale" / NAME / f"{NAME}.html").read_text()
    assert "the weights are not scaled" in html
    html = (root / "feedback" / "wrong_deep_reseeds" / NAME / f"{NAME}.html").read_text()
    assert "starts the random stream again" in html
    # the line of the student's that raised, numbered as their cell is (the check shows no traceback)
    html = (root / "feedback" / "exception" / NAME / f"{NAME}.html").read_text()
    # in the check's hint, and under the error of the cell that called it
    assert html.count("It was raised by `return 1 / 0` (in initialize_parameters, line 6 of its cell).") == 2, html
    assert "ZeroDivisionError: division by zero\nIt was raised by `return 1 / 0`" in html
    assert "hidden_check" not in html and "BEGIN HIDDEN TESTS" not in html
    assert not (root / "feedback" / "not_json").exists()


@pytest.mark.slow
def test_class_report_counts_passes_and_mistakes(graded_class):
    root, _, _ = graded_class
    markdown = tables.class_report(tables.exercise_rows(root, [NAME]), root / "reports")
    graded = [v for v in EXPECTED.values() if v[2] == "graded"]
    passed = sum(1 for v in graded if v[0] == 1)
    lines = [line for line in markdown.splitlines() if line.startswith("| 01_init | test_initialize_parameters | ")]
    # points, passed, passed on an earlier exercise, wrong, not attempted, timeout or kernel died, not
    # graded (the invalid ones), not submitted, pass rate
    assert lines[0].startswith(f"| 01_init | test_initialize_parameters | 1 | {passed} | 0 | "), lines[0]
    assert lines[0].endswith(f"| {len(EXPECTED) - len(graded)} | 0 | {passed / len(graded):.0%} |"), lines[0]
    # wrong_scale, tampers, edited_tests, tampers_in_extra_cell, forges_instructor_cell,
    # wrong_and_tampers_when_called, wrong_and_patches_memory
    assert any("the weights are not scaled" in line and " | 7 | " in line for line in lines[1:]), lines
    assert "not_json" in markdown and (root / "reports" / "class_report.png").stat().st_size > 1000


@pytest.mark.slow
def test_autograding_again_gives_the_same_grades(graded_class):
    root, _, results = graded_class
    before = export(root)
    again = batch.autograde(root, [NAME], workers=2, timeout=5, progress=None)
    assert all(state.get("skipped") for state in again.values()), "unchanged submissions are not regraded"
    batch.autograde(root, [NAME], workers=2, timeout=5, progress=None, force=True)
    assert export(root) == before


@pytest.mark.slow
def test_an_interrupted_batch_resumes_without_losing_or_duplicating_grades(tmp_path):
    root = tmp_path / "course"
    versions.write_student_versions([NAME], root=root)
    good = nbformat.writes(solution()).encode()
    wrong = nbformat.writes(with_answer(solution(), "initialize_parameters", SCALED_WRONG)).encode()
    students = {f"s{i:02d}": (good if i % 2 else wrong) for i in range(6)}
    for student, data in students.items():
        lms.store(root, student, NAME, data, "2026-01-01 00:00:00.000000 UTC")
    command = [sys.executable, "-m", "autograder", "autograde", NAME, "--course", str(root), "--workers", "1"]
    interrupted = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and len(list((root / "grading").glob("*/*.json"))) < 2:
        time.sleep(0.2)
    os.killpg(interrupted.pid, signal.SIGKILL)
    interrupted.wait()
    done_before = {p.parent.name for p in (root / "grading").glob("*/*.json")}
    assert 2 <= len(done_before) < len(students), "the batch was not interrupted midway"

    results = batch.autograde(root, [NAME], workers=2, progress=None)
    assert {s for (s, _), state in results.items() if state.get("skipped")} == done_before
    rows = export(root)
    assert len(rows) == 2 * len(students)  # one row per student and exercise: nothing lost or doubled
    for row in rows:
        passes = students[row["student"]] is good or row["exercise"].endswith("_deep")
        assert float(row["score"]) == (float(row["max_score"]) if passes else 0.0), row
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{root}/gradebook.db", course_id="dnn-from-scratch") as gb:
        assert len(gb.assignment_submissions(NAME)) == len(students)
