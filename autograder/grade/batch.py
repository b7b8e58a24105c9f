"""Grading a class: autograde every submission (in parallel, resumable), and an exercise's status
(the grade table and the class report built on it are in :mod:`report.tables`).

For each submission of a notebook the batch

1. reads the collected file (:func:`submissions.read`); a file that is not a valid notebook, is
   another notebook or is over the bounds gets the status ``invalid`` with the reason, and the
   batch goes on;
2. rebuilds it on the released notebook (:func:`submissions.canonical`) into ``course/prepared/``,
   so that nbgrader's own passes read a well-formed notebook;
3. runs nbgrader ``autograde`` on it, its autograde pass alone (:func:`_prepared_autograde`: the
   sanitize pass has nothing left to do on a rebuilt notebook), whose execution is
   :class:`execute.CourseExecute`: the one rebuild that counts (the release and the gradebook's
   test cells, hidden tests included), then the student's cells (definitions only) in a sandboxed
   process of their own, the instructor's cells and the checks in a trusted kernel, a per-cell
   timeout, restarts after a dead process; nbgrader's gradebooks share one SQLAlchemy engine per
   URL in the grading process (:func:`course.shared_engine`);
4. records the outcome in ``course/grading/<student>/<NN_name>.json``, written last and atomically.

A batch that is stopped part-way resumes where it stopped: a submission whose record matches
the collected file is not graded again (``--force`` regrades everything). Grading is
deterministic, so a second run gives the same grades.

Two batches may run at once on one course directory (two instructors, two machines given the same
part): each submission is graded under a lock of its own (``<NN_name>.lock`` beside its record, a
POSIX record lock, which NFS carries too): a batch grades first what no other batch is grading,
then waits for the rest and finds it graded. The lock goes with the process that holds it, however
that ends.
"""
import contextlib
import fcntl
import functools
import json
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from multiprocessing import get_context
from pathlib import Path

import nbformat

from ..build import versions
from ..collect import lms, submissions
from . import course

STATE_DIR = "grading"
#: what every status of a submission graded without a sandbox ends with
UNSANDBOXED = " (unsandboxed)"
PREPARED_DIR = "prepared"


def state_path(root, student, name):
    return Path(root) / STATE_DIR / student / f"{name}.json"


