"""The wire between the trusted kernel and a submission's process: only data crosses, whatever the
submission sends, and a call through a proxy means what it means in one process."""
import ast
import os
import subprocess
import sys
import threading
import warnings

import numpy as np
import pytest

from autograder.sandbox import bubblewrap, wire
from testcases.checks import CheckFailure


class Recorder(wire.Peer):
    """A peer that hands out numbered handles for anything that is not data."""

    def __init__(self):
        super().__init__(None, None, parity=0)

    def export(self, obj):
        return self._export(obj, "f" if callable(obj) else "o")

    def proxy(self, number, kind, name):
        return ("proxy", number, kind, name)


def round_trip(value, sender=None, receiver=None):
    sender, receiver = sender or Recorder(), receiver or Recorder()
    encoder = wire.Encoder(sender)
    node = encoder.value(value)
    rfd, wfd = os.pipe()
    try:
        wire.write_message(wfd, {"value": node}, encoder.buffers)
        header, buffers = wire.read_message(rfd)
    finally:
        os.close(rfd)
        os.close(wfd)
    return wire.Decoder(receiver, buffers).value(header["value"])


def test_data_comes_back_as_it_went():
    a = np.arange(12.0).reshape(3, 4)
    rng = np.random.RandomState(5)
    rng.randn(3)
    value = {"none": None, "flags": [True, False], "big": 2 ** 80, "floats": (0.1, -0.0, float("inf")),
             "z": 1 - 2j, "text": "naïve", "raw": b"\x00\x01", "W": a, "col": a[:, 1:2], "T": a.T,
             "ints": np.arange(5, dtype=np.int8), "empty": np.zeros((0, 3)), "zero_d": np.array(3.5),
             "scalar": np.float32(1.5), "flag": np.bool_(True), "rng": rng, ("tuple", 1): "key"}
    back = round_trip(value)
    assert back.keys() == value.keys()
    for key in ("W", "col", "T", "ints", "empty", "zero_d"):
        assert back[key].dtype == value[key].dtype and back[key].shape == value[key].shape
        assert np.array_equal(back[key], value[key]) and back[key].flags.writeable
    assert back["big"] == 2 ** 80 and back["floats"] == (0.1, -0.0, float("inf")) and str(back["floats"][1]) == "-0.0"
    assert type(back["scalar"]) is np.float32 and type(back["flag"]) is np.bool_
    assert back["rng"].randn() == rng.randn()  # the same state, so the same next draw
    assert back[("tuple", 1)] == "key" and back["raw"] == b"\x00\x01" and back["z"] == 1 - 2j


def test_aliases_stay_aliases_and_a_subclass_becomes_a_plain_array():
    class Liar(np.ndarray):
        def __eq__(self, other):
            return True

    shared = np.ones(3)
    back = round_trip([shared, shared, np.zeros(2).view(Liar)])
    assert back[0] is back[1]
    assert type(back[2]) is np.ndarray and not (back[2] == np.ones(2)).any()


def test_what_is_not_data_becomes_a_handle():
    def f(x):
        return x

    back = round_trip({"f": f, "o": object(), "objects": np.array([1, None], dtype=object)})
    assert back["f"][0] == "proxy" and back["f"][2:] == ("f", "f")
    assert back["o"][2] == "o" and back["objects"][2] == "o"


@pytest.mark.parametrize("node, problem", [
    (["A", 0, "|O", [1], 0], "does not travel as data"),                     # an object array
    (["A", 0, "V8", [1], 0], "does not travel as data"),                     # raw void
    (["A", 0, "<f8", [3], 0], "do not fit"),                                 # 8 bytes for 3 floats
    (["A", 0, "<f8", [-1], 0], "malformed shape"),
    (["Q", 1, "x", "f"], "malformed handle"),
    (["P", 7], "no object 7"),                                               # nothing was handed out
    (["Z", 9], "no shared value"),
    (["M", 3], "reference to nothing"),
    (["D", 0, [[["L", 1, []], ["N"]]]], "malformed"),                        # an unhashable key
    (["E", 0, ["W1", "b1"], [["N"]]], "malformed dict of names"),            # a name without its value
    (["E", 0, [["W1"]], [["N"]]], "malformed dict of names"),                # a name that is not a string
    (["?"], "unknown tag"),
    ("not a list", "not a value"),
    (["I", "9" * 5000], "malformed"),                                        # past int's digit limit
])
def test_the_decoder_refuses_what_is_not_data(node, problem):
    with pytest.raises(wire.WireError, match=problem):
        wire.Decoder(Recorder(), [bytearray(8)]).value(node)


