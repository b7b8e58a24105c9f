"""Nothing of one submission reaches the next one graded, and grading gives the grade table it gives today.

Isolation: real notebooks of 01_init, handed in as an LMS exports them and graded by the real commands.
Every submission's ``initialize_parameters`` is right, but first *looks* for what an earlier submission
could have left behind (:data:`PROBE`) and, when it finds anything, prints ``LEAKED`` and returns
nothing, so that its exercise fails; its ``initialize_parameters_deep`` is right too, and *leaves*
every such trace on each call (:data:`TRACES`): a global of the notebook, an attribute of ``builtins``,
of ``numpy`` and of ``dnn_utils``, a file in ``/tmp`` and in the working folder, numpy's global random
state and an environment variable. In a notebook the looking comes before the leaving, so a submission
never finds its own traces. ``test_the_probe_finds_every_trace`` shows that the probe finds each of
them where they are (both run in one process), and the unsandboxed grading of the same pair that it
finds what reaches it through the grader (the machine's /tmp), so that the grading tests can fail.

The grade table: the synthetic class (:mod:`autograder.scale.synthetic`, 3 students: the solution,
the untouched release, the solution with one answer broken, in every notebook) graded as today must
give ``tests/grade/expected_grade_table.csv`` row for row; a faster grader must give the same table.
That file was written by grading the class with the grader as it was when the test was added:

    PYTHONPATH=tests .venv/bin/python tests/grade/test_isolation.py --write-expected

(write it again only when a change of grades is intended, and say so in the commit).
"""
import csv
import glob
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest

from autograder.build import notebooks, versions
from autograder.collect import lms
from autograder.grade import batch
from autograder.scale import synthetic
from autograder.__main__ import main
from helpers import MARK, NAME, RIGHT_DEEP, cell_text, course_with_release, fill, hand_in, rows, solution, with_answer

EXPECTED_TABLE = Path(__file__).resolve().parent / "expected_grade_table.csv"
TABLE_STUDENTS = 3
IP, DEEP = "test_initialize_parameters", "test_initialize_parameters_deep"

#: what every trace is named after, and the cached Gaussian that marks numpy's global random state
PREFIX = "dnn_isolation_"
MARKED_GAUSSIAN = 4242.0

#: ``initialize_parameters``, right, after looking for every trace an earlier submission could leave
PROBE = '''\
import numpy as np


def _traces_left_by_others():
    import builtins, glob, os, tempfile
    import dnn_utils
    found = [f"global {name} = {value!r}" for name, value in globals().items() if name.startswith(@PREFIX@)]
    for where, holder in (("builtins", builtins), ("numpy", np), ("dnn_utils", dnn_utils)):
        found += [f"{where}.{name}" for name in vars(holder) if name.startswith(@PREFIX@)]
    for folder in {tempfile.gettempdir(), os.getcwd(), os.path.expanduser("~")}:
        found += [f"file {path}" for path in glob.glob(os.path.join(folder, @PREFIX@ + "*"))]
    found += [f"environment variable {key}" for key in os.environ if key.startswith(@PREFIX@.upper())]
    state = np.random.get_state()
    if state[3] and state[4] >= @MARKED_GAUSSIAN@:
        found.append(f"numpy's global random state (cached Gaussian {state[4]})")
    return found


_looked = []


def initialize_parameters(n_x, n_h, n_y, seed=1):
    found = _traces_left_by_others()
    if not _looked:
        _looked.append(True)
        print(f"isolation probe of {@STUDENT@}: looked for traces of other submissions")
    if found:
        print(f"LEAKED into {@STUDENT@}: " + "; ".join(found))
        return None
    rng = np.random.RandomState(seed)
    return {"W1": rng.randn(n_h, n_x) * 0.01, "b1": np.zeros((n_h, 1)),
            "W2": rng.randn(n_y, n_h) * 0.01, "b2": np.zeros((n_y, 1))}
'''

