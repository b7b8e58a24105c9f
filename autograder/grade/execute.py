"""How a submission is executed while it is graded: its code in a sandbox, every verdict outside it.

nbgrader runs a notebook's cells in one kernel. :class:`CourseExecute` (nbgrader's ``Execute``,
configured in ``nbgrader_config.py``) makes that kernel the *trusted* one and gives the student's
code a process of its own (:mod:`autograder.sandbox.bubblewrap`):

- the instructor's cells (imports, given code, demonstrations, test cells) run in the trusted
  kernel, as released, and so do the checks;
- every cell the student wrote (answer cells and cells they added) runs in the submission's
  sandboxed process, as definitions only (:mod:`autograder.grade.definitions`); what it defines becomes
  a proxy in the trusted kernel, and a call carries only data both ways;
- a cell that kills the submission's process (``os._exit``, a crash, memory past the limit) or
  outlives the per-cell timeout (even one that ignores interrupts: its process is killed) gets an
  error output; both processes are started again, the cells that ran well before it are replayed,
  and grading goes on with the next cell, so the tests before it keep their points and the ones
  after it still run;
- warnings go to stdout, and so does everything the submission prints, stderr included: nbgrader
  scores a test cell with stderr output 0, and a right answer that logs keeps its points;
- the trusted kernel is kept for the next notebook this process grades, made as new
  by a reset (:mod:`autograder.grade.trusted`), unless the reset fails or the process's environment has
  changed since the kernel started (after a restart, the new kernel is the one kept); the
  submission's process is never kept;
- the figures of a demonstration that grading shortens are not drawn (the feedback leaves that
  cell's outputs out).

Settings (``c.CourseExecute.*`` in ``nbgrader_config.py``): ``sandbox`` (default True; False grades
without bubblewrap, and every status says so), ``memory_limit_mb`` (4096) and ``max_processes``
(64) of the submission's process, ``notebook_timeout`` (1200 s for one notebook submission in all),
``keep_kernel`` (default True).
"""
import atexit
import multiprocessing.util
import os
import re
import time
from queue import Empty
from pathlib import Path

import nbformat
from jupyter_client.asynchronous import AsyncKernelClient
from nbclient.exceptions import DeadKernelError
from jupyter_core.utils import run_sync
from nbformat.v4 import new_code_cell, new_output
from nbgrader.preprocessors import Execute
from traitlets import Bool, Int

from ..collect.submissions import canonical, is_instructor_cell
from ..report.feedback import shortened_cells
from ..sandbox import bubblewrap
from ..sandbox.bubblewrap import INTERNAL
from .definitions import as_python, definitions_only

#: runs once in every trusted kernel (and again after a restart), before any cell
PREAMBLE = INTERNAL + """\
from autograder.grade import trusted as _grading_trusted
_grading_trusted.begin(%(cwd)r)
del _grading_trusted
import sys as _grading_sys, warnings as _grading_warnings
def _grading_showwarning(message, category, filename, lineno, file=None, line=None):
    _grading_sys.stdout.write(_grading_warnings.formatwarning(message, category, filename, lineno, line))
_grading_warnings.showwarning = _grading_showwarning
del _grading_showwarning
from autograder.sandbox.bubblewrap import start as _grading_start
_grading_sandbox = _grading_start(globals(), %(notebook)r, sandboxed=%(sandboxed)r, memory_mb=%(memory)r,
                                  max_processes=%(processes)r, folder=%(folder)r, tests=%(tests)r)
del _grading_start
"""


#: runs in the trusted kernel after each notebook: the kernel as new for the next one (autograder.grade.trusted)
RESET = INTERNAL + """\
from autograder.grade import trusted as _grading_trusted
_grading_trusted.reset()
"""

#: run before and after a shortened demonstration's cell: its figures are not drawn (autograder.grade.trusted)
UNDRAWN, DRAWN = (INTERNAL + "from autograder.grade import trusted as _grading_trusted\n"
                  f"_grading_trusted.draw_figures({drawn})\ndel _grading_trusted\n" for drawn in (False, True))

#: what an undrawn figure leaves in the notebook instead of its picture: matplotlib's text of it
_FIGURE_TEXT = re.compile(r"<Figure size \S+ with \d+ Axes>")

#: in the graded notebook (the instructor's view) in place of a shortened demonstration's figures
UNDRAWN_NOTE = ("[The grader did not draw this cell's figures: the demonstration ran shortened while grading, "
                "and the student's feedback leaves its outputs out.]\n")