def test_nesting_past_the_limit_is_refused_both_ways():
    deep = []
    for _ in range(wire.MAX_DEPTH + 5):
        deep = [deep]
    with pytest.raises(ValueError, match="levels deep"):
        wire.Encoder(Recorder()).value(deep)
    node = ["N"]
    for _ in range(wire.MAX_DEPTH + 5):
        node = ["T", [node]]
    with pytest.raises(wire.WireError):
        wire.Decoder(Recorder(), []).value(node)


def test_framing_refuses_oversized_and_malformed_messages():
    rfd, wfd = os.pipe()
    try:
        os.write(wfd, wire._LENGTHS.pack(10, 1 << 40))
        with pytest.raises(wire.WireError, match="over the limit"):
            wire.read_message(rfd)
        os.write(wfd, wire._LENGTHS.pack(wire.MAX_HEADER + 1, 0))   # refused before a byte of it is read
        with pytest.raises(wire.WireError, match="message header of .* over the limit"):
            wire.read_message(rfd)
        os.write(wfd, wire._LENGTHS.pack(5, 0) + b"{nope")
        with pytest.raises(wire.WireError, match="not JSON"):
            wire.read_message(rfd)
        body = b'{"sizes": [4]}'
        os.write(wfd, wire._LENGTHS.pack(len(body), 3) + body + b"abc")
        with pytest.raises(wire.WireError, match="describe its buffers"):
            wire.read_message(rfd)
        os.close(wfd)
        wfd = None
        with pytest.raises(wire.PeerGone):
            wire.read_message(rfd)
    finally:
        os.close(rfd)
        if wfd is not None:
            os.close(wfd)


def test_an_exception_is_rebuilt_from_the_trusted_sides_own_classes():
    def rebuilt(info):
        return wire.rebuild_exception(info, wire.Decoder(Recorder(), []))

    fake = rebuilt({"type": "CheckFailure", "bases": ["CheckFailure", "AssertionError"], "message": "all passed"})
    assert isinstance(fake, AssertionError) and not isinstance(fake, CheckFailure)
    leaving = rebuilt({"type": "SystemExit", "bases": ["SystemExit", "BaseException"], "message": "bye"})
    assert isinstance(leaving, wire.SubmissionError) and not isinstance(leaving, SystemExit)
    key = rebuilt({"type": "KeyError", "bases": [], "message": "'W3'", "args": ["T", [["S", "W3"]]]})
    assert type(key) is KeyError and key.args == ("W3",)
    axis = rebuilt({"type": "AxisError", "bases": ["AxisError", "ValueError", "IndexError"],
                    "message": "axis 1 is out of bounds for array of dimension 1",
                    "args": ["T", [["I", "1"], ["I", "1"], ["N"]]]})   # numpy's own __str__ makes the message
    assert isinstance(axis, ValueError) and str(axis) == "axis 1 is out of bounds for array of dimension 1"
    odd = rebuilt({"type": "not a name!", "bases": ["ValueError"], "message": "x"})
    assert isinstance(odd, ValueError)