#: ``initialize_parameters_deep``, right, leaving every trace on each call (a global at once)
TRACES = '''\
import numpy as np

dnn_isolation_global = @STUDENT@
_left = []


def initialize_parameters_deep(layer_dims, seed=1, init="xavier"):
    import builtins, os, tempfile
    import dnn_utils
    global dnn_isolation_set_in_a_call
    dnn_isolation_set_in_a_call = @STUDENT@
    builtins.dnn_isolation_builtin = np.dnn_isolation_attribute = dnn_utils.dnn_isolation_attribute = @STUDENT@
    for folder in (tempfile.gettempdir(), os.getcwd()):
        with open(os.path.join(folder, "dnn_isolation_" + @STUDENT@), "w") as out:
            out.write(@STUDENT@)
    os.environ["DNN_ISOLATION_" + @STUDENT@.upper()] = @STUDENT@
    np.random.seed(len(@STUDENT@))
    name, keys, pos, _, _ = np.random.get_state()
    np.random.set_state((name, keys, pos, 1, @MARKED_GAUSSIAN@ + len(@STUDENT@)))
    if not _left:
        _left.append(True)
        print(f"{@STUDENT@} left its traces")
''' + RIGHT_DEEP   # then the right answer

#: what the probe reports for each kind of trace, once a submission named ``student`` left them
FOUND = ("global dnn_isolation_global = '{student}'", "global dnn_isolation_set_in_a_call = '{student}'",
         "builtins.dnn_isolation_builtin", "numpy.dnn_isolation_attribute", "dnn_utils.dnn_isolation_attribute",
         "file {tmp}/dnn_isolation_{student}", "file {work}/dnn_isolation_{student}",
         "environment variable DNN_ISOLATION_{upper}", "numpy's global random state")


def probe(student):
    return fill(PROBE, PREFIX=PREFIX, MARKED_GAUSSIAN=MARKED_GAUSSIAN, STUDENT=student)


def traces(student):
    return fill(TRACES, MARKED_GAUSSIAN=MARKED_GAUSSIAN, STUDENT=student)


def looks_then_leaves(student):
    """The solution of 01_init whose first function looks for traces and whose second leaves them."""
    return with_answer(with_answer(solution(), "initialize_parameters", probe(student)),
                       "initialize_parameters_deep", traces(student))