def without_figure_texts(outputs):
    """``outputs`` without the text that an undrawn figure leaves (``<Figure size 640x480 with 1 Axes>``),
    and one note in its place if there was any."""
    kept = [o for o in outputs if not (o.get("output_type") == "display_data" and set(o.get("data", {})) == {"text/plain"}
                                       and _FIGURE_TEXT.fullmatch(str(o["data"]["text/plain"]).strip()))]
    if len(kept) < len(outputs):
        kept.append(new_output("stream", name="stdout", text=UNDRAWN_NOTE))
    return kept


#: the trusted kernel this process keeps between notebooks: {"km": its manager, "key": what it was started
#: with, "pid": the process that keeps it (a forked child ends none of its parent's)}
_KEPT = {}


def _end(km):
    """End a kept kernel (and with it its submission's process, if one is left)."""
    try:
        run_sync(km.shutdown_kernel)(now=True)
    except Exception:                        # already gone: nothing left to end
        pass


def end_kept_kernel():
    """End the kernel this process keeps, if any (at the process's exit, or when the settings change)."""
    km, pid = _KEPT.pop("km", None), _KEPT.pop("pid", None)
    _KEPT.clear()
    if km is not None and pid == os.getpid():
        _end(km)


atexit.register(end_kept_kernel)
multiprocessing.util.Finalize(None, end_kept_kernel, exitpriority=10)   # a pool's worker ends without atexit


#: the error of a cell not run because its notebook's time ran out
NOTEBOOK_TIMEOUT = "NotebookTimeout"


def _error(ename, evalue):
    return new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


_SANDBOX_PROBLEM = {}


def sandbox_problem():
    """Why no sandbox can start here (a sentence with what to do), or None; asked once per process
    and bubblewrap binary."""
    binary = bubblewrap.bwrap()
    if binary not in _SANDBOX_PROBLEM:
        reason = bubblewrap.unavailable_reason()
        _SANDBOX_PROBLEM[binary] = None if reason is None else bubblewrap.INSTALL_HINT.format(why=reason)
    return _SANDBOX_PROBLEM[binary]


class ReadyClient(AsyncKernelClient):
    """The kernel client of one notebook, ready as soon as the kernel has answered it on both channels.

    jupyter_client's ``wait_for_ready`` ends by draining the IOPub channel until it stays quiet for
    0.2 s, which a client of a kept kernel pays for every notebook (1.8 s of each full submission)
    with nothing to drain: nbclient reads only the outputs whose parent is the cell it executes.
    Here a ``kernel_info`` request is ready when its reply has come on the shell channel and its
    ``idle`` status on IOPub, the last message the kernel publishes for it (so IOPub is connected,
    and nothing of this request is left to read); a request whose status was published before the
    channel had joined is sent again, 0.2 s later.
    """

    async def _ready(self, timeout=None):
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            msg_id = self.kernel_info()
            reply = await self._first(self.shell_channel, msg_id, min(1.0, max(0.0, deadline - time.monotonic())))
            if reply is not None and await self._first(self.iopub_channel, msg_id, 0.2, "idle") is not None:
                self._handle_kernel_info_reply(reply)
                return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")

    wait_for_ready = _ready

    @staticmethod
    async def _first(channel, msg_id, timeout, state=None):
        """The first message on ``channel`` in answer to ``msg_id`` (with ``state``: its status message
        of that execution state) that comes within ``timeout`` seconds, else None."""
        end = time.monotonic() + timeout
        while True:
            try:
                msg = await channel.get_msg(timeout=max(0.0, end - time.monotonic()))
            except Empty:
                return None
            if msg["parent_header"].get("msg_id") == msg_id and (
                    state is None or (msg["msg_type"] == "status" and msg["content"].get("execution_state") == state)):
                return msg