def test_assign_changes_in_place_and_keeps_nested_arrays():
    W = np.zeros((2, 2))
    target = {"W1": W, "gone": 1, "layers": [np.zeros(1)]}
    kept = wire.assign(target, {"W1": np.ones((2, 2)), "layers": [np.full(1, 5.0)], "new": 2})
    assert kept is target and target["W1"] is W and np.all(W == 1)
    assert "gone" not in target and target["new"] == 2 and target["layers"][0][0] == 5.0


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16, np.complex64, np.complex128, np.int64])
def test_a_large_arrays_state_is_the_same_only_bit_for_bit(dtype):
    """A shared array past the size compared as bytes is compared as its bits too (as unsigned
    integers of its item's size, where there is one): one element changed is a change, a NaN
    where there was that NaN is not, and neither is a copy of a strided view."""
    a = (np.arange(300 * 300) % 7).astype(dtype).reshape(300, 300)
    assert a.nbytes >= 1 << 16
    assert wire.same_state(a, wire.snapshot(a))
    changed = a.copy()
    changed[123, 45] += 1
    assert not wire.same_state(changed, wire.snapshot(a))
    view = a[::2, 1::3]
    assert wire.same_state(view, wire.snapshot(view)) and wire.same_state(view, view.copy())
    if np.dtype(dtype).kind in "fc":
        a[5, 5] = np.nan
        assert wire.same_state(a, wire.snapshot(a))
    if np.dtype(dtype).kind == "f":
        zero = np.zeros_like(a)
        signed = zero.copy()
        signed[1, 2] = -0.0
        assert not wire.same_state(signed, zero)     # -0.0 == 0.0, but it is not what was sent


def test_a_generators_snapshot_sees_every_draw_the_cached_gaussian_too():
    rng = np.random.RandomState(3)
    before = wire.snapshot(rng)
    assert wire.same_state(rng, before)
    rng.rand()
    assert not wire.same_state(rng, before)
    rng.randn()                     # draws two Gaussians, keeps one
    cached = wire.snapshot(rng)
    rng.randn()                     # the kept one: the twister does not move
    assert not wire.same_state(rng, cached)
    assert not wire.same_state(np.random.RandomState(3), wire.snapshot(np.random.RandomState(4)))
    other = wire.snapshot(np.random.RandomState(np.random.PCG64(1)))      # not the twister: copied whole
    assert isinstance(other, np.random.RandomState)


def test_a_proxy_never_forwards_dunder_names():
    class Peer:
        asked = []

        def get(self, proxy, name):
            self.asked.append(name)
            return 1

    remote = bubblewrap.Remote(Peer(), 3, "o", "net")
    for name in ("__array_interface__", "__array__", "__float__", "__deepcopy__", "__code__",
                 "_repr_mimebundle_", "_repr_html_", "_ipython_display_", "_ipython_canary_method_should_not_exist_"):
        assert getattr(remote, name, None) is None or name == "__deepcopy__"
    assert Peer.asked == []
    assert remote.params == 1 and Peer.asked == ["params"]
    with pytest.raises(TypeError, match="cannot be pickled"):
        import pickle
        pickle.dumps(remote)


# ---- through a real sandbox -----------------------------------------------------------------------

STUDENT = '''
import numpy as np
def subtract_in_place(W, dW):
    W -= dW
def numerical(f, x):
    grad = np.zeros_like(x)
    for i in range(x.size):
        old = x.flat[i]
        x.flat[i] = old + 1e-6
        up = f(x)
        x.flat[i] = old - 1e-6
        down = f(x)
        x.flat[i] = old
        grad.flat[i] = (up - down) / 2e-6
    return grad
def reseeds():
    np.random.seed(0)
    return 1
def draws(rng, gaussian):
    return rng.randn() if gaussian else rng.rand(3)
def overflows():
    return np.exp(np.array([1000.0]))
def warns():
    import warnings, sys, logging
    warnings.warn("careful", RuntimeWarning)
    print("to stderr", file=sys.stderr)
    logging.warning("logged")
    return 2
def helper():
    return "the student's helper"
def calls_helper():
    return helper()
class Net:
    def __init__(self):
        self.params = {"W": np.ones((2, 2))}
    def predict(self, x):
        return self.params["W"] @ x
def broadcast_view():
    return np.broadcast_to(np.zeros(1), (1 << 40,))
def long_text():
    return "x" * (17 << 20)
def huge_header():
    import gc, os, struct
    worker = next(o for o in gc.get_objects() if type(o).__name__ == "Worker")
    os.write(worker.wfd, struct.pack("<QQ", 85 << 20, 0) + b"{}" * 1000)
    return 1
def writes_garbage_to_the_wire():
    import gc, os
    worker = next(o for o in gc.get_objects() if type(o).__name__ == "Worker")
    os.write(worker.wfd, b"\\xff" * 64)
    return 1
check_linear_forward = lambda fn: print("all checks passed")
'''


