"""The trusted kernel a grading worker keeps between notebooks (autograder.grade.trusted) is as good as new
for the next one, is really kept, and is never kept when it may not be.

The kept kernel runs only the instructor's cells and the checks; what they change is what must not
reach the next notebook: ``test_reset_leaves_nothing_of_the_last_notebook`` changes every kind of state
in a real kernel (a global, a proxy-holding cache of the checks, module attributes of the course's
packages, numpy's random state, error handling and print options, the warnings filters, matplotlib's
settings and figures, environment variables, ``sys.path``, IPython's event hooks, exception handler,
history and execution count, and the submission's process) and finds all of it undone by the reset.
The grading tests grade real submissions by the real commands, one after another in one worker:
each submission's own process, the kernel kept (the same process grades all), a new kernel after a
submission's process died and after the settings changed, none kept with ``keep_kernel = False``.
The other isolation tests (``tests/grade/test_isolation.py``: a submission looking for another's
traces, and the synthetic class's grade table) run with the kernel kept as well.
"""
import json
import os
import textwrap

import nbformat
import pytest
from jupyter_client.manager import KernelManager

from autograder.grade import batch, execute
from autograder.__main__ import main
from helpers import NAME, course_with_release, hand_in, rows, solution, with_answer

#: describes, in the kernel, everything a reset must restore (as JSON on stdout)
DESCRIBE = textwrap.dedent("""\
    import json as _j, os as _os, sys as _sys, warnings as _w
    import matplotlib as _mpl, matplotlib.pyplot as _plt, numpy as _np
    _ip = get_ipython()
    print(_j.dumps({
        "errors": _np.geterr(), "print": repr(sorted(_np.get_printoptions().items())),
        "warnings": repr(_w.filters), "showwarning": repr(_w.showwarning),
        "rc": repr(sorted((k, repr(v)) for k, v in _mpl.rcParams.items())),
        "environ": sorted(_os.environ.items()), "path": list(_sys.path),
        "events": {k: [repr(f) for f in v] for k, v in _ip.events.callbacks.items()},
        "custom_exceptions": repr(_ip.custom_exceptions), "execution_count": _ip.execution_count,
        "course_modules": sorted(m for m in _sys.modules if m.split(".")[0] in ("testcases", "dnn_utils")),
        "figures": _plt.get_fignums(),
    }))
""")

#: changes every kind of state a notebook's instructor cells and checks could change
POLLUTE = textwrap.dedent("""\
    import os, sys, warnings, random
    import matplotlib, matplotlib.pyplot as plt, numpy as np
    import dnn_utils, testcases.checks, testcases.nb01
    from autograder.sandbox import bubblewrap
    _grading_sandbox = bubblewrap.start(globals(), "01_init", sandboxed=True, folder=None)
    _grading_sandbox.run_cell("def initialize_parameters(n_x, n_h, n_y):\\n    return {'W1': n_x}\\n")
    left_global = "from the last notebook"
    dnn_utils.left_attribute = testcases.nb01.left_attribute = initialize_parameters
    np.seterr(all="raise"); np.set_printoptions(precision=2, threshold=5)
    warnings.simplefilter("error"); warnings.showwarning = lambda *a, **k: None
    matplotlib.rcParams["lines.linewidth"] = 9.0; plt.figure(); plt.plot([1, 2])
    os.environ["LEFT_BY_THE_LAST_NOTEBOOK"] = "1"; sys.path.insert(0, "/left/by/the/last")
    get_ipython().events.register("pre_run_cell", lambda info: None)
    get_ipython().set_custom_exc((ValueError,), lambda *a, **k: None)
    np.random.seed(7); random.seed(7)
    print(json.dumps({"pid": _grading_sandbox.process.pid}))
""")


def run(kc, code):
    """Execute ``code`` in the kernel; its stdout (an error fails the test)."""
    out = []

    def hook(msg):
        if msg["msg_type"] == "stream":
            out.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            out.append("\n".join(msg["content"]["traceback"]))

    reply = kc.execute_interactive(code, timeout=120, output_hook=hook)
    assert reply["content"]["status"] == "ok", "".join(out)
    return "".join(out)


def last_json(text):
    return json.loads(text.strip().splitlines()[-1])


@pytest.fixture
def kernel(tmp_path):
    km = KernelManager(kernel_name="python3")
    km.start_kernel(cwd=str(tmp_path), extra_arguments=["--IPKernelApp.log_level=ERROR"])
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    try:
        yield kc
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