class CourseExecute(Execute):
    """nbgrader's Execute with the student's cells in a sandbox, restarts and warnings on stdout."""

    sandbox = Bool(True, help="Run the student's code in a bubblewrap sandbox (False: in a plain "
                              "process of its own; every status then says so).").tag(config=True)
    memory_limit_mb = Int(4096, help="Address space of the submission's process, in MB.").tag(config=True)
    notebook_timeout = Int(1200, help="Seconds one notebook submission may take in all; the cells not run by "
                                      "then get an error output (NotebookTimeout) and grading goes on with "
                                      "the next submission.").tag(config=True)
    max_processes = Int(64, help="Processes and threads the submission may run at once (when grading "
                                 "runs as root, which gives each sandbox a user of its own).").tag(config=True)
    keep_kernel = Bool(True, help="Keep the trusted kernel for the next notebook this process grades, reset "
                                  "(autograder.grade.trusted) rather than started anew (False: a new kernel for "
                                  "every notebook, as slow as safe).").tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        if self.sandbox and sandbox_problem():
            raise bubblewrap.SandboxUnavailable(sandbox_problem())
        # the trusted kernel runs nothing that needs a graceful end, and its submission's process
        # dies with it; a graceful shutdown would wait seconds for the kernel's pipes
        self.shutdown_kernel = "immediate"
        grading = (resources or {}).get("nbgrader") or {}
        self._notebook = grading.get("notebook", "")
        self._deadline = time.monotonic() + self.notebook_timeout
        nb = self._canonical(nb, grading)
        # the cells of demonstrations that grading shortens: their outputs are left out of the
        # feedback, so their figures are not drawn (a third of the work of 05 to 09)
        self._undrawn = set(shortened_cells(nb))
        self._replay = []          # sources that rebuild the kernels' state after a restart
        # the test cells (hidden tests included), whose definitions the submission's process never gets
        self._tests = [cell.source for cell in nb.cells if cell.metadata.get("nbgrader", {}).get("grade")]
        self._needs_preamble = True
        # the submission's packages, made here and removed here: its kernel is killed, not ended
        self._folder = bubblewrap.grading_folder(self._notebook)
        self.nb = nb
        key = self._kernel_key()
        if km is None:
            km = self._kept_kernel(key) if self.keep_kernel else None
            km = km or self.create_kernel_manager()     # not owned by nbclient: this method ends or keeps it
        clean = False
        try:
            nb, resources = super().preprocess(nb, resources, km=km)
            clean = self.keep_kernel and self._reset()
            return nb, resources
        finally:
            if clean:
                self._keep(key)
            elif self.km is not None:
                self._cleanup_kernel()
            bubblewrap.remove_tree(self._folder)

    def create_kernel_manager(self):
        km = super().create_kernel_manager()
        km.client_factory = ReadyClient
        return km

    def _kernel_key(self):
        """What a kept kernel must have been started with to grade this notebook: the kernel, its
        arguments and this process's environment (the sandbox's settings are read from it)."""
        name = self.kernel_name or self.nb.metadata.get("kernelspec", {}).get("name", "")
        return name, tuple(self.extra_arguments), tuple(sorted(os.environ.items()))

    @staticmethod
    def _kept_kernel(key):
        """The kernel manager this process kept, if its kernel was started with ``key`` and is alive;
        else None (and a kept kernel started otherwise is ended)."""
        km, kept_key = _KEPT.pop("km", None), _KEPT.pop("key", None)
        if km is None or _KEPT.pop("pid", None) != os.getpid():    # none, or a forked parent's
            _KEPT.clear()
            return None
        if kept_key != key or not run_sync(km.is_alive)():
            _end(km)
            return None
        return km

    def _reset(self):
        """After the notebook: the trusted kernel as new (its submission's process ended); whether
        that went well, so that the kernel may be kept."""
        if self.kc is None or self.km is None:
            return False
        try:
            done = self._run_silently(RESET, 0)
        except Exception:                          # a dead kernel, a timeout: it is ended, not kept
            return False
        return not [o for o in done.outputs if o.output_type == "error"]

    def _keep(self, key):
        """Keep the kernel for the next notebook: its manager and its key. The client is not kept: its
        channels belong to this notebook's event loop, and a client kept into another loop (a new one
        after a closed one) waits forever for the kernel's output."""
        self.kc.stop_channels()
        _KEPT.update(km=self.km, key=key, pid=os.getpid())
        self.kc = self.km = None

    def _canonical(self, nb, grading):
        """The submission rebuilt on the released notebook, with the instructor's test cells as the
        gradebook holds them, hidden tests included (:func:`submissions.canonical`): which cell is the
        instructor's and which the student's comes from the release, never from what the handed-in
        file's metadata says, whichever command grades (ours, or nbgrader's own)."""
        root = self.config.CourseDirectory.get("root") or "."
        folder = Path(root) / (self.config.CourseDirectory.get("release_directory") or "release")
        release = folder / grading.get("assignment", "") / f"{grading.get('notebook', '')}.ipynb"
        if not release.is_file():
            raise RuntimeError(f"the release of {grading.get('notebook')!r} is not in {folder}: grading "
                               "needs it to tell the instructor's cells from the student's (run the release step)")
        release = nbformat.read(release, as_version=4)
        return canonical(nb, release, self._instructor_tests(release, grading))

    def _instructor_tests(self, release, grading):
        """{grade id: source} of the release's test cells as the gradebook holds them (hidden tests
        included); a test cell the gradebook does not know stops grading (it would lose its hidden part)."""
        from nbgrader.api import Gradebook, MissingEntry

        ids = [c.metadata["nbgrader"]["grade_id"] for c in release.cells
               if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"].get("solution")]
        course_id = self.config.CourseDirectory.get("course_id") or ""
        with Gradebook(grading["db_url"], course_id=course_id) as gb:
            try:
                return {grade_id: gb.find_source_cell(grade_id, grading["notebook"], grading["assignment"]).source
                        for grade_id in ids}
            except MissingEntry as error:
                raise RuntimeError(f"the gradebook has no instructor's source for a test cell of "
                                   f"{grading.get('notebook')!r} ({error}): release it again") from None

    def _run_silently(self, source, index):
        """Execute ``source`` in the kernel, outside the notebook; returns the executed cell, whose
        outputs go nowhere else."""
        cell = self.nb.cells[index]
        try:
            return self.execute_cell(new_code_cell(source), index, store_history=False)
        finally:
            self.nb.cells[index] = cell  # nbclient stores the executed cell at its index

    def _start(self, index):
        """The preamble: warnings to stdout, and the submission's process started."""
        folder = (self.resources.get("metadata") or {}).get("path") or os.getcwd()
        started = self._run_silently(PREAMBLE % {"cwd": str(Path(folder).resolve()), "notebook": self._notebook, "sandboxed": self.sandbox,
                                                 "memory": self.memory_limit_mb, "processes": self.max_processes,
                                                 "folder": str(self._folder), "tests": self._tests}, index)
        errors = [o for o in started.outputs if o.output_type == "error"]
        if errors:
            raise RuntimeError(f"the grader could not start the submission's process: {errors[0].ename}: "
                               f"{errors[0].evalue}")

    def _new_kernel(self, index):
        self._cleanup_kernel()
        self.km = self.create_kernel_manager()
        self.start_new_kernel()
        self.start_new_kernel_client()
        self._start(index)

    def _restart(self, index):
        """Fresh kernels with the state of the cells that ran well before ``index``."""
        self._new_kernel(index)
        for source in self._replay:
            try:
                self._run_silently(source, index)
            except DeadKernelError:  # cannot happen twice for a cell that ran well; never loop
                self._new_kernel(index)
                return

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        if time.monotonic() > self._deadline:
            cell.outputs = [_error(NOTEBOOK_TIMEOUT, f"not run: grading this notebook took longer than its limit of "
                                                     f"{self.notebook_timeout} s")]
            return cell, resources
        if self._needs_preamble:
            self._start(index)
            self._needs_preamble = False
        graded = bool(cell.metadata.get("nbgrader", {}).get("grade"))
        original = cell.source
        left_out = []
        if not is_instructor_cell(cell):
            code, left_out = definitions_only(as_python(original))
            cell.source = INTERNAL + f"_grading_sandbox.run_cell({code!r})"
        timed_out = died = False
        undrawn = index in self._undrawn
        try:
            if undrawn:
                self._run_silently(UNDRAWN, index)
            cell, resources = super().preprocess_cell(cell, resources, index)
            if undrawn:
                self._run_silently(DRAWN, index)
                cell.outputs = without_figure_texts(cell.outputs)
            errors = {o.get("ename") for o in cell.outputs if o.output_type == "error"}
            timed_out = "CellTimeoutError" in errors
            died = "SubmissionDied" in errors and not timed_out
        except DeadKernelError:
            died = True
        finally:
            executed, cell.source = cell.source, original
        if timed_out:
            cell.outputs.append(_error("CellTimeoutError", f"the cell ran longer than {self.timeout} s and was "
                                                           "stopped; grading went on with the next cell"))
        if died:
            cell.outputs = [_error("KernelDied", "the submission's process died while this cell ran (os._exit, "
                                                 f"a crash, or memory past the limit of {self.memory_limit_mb} MB); "
                                                 "grading went on with the next cell")]
        broken = timed_out or died
        if left_out:
            note = ("The grader ran only the definitions in this cell (imports, functions, classes, "
                    "assignments); it left out: " + "; ".join(left_out[:3])
                    + (" ..." if len(left_out) > 3 else "") + "\n")
            cell.outputs.insert(0, new_output("stream", name="stdout", text=note))
        if broken:
            self._restart(index)
        elif not graded:
            self._replay.append(executed)  # test cells change nothing later cells need
        return cell, resources