@pytest.fixture(scope="module")
def box():
    namespace = {"check_linear_forward": "the course's"}
    box = bubblewrap.Sandbox(namespace, "02_forward")
    box.run_cell(STUDENT)
    yield box, namespace
    box.kill("the tests are done")


def test_a_course_name_is_never_replaced_by_a_students(box, capsys):
    _, namespace = box
    assert namespace["check_linear_forward"] == "the course's"
    assert isinstance(namespace["subtract_in_place"], bubblewrap.Remote)


def test_a_change_in_place_comes_back_in_place(box):
    _, ns = box
    W = np.ones((2, 2))
    ns["subtract_in_place"](W, np.full((2, 2), 0.5))
    assert np.all(W == 0.5)


@pytest.mark.parametrize("gaussian", [False, True])
def test_a_generator_passed_to_a_call_moves_on_as_if_the_call_ran_here(box, gaussian):
    _, ns = box
    rng, here = np.random.RandomState(7), np.random.RandomState(7)
    for _ in range(3):
        assert np.array_equal(ns["draws"](rng, gaussian), here.randn() if gaussian else here.rand(3))
    assert wire.same_state(rng, wire.snapshot(here))
    assert rng.rand() == here.rand()


def test_a_callback_sees_the_array_its_caller_perturbs(box):
    _, ns = box
    w = np.array([1.0, 2.0, 3.0])
    grad = ns["numerical"](lambda _: float(np.sum(w ** 3)), w)   # reads w itself, not its argument
    assert np.allclose(grad, 3 * w ** 2, rtol=1e-5) and np.array_equal(w, [1.0, 2.0, 3.0])


def test_the_global_random_state_and_the_error_settings_travel(box):
    _, ns = box
    before = np.random.get_state()[1].copy()
    ns["reseeds"]()
    assert not np.array_equal(before, np.random.get_state()[1])
    assert np.random.get_state()[1][0] == np.random.RandomState(0).get_state()[1][0]
    with np.errstate(over="raise"), pytest.raises(FloatingPointError, match="overflow"):
        ns["overflows"]()


RANDOM = '''
import numpy as np
def draws_gauss():
    return np.random.randn()
def caches_a_gauss(value):
    state = np.random.get_state()
    np.random.set_state((state[0], state[1], state[2], 1, value))
'''


@pytest.mark.parametrize("in_place", [True, False], ids=["read in place", "get_state compared"])
def test_every_change_of_the_global_random_state_travels_the_cached_gaussian_too(box, monkeypatch, in_place):
    """The state is read in place where it can be (wire._RandomMark); a Gaussian cached or used leaves
    the twister as it was, and must travel all the same, both ways, as in one process."""
    sandbox_, ns = box
    if not in_place:
        monkeypatch.setattr(wire._random_mark, "views", None)
    sandbox_.run_cell(RANDOM)
    mark = wire._random_mark.read()
    assert (mark is not None) == in_place
    one_process = np.random.RandomState(5)
    np.random.seed(5)
    assert np.random.randn() == one_process.randn()        # a second Gaussian is cached here
    assert ns["draws_gauss"]() == one_process.randn()      # and used there: the twister does not move
    assert np.random.get_state()[3] == 0
    assert np.random.randn() == one_process.randn()        # the cache used there is gone here too
    state = np.random.get_state()
    np.random.set_state((state[0], state[1], state[2], 1, 0.125))   # only the cached Gaussian changes
    assert ns["draws_gauss"]() == 0.125
    ns["caches_a_gauss"](-2.5)
    assert np.random.get_state()[3:] == (1, -2.5) and np.random.randn() == -2.5
    if in_place:
        assert wire._random_mark.read() != mark


def test_warnings_come_back_and_stderr_goes_to_stdout(box, capfd):
    _, ns = box
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert ns["warns"]() == 2
    assert [str(w.message) for w in caught] == ["careful"] and caught[0].category is RuntimeWarning
    out, err = capfd.readouterr()
    assert "to stderr" in out and "logged" in out and err == ""