def read_state(root, student, name):
    path = state_path(root, student, name)
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def _write_state(root, student, name, state):
    path = state_path(root, student, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.part")
    tmp.write_text(json.dumps(state, indent=1, sort_keys=True))
    tmp.replace(path)


@contextlib.contextmanager
def _held(path, wait=True):
    """Hold the lock ``path``: yields True, having waited while another process held it; with
    ``wait=False`` yields False at once instead of waiting."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as lock:
        try:
            fcntl.lockf(lock, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except (BlockingIOError, PermissionError):     # held elsewhere (EAGAIN, or EACCES on some systems)
            yield False
            return
        try:
            yield True
        finally:
            fcntl.lockf(lock, fcntl.LOCK_UN)


def _release(root, name):
    path = versions.release_path(root, name)
    if not path.exists():
        with _held(Path(root) / STATE_DIR / f"release-{name}.lock"):   # two batches at once release it once
            if not path.exists():
                versions.write_student_versions([name], root=root)
    return nbformat.read(path, as_version=4)


def grade_one(root, student, name, force=False, timeout=None, sandbox=True, wait=True):
    """Grade one submission; returns its state dict (also written to the grading folder).

    sandbox -- False grades without bubblewrap (the statuses then say so)
    wait -- False returns None at once when another process is grading this submission
    """
    root = Path(root)
    with _held(state_path(root, student, name).with_suffix(".lock"), wait) as held:
        return _grade_one(root, student, name, force, timeout, sandbox) if held else None


def _grade_one(root, student, name, force, timeout, sandbox):
    raw = lms.submission_path(root, student, name)
    data = raw.read_bytes()
    sha = submissions.digest(data)
    state = read_state(root, student, name)
    if (not force and state and state.get("sha256") == sha and state.get("status") in ("graded", "invalid")
            and state.get("sandboxed", True) == sandbox):
        return dict(state, skipped=True)
    release = _release(root, name)
    started = time.perf_counter()
    try:
        nb = submissions.canonical(submissions.read(raw, name, release), release)
    except submissions.InvalidSubmission as error:
        state = {"status": "invalid", "detail": str(error), "sha256": sha}
    else:
        prepared = Path(root) / PREPARED_DIR / student / name
        prepared.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, prepared / f"{name}.ipynb")
        if (raw.parent / "timestamp.txt").exists():
            shutil.copyfile(raw.parent / "timestamp.txt", prepared / "timestamp.txt")
        result = _autograde_with_retries(root, student, name, timeout, sandbox)
        state = {"status": "graded" if result.get("success") else "error", "sha256": sha, "sandboxed": sandbox}
        if not result.get("success"):
            state["detail"] = (result.get("error") or result.get("log") or "")[-2000:]
    state["seconds"] = round(time.perf_counter() - started, 2)
    state["graded_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    _write_state(root, student, name, state)
    return state


#: what nbgrader's log says when grading again a moment later will do: another worker holds the SQLite
#: gradebook, or added the same student a moment before (nbgrader's check-then-insert races between
#: workers grading two notebooks of one student), or the gradebook's server is restarting
TRANSIENT = ("database is locked", "UNIQUE constraint failed", "duplicate key value violates unique constraint",
             "server closed the connection unexpectedly", "could not connect to server", "connection to server",
             "terminating connection due to administrator command", "the database system is starting up",
             "the database system is shutting down", "SSL connection has been closed unexpectedly")


#: how often a step that meets a TRANSIENT error is tried, and the pause after the n-th try (about
#: 20 s in all: a database restart)
ATTEMPTS = 8


def _transient(text):
    return any(race in text for race in TRANSIENT)


def _pause(attempt):
    time.sleep(0.5 * (attempt + 1))


def _autograde_with_retries(root, student, name, timeout=None, sandbox=True, attempts=ATTEMPTS):
    """nbgrader autograde of the prepared submission, retried while the gradebook is busy or away
    (TRANSIENT); nbgrader's gradebooks share one engine per URL in this process
    (:func:`course.share_engines`), and a retry starts with a new one."""
    course.share_engines()
    for attempt in range(attempts):
        grader = course.api(root, timeout=timeout, sandbox=sandbox, submitted_directory=PREPARED_DIR)
        result = _autograde(grader, name, student)
        text = f"{result.get('error', '')}{result.get('log', '')}"
        if result.get("success") or not _transient(text):
            return result
        course.forget_engine(grader.coursedir.db_url)
        _pause(attempt)
    return result


def _autograde(grader, name, student):
    """nbgrader's ``autograde`` of ``student``'s prepared notebook ``name`` (as ``NbGraderAPI.autograde``
    with ``force`` and ``create``), in one pass: see :func:`_prepared_autograde`."""
    from nbgrader.utils import capture_log

    coursedir = grader.coursedir
    saved = coursedir.assignment_id, coursedir.student_id
    coursedir.assignment_id, coursedir.student_id = name, student
    try:
        converter = _prepared_autograde()(coursedir=coursedir, parent=grader)
        converter.force = True
        converter.create_student = True
        return capture_log(converter)
    finally:
        coursedir.assignment_id, coursedir.student_id = saved


@functools.cache
def _prepared_autograde():
    """nbgrader's ``Autograde`` converter for a submission already rebuilt on the release
    (``course/prepared/``, by :func:`submissions.canonical`): its autograde pass alone.

    nbgrader's ``autograde`` first runs a *sanitize* pass (``ClearOutput``, ``DeduplicateIds``,
    ``OverwriteKernelspec``, ``OverwriteCells``, ``CheckCellMetadata``) that writes the notebook
    out and reads it back for the autograde pass. On a prepared notebook it has nothing to do: every
    cell, id, metadata, point value and the kernelspec are the release's, the student's cells carry
    their source alone and no outputs; and the autograde pass rebuilds the notebook on the release
    again (:class:`execute.CourseExecute`), test cells from the gradebook, so that what the sanitize
    pass would have changed is not what is graded anyway (``tests/grade/test_grading_overhead.py``
    checks both). The notebook is validated once, after the last of the autograde pass's
    preprocessors, rather than after each of them."""
    from nbgrader.converters import Autograde
    from nbgrader.converters.base import BaseConverter
    from nbgrader.utils import setenv

    class PreparedAutograde(Autograde):
        @property
        def _input_directory(self):
            return self.coursedir.submitted_directory

        def convert_single_notebook(self, notebook_filename):
            self._sanitizing = False
            self._init_preprocessors()
            self.exporter.optimistic_validation = True
            with setenv(NBGRADER_EXECUTION="autograde"):
                BaseConverter.convert_single_notebook(self, notebook_filename)

    return PreparedAutograde


class NotReady(RuntimeError):
    """The course directory cannot be graded yet (a notebook not released, or not into this
    gradebook, or the gradebook out of reach); the message says what to do."""


def _shown(url):
    """The gradebook's URL with its password hidden."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def notebooks_unknown_to_gradebook(root, names, attempts=ATTEMPTS):
    """The notebooks of ``names`` that the course's gradebook has no record of (nbgrader cannot grade
    them); NotReady when the gradebook cannot be reached, after retrying as long as a restart takes."""
    from nbgrader.api import MissingEntry
    from sqlalchemy.exc import SQLAlchemyError

    for attempt in range(attempts):
        try:
            with course.gradebook(root) as gb:
                unknown = []
                for name in names:
                    try:
                        gb.find_notebook(name, name)
                    except MissingEntry:
                        unknown.append(name)
                return unknown
        except SQLAlchemyError as error:
            text = str(error).strip()
            if attempt + 1 == attempts or not _transient(text):
                raise NotReady(f"cannot reach the gradebook {_shown(course.db_url(root))}: "
                               f"{text.splitlines()[0] if text else type(error).__name__} (check c.CourseDirectory.db_url "
                               "in the course directory's nbgrader_config.py, or grade again once the database is back)") from None
            _pause(attempt)