def test_the_probe_finds_every_trace(tmp_path):
    """Run in one process (as a grader that reused one would), the probe finds each trace: the grading
    tests below can fail."""
    work, tmp = tmp_path / "work", tmp_path / "tmp"
    work.mkdir()
    tmp.mkdir()
    script = (f"namespace = {{}}\nexec({traces('a_leaves')!r}, namespace)\n"
              "namespace['initialize_parameters_deep']([3, 2])\n"
              f"exec({probe('b_looks')!r}, namespace)\n"
              "assert namespace['initialize_parameters'](2, 2, 1) is None\n")
    env = dict(os.environ, TMPDIR=str(tmp), HOME=str(work))
    done = subprocess.run([sys.executable, "-c", script], cwd=work, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    leaked = next(line for line in done.stdout.splitlines() if line.startswith("LEAKED into b_looks: "))
    for what in FOUND:
        assert what.format(student="a_leaves", upper="A_LEAVES", tmp=tmp, work=work) in leaked, (what, leaked)
    assert not (work / "dnn_isolation_b_looks").exists()
    # alone, in a fresh process and folders, the probe finds nothing and the function is right
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    alone = subprocess.run([sys.executable, "-c", f"namespace = {{}}\nexec({probe('b_looks')!r}, namespace)\n"
                            "print(namespace['initialize_parameters'](2, 2, 1)['W1'].shape)"],
                           cwd=fresh, env=dict(env, TMPDIR=str(fresh), HOME=str(fresh)), capture_output=True,
                           text=True, timeout=120)
    assert alone.returncode == 0 and "LEAKED" not in alone.stdout and "(2, 2)" in alone.stdout, alone


@pytest.mark.slow
def test_the_next_submission_one_worker_grades_finds_nothing_of_the_last(tmp_path, capsys):
    """A leaves every trace; B, graded next by the same worker, looks for them and finds none. B also
    defines no initialize_parameters_deep (its answer cell left empty): the name A's notebook defined
    is not there for B's test (a trusted kernel kept from A would hold A's proxy, whose call ends in a
    dead process)."""
    a, b = "a_leaves", "b_looks"
    empty_deep = with_answer(with_answer(solution(), "initialize_parameters", probe(b)),
                             "initialize_parameters_deep", "# left empty\n")
    files = {a: nbformat.writes(looks_then_leaves(a)).encode(), b: nbformat.writes(empty_deep).encode()}
    root = course_with_release(tmp_path)
    inbox = hand_in(tmp_path, files)
    assert main(["collect", NAME, "--course", str(root), "--from", str(inbox)]) == 0
    assert main(["autograde", NAME, "--course", str(root), "--workers", "1"]) == 0
    capsys.readouterr()
    order = sorted(files)          # one worker grades the students in this order
    assert order == [a, b]
    graded = rows(root)
    text_a, text_b = cell_text(root, a, NAME), cell_text(root, b, NAME)
    assert f"{a} left its traces" in text_a, text_a
    assert graded[(a, IP)]["status"] == "passed", graded[(a, IP)]
    assert f"isolation probe of {b}: looked for traces" in text_b, text_b
    assert "LEAKED" not in text_b, text_b
    # B's own process never died: nothing of A's (a proxy of its ended process) was called for B
    assert "died while this cell ran" not in text_b and "is not running" not in text_b, text_b
    assert graded[(b, IP)]["status"] == "passed" and float(graded[(b, IP)]["score"]) == 1.0, graded[(b, IP)]
    deep = graded[(b, DEEP)]
    assert deep["status"].startswith("failed") and "initialize_parameters_deep" in deep["status"] \
        and "not defined" in deep["status"], deep
    assert float(deep["score"]) == 0.0


@pytest.mark.slow
def test_no_submission_two_workers_grade_finds_anything_of_another(tmp_path):
    """Four submissions that each look, then leave traces, graded by two workers: one of them grades at
    least two one after another, and none finds anything."""
    students = [f"s{i}_looks_then_leaves" for i in range(4)]
    files = {s: nbformat.writes(looks_then_leaves(s)).encode() for s in students}
    root = course_with_release(tmp_path)
    report_ = lms.collect(hand_in(tmp_path, files), root, [NAME])
    assert sorted(s for s, _, what in report_ if what == "new") == students
    results = batch.autograde(root, [NAME], workers=2, progress=None)
    assert all(results[(s, NAME)]["status"] == "graded" for s in students), results
    graded = rows(root)
    for student in students:
        text = cell_text(root, student, NAME)
        assert f"isolation probe of {student}: looked for traces" in text and f"{student} left its traces" in text
        assert "LEAKED" not in text, text
        assert graded[(student, IP)]["status"] == "passed", graded[(student, IP)]


@pytest.mark.slow
def test_unsandboxed_the_next_submission_finds_the_file_the_last_left_in_tmp(tmp_path):
    """The same pair graded without the sandbox (``--unsandboxed``: a process of its own for each
    submission, but the machine's /tmp): B finds A's file in /tmp, and nothing else, and its exercise
    fails. The probe finds what reaches it through the grader."""
    a, b = f"a{MARK}", f"b{MARK}"          # the machine's /tmp: names no other run uses
    files = {a: nbformat.writes(looks_then_leaves(a)).encode(), b: nbformat.writes(looks_then_leaves(b)).encode()}
    root = course_with_release(tmp_path)
    lms.collect(hand_in(tmp_path, files), root, [NAME])
    try:
        batch.autograde(root, [NAME], workers=1, progress=None, sandbox=False)
    finally:
        left = glob.glob(os.path.join(tempfile.gettempdir(), f"{PREFIX}*{MARK}"))
        for path in left:
            os.remove(path)
    assert os.path.join(tempfile.gettempdir(), f"{PREFIX}{a}") in left, left
    leaked = [line for line in cell_text(root, b, NAME).splitlines() if line.startswith("LEAKED")]
    assert leaked and set(leaked) == {f"LEAKED into {b}: file {tempfile.gettempdir()}/{PREFIX}{a}"}, leaked
    status = rows(root)[(b, IP)]["status"]
    assert status.startswith("failed") and status.endswith("(unsandboxed)"), status


# ---- the grade table of the synthetic class ------------------------------------------------------

def synthetic_class_table(workdir, workers=2):
    """The synthetic class (every notebook, TABLE_STUDENTS students) graded in a fresh course directory
    under ``workdir``; its grade table (:func:`synthetic.grade_table`)."""
    names = notebooks.names()
    root = Path(workdir) / "course"
    versions.write_student_versions(names, root=root)
    for student, name, nb in synthetic.handins(names, TABLE_STUDENTS, root):
        lms.store(root, student, name, nbformat.writes(nb).encode(), "2026-01-01 00:00:00 UTC")
    results = batch.autograde(root, names, workers=workers, progress=None)
    failed = {key: state for key, state in results.items() if state.get("status") != "graded"}
    if failed:
        raise RuntimeError(f"{len(failed)} submissions of the synthetic class were not graded: {failed}")
    return synthetic.grade_table(root, names)


COLUMNS = ["student", "notebook", "exercise", "score", "max_score", "status"]


def write_table(table, path):
    with open(path, "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(table)


def read_table(path):
    """The rows of a CSV written by :func:`write_table`, typed as :func:`synthetic.grade_table` types them
    (a score is a float, or "" when there is none)."""
    with open(path, newline="") as source:
        reader = csv.reader(source)
        header = next(reader)
        if header != COLUMNS:
            raise ValueError(f"{path}: expected the columns {COLUMNS}, got {header}")
        return [(s, n, e, float(score) if score != "" else "", float(top), status)
                for s, n, e, score, top, status in reader]


def differences(expected, got):
    """The rows where two grade tables differ, as lines of text (empty when they are equal row for row)."""
    lines = [f"{len(expected)} rows expected, {len(got)} graded"] if len(expected) != len(got) else []
    lines += [f"expected {want}\n     got {have}" for want, have in zip(expected, got) if want != have]
    return lines


@pytest.mark.slow
def test_the_synthetic_class_gets_the_grade_table_it_gets_today(tmp_path):
    differ = differences(read_table(EXPECTED_TABLE), synthetic_class_table(tmp_path))
    assert not differ, "the grade table differs from tests/grade/expected_grade_table.csv:\n" + "\n".join(differ[:20])


def test_the_stored_table_covers_the_class_and_a_changed_score_is_told(tmp_path):
    """The stored table covers every notebook and student of the class with full and zero scores, reads
    back to the rows it was written from, and a table with one score changed is told apart, row and all."""
    expected = read_table(EXPECTED_TABLE)
    assert {row[1] for row in expected} == set(notebooks.names())
    assert {row[0] for row in expected} == {f"student{i:03d}" for i in range(TABLE_STUDENTS)}
    assert any(row[3] == row[4] for row in expected) and any(row[3] == 0.0 for row in expected)
    write_table(expected, tmp_path / "again.csv")
    assert read_table(tmp_path / "again.csv") == expected
    assert differences(expected, list(expected)) == []
    changed = list(expected)
    at = next(i for i, row in enumerate(changed) if row[3] == row[4])
    changed[at] = changed[at][:3] + (changed[at][4] - 1,) + changed[at][4:]
    assert differences(expected, changed) == [f"expected {expected[at]}\n     got {changed[at]}"]
    assert differences(expected, expected[:-1])[0] == f"{len(expected)} rows expected, {len(expected) - 1} graded"


if __name__ == "__main__":
    if sys.argv[1:] != ["--write-expected"]:
        sys.exit(f"usage: python {Path(__file__).name} --write-expected  (grades the synthetic class and writes "
                 f"{EXPECTED_TABLE.name}); got {' '.join(sys.argv[1:]) or 'no argument'}")
    with tempfile.TemporaryDirectory(prefix="grade-table-") as folder:
        written = synthetic_class_table(folder)
    write_table(written, EXPECTED_TABLE)
    print(f"{len(written)} rows written to {EXPECTED_TABLE}")