def test_an_attribute_read_is_shared_with_the_object(box):
    _, ns = box
    net = ns["Net"]()
    params = net.params
    params["W"][...] = 2.0
    assert np.array_equal(net.predict(np.ones((2, 1))), [[4.0], [4.0]])
    assert net.params is params


def test_names_replaced_for_a_call_reach_the_students_namespace(box):
    from testcases.checks import names_replaced

    _, ns = box
    with names_replaced(ns["calls_helper"], helper=lambda: "the course's helper"):
        assert ns["calls_helper"]() == "the course's helper"
    assert ns["calls_helper"]() == "the student's helper"


def test_garbage_on_the_wire_ends_the_submissions_process_and_nothing_else():
    namespace = {}
    box = bubblewrap.Sandbox(namespace, "02_forward")
    try:
        box.run_cell(STUDENT)
        with pytest.raises(bubblewrap.SubmissionDied):
            namespace["writes_garbage_to_the_wire"]()
        assert box.process.poll() is not None
        with pytest.raises(bubblewrap.SubmissionDied, match="not running"):
            namespace["helper"]()
    finally:
        box.kill("done")


def test_the_trusted_side_serves_nothing_but_calls_of_what_it_handed_out():
    box = bubblewrap.Sandbox.__new__(bubblewrap.Sandbox)
    wire.Peer.__init__(box, None, None, parity=0)
    with pytest.raises(wire.WireError, match="asked for"):
        box.serve({"op": "getattr", "target": 1}, wire.Decoder(box, []))
    with pytest.raises(wire.WireError, match="no object"):
        box.serve({"op": "call", "target": 5, "shared": 3, "args": ["N"], "err": {}}, wire.Decoder(box, []))
    with pytest.raises(TypeError, match="cannot be passed"):
        box.export(threading.Lock())


def test_the_test_cells_definitions_never_reach_the_submission():
    """The instructor's cells' definitions are replayed where the student's code runs, the test
    cells' (hidden tests included) never."""
    from types import SimpleNamespace

    box = bubblewrap.Sandbox.__new__(bubblewrap.Sandbox)
    box._pending, box.tests = [], {"check(f)\nSECRET = 41\n"}
    box.before_cell(SimpleNamespace(raw_cell="check(f)\nSECRET = 41\n"))
    box.before_cell(SimpleNamespace(raw_cell=bubblewrap.INTERNAL + "x = 1\n"))
    assert box._pending == []
    box.before_cell(SimpleNamespace(raw_cell="%matplotlib inline\nimport numpy as np\nprint(np)\nGIVEN = 3\n"))
    assert box._pending == ["\nimport numpy as np\n\nGIVEN = 3\n"]     # each on its line of the cell


def test_an_environment_under_tmp_is_mounted_over_the_sandboxs_own_tmp(tmp_path):
    """The sandbox's /tmp is a tmpfs of its own; a Python environment that lives under /tmp (a clone
    in /tmp, as CI may make) must be mounted after it, or the sandbox would not find its Python."""
    args = bubblewrap.command(tmp_path, ["python"])
    tmpfs = [i for i, a in enumerate(args) if a == "--tmpfs" and args[i + 1] in ("/tmp", bubblewrap.HOME)]
    binds = [i for i, a in enumerate(args) if a in ("--ro-bind", "--ro-bind-try")]
    assert len(tmpfs) == 2 and binds and max(tmpfs) < min(binds)


def test_a_copy_of_the_course_installed_into_the_environment_is_hidden_from_the_sandbox(monkeypatch):
    """With ``pip install .`` (not ``-e .``) the environment, which the sandbox mounts, holds the real
    dnn_utils and testcases: the sandbox sees an empty folder in their place."""
    import importlib.util
    import shutil
    import sys
    import tempfile
    from pathlib import Path
    from types import SimpleNamespace

    installed = Path(tempfile.mkdtemp(prefix="installed-", dir=sys.prefix)) / "testcases"
    installed.parent.chmod(0o755)   # as site-packages is
    installed.mkdir()
    (installed / "checks.py").write_text("SECRET = 1\n")
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: SimpleNamespace(
        submodule_search_locations=[str(installed)]) if name == "testcases" else real(name, *a))
    namespace = {}
    box = bubblewrap.Sandbox(namespace, "01_init")
    try:
        box.run_cell(f"import os\ndef look():\n    return os.path.isdir({str(installed)!r}), os.listdir({str(installed)!r})\n")
        assert namespace["look"]() == (True, [])
    finally:
        box.kill("done")
        shutil.rmtree(installed.parent)