def in_shard(student, shard):
    """Whether ``student`` belongs to ``shard = (k, n)``: the k-th of n disjoint parts of a class
    (stable across machines: by a hash of the student id)."""
    if shard is None:
        return True
    k, n = shard
    return int(submissions.digest(student.encode())[:8], 16) % n == k - 1


def autograde(root, names, workers=None, force=False, progress=print, timeout=None, shard=None, sandbox=True):
    """Autograde every collected submission of ``names``; returns {(student, name): state}.

    shard -- (k, n) to grade only the k-th of n parts of the class (one part per machine)
    sandbox -- False grades without bubblewrap (every status then says so)
    """
    root = Path(root)
    if shard is not None:   # machines grading parts of one class must not all make the release at once
        missing = [name for name in names if not versions.release_path(root, name).exists()]
        if missing:
            raise NotReady(f"{', '.join(missing)} not released in {root}: release once (make release) "
                           "before grading the class in parts")
    for name in names:  # the gradebook must know the assignment before any worker starts
        _release(root, name)
    unknown = notebooks_unknown_to_gradebook(root, names)
    if unknown:
        raise NotReady(f"the gradebook {_shown(course.db_url(root))} does not know {', '.join(unknown)}: it was "
                       f"released into another gradebook (before c.CourseDirectory.db_url was set or changed?); "
                       f"release it again (make release COURSE={root} NB=...) and grade")
    tasks = [(str(root), student, name, force, timeout, sandbox) for name in names
             for student in course.submitted_students(root, name) if in_shard(student, shard)]
    workers = workers or min(os.cpu_count() or 1, max(1, len(tasks)))
    parallel = workers > 1 and len(tasks) > 1
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) if parallel else None
    results, busy = {}, []
    try:
        # first what no other batch is grading; then, waiting for them, what others were grading
        for wait, batch in ((False, tasks), (True, busy)):
            for task, state in zip(batch, (pool.map if pool else map)(_task, [(*t, wait) for t in batch])):
                if state is None:
                    busy.append(task)
                    continue
                student, name = task[1], task[2]
                results[(student, name)] = state
                if progress:
                    if state["status"] == "graded":     # its score and outcome, as the grade table reads them
                        from ..report.tables import submission_summary

                        try:
                            state = results[(student, name)] = dict(state, **submission_summary(root, student, name))
                        except Exception as error:      # the line only: the grade is recorded, the batch goes on
                            state = dict(state, unread=f"{type(error).__name__}: {error}".splitlines()[0])
                    progress(progress_line(name, student, state))
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)
    return results


def _task(args):
    return grade_one(*args)


def progress_line(name, student, state):
    """What ``autograde`` prints for one submission: ``autograde 04_backward alice 7/9: graded``, the
    score before the colon (from the gradebook) and the outcome after it: graded, timeout or kernel
    died (in which exercises), invalid or error (and why), or already graded (by an earlier run)."""
    score = f" {state['score']:g}/{state['max_score']:g}" if "score" in state else ""
    if state.get("skipped"):
        what = "already graded"
    elif state.get("stopped"):
        what = f"{state['outcome']} in {', '.join(state['stopped'])}"
    else:
        what = state["status"]
    detail = f" ({state['detail'].splitlines()[0]})" if state.get("detail") and state["status"] != "graded" else ""
    if state.get("unread"):
        detail = f" (its score could not be read: {state['unread']})"
    return f"autograde {name} {student}{score}: {what}{detail}"


# ---- an exercise's status (the grade table and the report are in report/tables.py) ------------

def _exercise_status(cell, answer_untouched):
    """(status, mistake) of an executed test cell. Passed or failed is nbgrader's own reading (an
    error output fails the cell); what the status adds and the mistake named come only from the
    checks' verdicts (:mod:`testcases.verdicts`), never from what the cell printed, which the
    student's code writes into too."""
    from testcases import verdicts

    outputs = cell.get("outputs", [])
    errors = [o for o in outputs if o.get("output_type") == "error"]
    stderr = [o for o in outputs if o.get("output_type") == "stream" and o.get("name") == "stderr"]
    said = verdicts.read(outputs)
    if not errors and not stderr:
        on = next((v["on"] for v in said if v.get("status") == "passed" and isinstance(v.get("on"), str)), None)
        return (f"passed, on the course's {on}" if on else "passed"), None
    if answer_untouched:
        return "not attempted", None
    if not errors:
        return "failed: wrote to stderr", None
    error = errors[-1]
    ename, evalue = error.get("ename", ""), error.get("evalue", "")
    if ename in ("CellTimeoutError", "NotebookTimeout"):
        return "timeout", None
    if ename == "KernelDied":
        return "kernel died", None
    failed = [v for v in said if v.get("status") == "failed"]
    if failed:
        problem, hint = failed[-1].get("problem"), failed[-1].get("hint")
        first = problem.split("\n")[0] if isinstance(problem, str) and problem.strip() else ename
        hint = hint if isinstance(hint, str) else None
    else:
        first, hint = (evalue.splitlines()[0] if evalue.strip() else ename), None
    return " ".join(f"failed: {first}".split())[:200], hint and " ".join(hint.split())