@pytest.mark.slow
def test_reset_leaves_nothing_of_the_last_notebook(kernel, tmp_path):
    run(kernel, f"import json\nfrom autograder.grade import trusted\ntrusted.begin({str(tmp_path)!r})\n")
    new = last_json(run(kernel, DESCRIBE))
    pid = last_json(run(kernel, POLLUTE))["pid"]
    polluted = last_json(run(kernel, DESCRIBE))
    # every kind of state was changed (else the comparison below proves nothing); but the kernel's
    # inline backend closes a cell's figures when the cell ends
    changed = {key for key in new if new[key] != polluted[key]}
    assert changed == set(new) - {"figures"}, set(new) - changed
    run(kernel, "from autograder.grade import trusted as _t\n_t.reset()\n")
    after = last_json(run(kernel, DESCRIBE))
    for key in new:
        if key == "execution_count":
            continue
        assert after[key] == new[key], (key, new[key], after[key])
    # a new session: the first cell after the reset counts from 1 again, like a new kernel's
    assert after["execution_count"] <= 3, after["execution_count"]
    left = last_json(run(kernel, "import json as _j\nfrom autograder.grade import trusted as _t\n"
                                 "print(_j.dumps(_t.leftovers()))"))
    assert left == {"names": [], "modules": [], "figures": []}, left
    # numpy's and random's global random state are seeded anew, not left as the last notebook set them
    fresh = last_json(run(kernel, "import json, random, numpy as np\n"
                                  "a = float(np.random.rand()); b = random.random()\n"
                                  "np.random.seed(7); random.seed(7)\n"
                                  "print(json.dumps([a, b, float(np.random.rand()), random.random()]))"))
    assert fresh[0] != fresh[2] and fresh[1] != fresh[3], fresh
    # the submission's process is gone
    assert not os.path.exists(f"/proc/{pid}") or open(f"/proc/{pid}/stat").read().split(")")[1].split()[0] == "Z"


def kept_pid():
    km = execute._KEPT.get("km")
    return km.provisioner.process.pid if km is not None else None


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


#: an answer whose process dies when the check calls it
DIES = "def initialize_parameters(n_x, n_h, n_y, seed=1):\n    import os\n    os._exit(3)\n"


@pytest.mark.slow
def test_one_worker_keeps_its_kernel_and_starts_a_new_one_only_when_it_must(tmp_path, monkeypatch, capsys):
    """Four submissions graded by one worker in the test's process: the first two by one kept kernel;
    the third's process dies in a cell, so a new kernel grades the rest of it and is kept (the old one
    ended); the environment changes before the fourth, whose kernel is started anew (the kept one
    ended). Every grade is the one a new kernel gives."""
    execute.end_kept_kernel()
    students = ["s1_right", "s2_right", "s3_dies", "s4_right"]
    files = {s: nbformat.writes(solution()).encode() for s in students}
    files["s3_dies"] = nbformat.writes(with_answer(solution(), "initialize_parameters", DIES)).encode()
    root = course_with_release(tmp_path)
    assert main(["collect", NAME, "--course", str(root), "--from", str(hand_in(tmp_path, files))]) == 0
    pids = []
    for student in students:
        if student == "s4_right":
            monkeypatch.setenv("DNN_COURSE_TEST_SETTING", "changed")
        state = batch.grade_one(root, student, NAME)
        assert state["status"] == "graded", state
        pids.append(kept_pid())
    assert None not in pids, pids
    assert pids[0] == pids[1], "the kernel was not kept from one notebook to the next"
    assert pids[2] != pids[1] and not alive(pids[1]), "the kernel that lost its submission's process was kept"
    assert pids[3] != pids[2] and not alive(pids[2]), "a kernel started with other settings was kept"
    graded = rows(root)
    for student in ("s1_right", "s2_right", "s4_right"):
        assert {k[1]: v["status"] for k, v in graded.items() if k[0] == student} == {
            "test_initialize_parameters": "passed", "test_initialize_parameters_deep": "passed"}, graded
    assert graded[("s3_dies", "test_initialize_parameters")]["status"] == "kernel died"
    assert graded[("s3_dies", "test_initialize_parameters_deep")]["status"] == "passed"
    execute.end_kept_kernel()
    assert not alive(pids[3])


@pytest.mark.slow
def test_no_kernel_is_kept_when_the_course_says_so(tmp_path):
    execute.end_kept_kernel()
    root = course_with_release(tmp_path)
    files = {"only": nbformat.writes(solution()).encode()}
    assert main(["collect", NAME, "--course", str(root), "--from", str(hand_in(tmp_path, files))]) == 0
    config = root / "nbgrader_config.py"
    config.write_text(config.read_text() + "c.CourseExecute.keep_kernel = False\n")
    assert batch.grade_one(root, "only", NAME)["status"] == "graded"
    assert kept_pid() is None
    assert rows(root)[("only", "test_initialize_parameters")]["status"] == "passed"