def test_a_value_too_large_to_send_fails_that_call_and_the_process_lives_on(box):
    """A view of 8 bytes broadcast to 8 TB (a MemoryError while copying it, before) and a 17 MB string
    (over the header's bound): each call raises saying why; the next call is answered."""
    proxy, namespace = box
    with pytest.raises(ValueError, match="over the limit"):
        namespace["broadcast_view"]()
    with pytest.raises(ValueError, match="over the limit"):
        namespace["long_text"]()
    assert namespace["calls_helper"]() == "the student's helper"


def test_a_forged_header_too_large_to_read_ends_only_the_submissions_process():
    namespace = {}
    box = bubblewrap.Sandbox(namespace, "02_forward")
    try:
        box.run_cell(STUDENT)
        with pytest.raises(bubblewrap.SubmissionDied, match="cannot read"):
            namespace["huge_header"]()
        assert box.process.poll() is not None
    finally:
        box.kill("the test is done")


def test_a_sandbox_that_cannot_start_says_which_privilege_is_missing(tmp_path, monkeypatch):
    """bubblewrap installed but refused a namespace: the refusal names the privilege and quotes what
    bubblewrap said, never tells to install it."""
    fake = tmp_path / "bwrap"
    fake.write_text("#!/bin/sh\necho 'bwrap: loopback: Failed RTM_NEWADDR: Operation not permitted' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("COURSE_BWRAP", str(fake))
    with pytest.raises(bubblewrap.SandboxUnavailable) as refused:
        bubblewrap.Sandbox({}, "02_forward")
    message = str(refused.value)
    assert "NET_ADMIN" in message and "RTM_NEWADDR" in message, message
    assert "apt-get install" not in message, message


def test_a_figure_drawn_in_the_sandbox_writes_nothing_on_stderr():
    """matplotlib's text needs fontconfig's configuration: without it every figure a demonstration
    draws while grading printed "Fontconfig error" into the student's outputs and feedback."""
    folder = bubblewrap.grading_folder(None)
    # as the grader's user, and (grading as root) as the unprivileged user a sandbox then runs as
    users = [None] + ([bubblewrap.uid_base()] if os.geteuid() == 0 else [])
    try:
        code = ("import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt; fig = plt.figure(); "
                "fig.text(0.5, 0.5, 'x'); fig.savefig('/tmp/figure.png'); print('drawn')")
        results = [subprocess.run(bubblewrap.command(folder / "packages", [sys.executable, "-c", code], uid),
                                  capture_output=True, text=True, env=dict(bubblewrap.LAUNCH_ENVIRONMENT), timeout=120)
                   for uid in users]
    finally:
        bubblewrap.remove_tree(folder)
    for uid, result in zip(users, results):
        assert result.returncode == 0 and result.stdout.strip() == "drawn", (uid, result.stderr)
        assert result.stderr == "", (uid, result.stderr)


def test_what_grading_runs_of_a_cell_keeps_the_cells_line_numbers():
    """A student's cell runs as its definitions only; blank lines stand for what is left out, so that
    the line a traceback or a check's hint names is the line the student sees in the cell."""
    from autograder.grade.definitions import definitions_only

    cell = ('# GRADED FUNCTION\nimport numpy as np\nprint("demo")\n\ndef f(x):\n    """Doc."""\n'
            '    return 1 / x\nf(0)\na = 1; b = 2; print(a)\nclass C:\n    pass\n')
    code, left_out = definitions_only(cell)
    assert left_out == ['print("demo")', "f(0)", "a = 1; b = 2; print(a)"]
    kept = {type(node).__name__ + str(node.lineno) for node in ast.parse(code).body}
    assert kept == {"Import2", "FunctionDef5", "Assign9", "ClassDef10"}
    assert code.splitlines()[6] == "    return 1 / x" and code.splitlines()[8] == "a = 1; b = 2"
