"""Hostile submissions against the sandboxed grader: what a student's code does when the checks call it
stays in its own process, and the grade is decided by its answers alone.

Each submission's code runs in a bubblewrap sandbox (the Python environment read-only, a copy of
``dnn_utils`` with the notebook's own exercises withheld, a private working folder and /tmp, no course
directory, no repository, no network, its own PID namespace, an address-space and a process limit); the
instructor's cells and the checks run in a trusted kernel that sees the student's names as proxies and
exchanges only data with them. The submissions below are what a student who knows the layout could hand
in: every hostile action runs inside an answer function's body (only definitions of an answer cell run),
with the absolute paths it needs (the repository, the course directory, another student's folders) written
into its source as literals by the test.

Three small classes are graded once each (01_init, 02_forward, 08_gradient_check), with workers=2 and
timeout=5; then one test per guarantee. Safety nets, so that a grader that lets something through does not
damage this machine or the repository (the tests still fail): code a hostile submission appends to a
file of the repository is inert unless an environment variable only these grading runs have is set, and it
is cut off again right after grading; files it creates carry a unique marker and are removed; processes
carrying the marker are killed. (The memory test asks for 12 GB: on a machine with less memory than that
and a broken limit, the allocation fails anyway.)
"""
import contextlib
import inspect
import json
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import sysconfig
import tempfile
import textwrap
import threading
import time
from pathlib import Path

import nbformat
import pytest

from autograder.build import versions
from autograder.collect import lms
from autograder.grade import batch, course
from autograder.report import tables
from autograder.__main__ import main
from helpers import MARK, NAME, RIGHT_DEEP, SCALED_WRONG, cell_text, fill, hand_in, inbox_of, solution, solution_of, with_answer

REPO = Path(__file__).resolve().parents[2]
ARMED = f"DNN_HOSTILE_ARMED_{MARK}"              # what arms the code it appends (set only while grading here)
SITE = sysconfig.get_paths()["purelib"]          # the environment's site-packages
WITHHELD_TEXT = "is an exercise of this notebook: the course's reference is not available while grading"
STATUS = re.compile(r"(passed|failed: .+|not attempted|timeout|kernel died|invalid submission: .+)")
FORWARD, GRADCHECK = "02_forward", "08_gradient_check"
EX1, EX2 = "test_initialize_parameters", "test_initialize_parameters_deep"
FORWARD_TESTS = {"test_linear_forward": 1, "test_linear_activation_forward": 2, "test_L_model_forward": 3}
GRADCHECK_TESTS = {"test_forward_propagation": 1, "test_backward_propagation": 1, "test_gradient_check": 2,
                   "test_numerical_gradient": 2, "test_gradient_check_n": 3}


def _ipython_dir():
    try:
        from IPython.paths import get_ipython_dir
        return get_ipython_dir()
    except Exception:  # pragma: no cover - IPython is in the environment
        return os.path.expanduser("~/.ipython")


IPYDIR = _ipython_dir()


# ---- answers: right and wrong bodies, and cells made of them ------------------------------------

IP_DEF = "def initialize_parameters(n_x, n_h, n_y, seed=1):\n"
DEEP_DEF = 'def initialize_parameters_deep(layer_dims, seed=1, init="xavier"):\n'
RIGHT_IP = '''\
    rng = np.random.RandomState(seed)
    return {"W1": rng.randn(n_h, n_x) * 0.01, "b1": np.zeros((n_h, 1)),
            "W2": rng.randn(n_y, n_h) * 0.01, "b2": np.zeros((n_y, 1))}
'''
WRONG_IP = SCALED_WRONG[len(IP_DEF):]            # the weights not scaled
WRONG_DEEP = RIGHT_DEEP.replace(" * scale(layer_dims[l - 1])", "")   # not scaled either


def ip(body=RIGHT_IP, before="", top=""):
    """An initialize_parameters cell: ``top`` (imports and helper definitions), then the function, whose
    body runs ``before`` (the hostile part) and then ``body``."""
    return "import numpy as np\n" + top + IP_DEF + textwrap.indent(textwrap.dedent(before), "    ") + body


def deep(body=RIGHT_DEEP, before="", top=""):
    return "import numpy as np\n" + top + DEEP_DEF + textwrap.indent(textwrap.dedent(before), "    ") + body


def notebook_with(base, **cells):
    nb = base
    for grade_id, source in cells.items():
        nb = with_answer(nb, grade_id, source)
    return nb


# ---- the hostile code (inside answer functions) --------------------------------------------------

#: appends code to the course's checks and dnn_utils (found three ways), poisons their bytecode, appends to
#: the course directory's notebooks and configuration, and plants code that every later Python or IPython
#: process would run (a .pth file, an IPython startup file)
WRITER = '''\
import os, sys, glob, site, importlib, importlib.util
def _h_targets():
    found = []
    for name in ("testcases", "testcases.checks", "testcases.nb01", "dnn_utils", "dnn_utils.initialization"):
        try:
            found.append(importlib.import_module(name).__file__)
        except Exception:
            pass
    for root in (os.path.dirname(sys.prefix), @REPO@):
        for sub in ("testcases", "dnn_utils"):
            found += sorted(glob.glob(os.path.join(root, sub, "*.py")))
    return found
def _h_write():
    armed, mark = @ARMED@, @MARK@
    head = "\\n# hostile-" + mark + "\\n"
    gate = "if __import__('os').environ.get(%r):\\n" % armed
    for path in _h_targets():
        if path.endswith("checks.py"):
            payload = (head + gate + "    def same(actual, expected, atol=0, rtol=0):\\n        return True\\n"
                       "    Check.fail = lambda self, *a, **k: None\\n")
        else:
            payload = head + gate + "    __import__('builtins').hostile_" + mark + " = True\\n"
        try:
            with open(path, "a") as out:
                out.write(payload)
        except Exception:
            pass
        try:  # bytecode that Python would load instead of the (untouched) source
            from importlib._bootstrap_external import _code_to_timestamp_pyc
            with open(path) as f:
                code = compile(f.read() + payload, path, "exec")
            st = os.stat(path)
            pyc = importlib.util.cache_from_source(path)
            os.makedirs(os.path.dirname(pyc), exist_ok=True)
            with open(pyc, "wb") as out:
                out.write(_code_to_timestamp_pyc(code, int(st.st_mtime), st.st_size))
        except Exception:
            pass
    for base in (@COURSE@, "../../..", "../.."):
        for pattern in ("source/*/*.ipynb", "release/*/*.ipynb", "submitted/*/*/*.ipynb", "nbgrader_config.py"):
            for path in glob.glob(os.path.join(base, pattern)):
                try:
                    with open(path, "a") as out:
                        out.write(head)
                except Exception:
                    pass
    startup = ("import os\\nif os.environ.get(%r):\\n    import numpy\\n    numpy.allclose = lambda *a, **k: True\\n"
               "    try:\\n        import testcases.checks as c\\n"
               "        c.same.__code__ = (lambda actual, expected, atol=0, rtol=0: True).__code__\\n"
               "    except Exception:\\n        pass\\n# hostile-%s\\n" % (armed, mark))
    for folder in set(site.getsitepackages() + [@SITE@]):
        try:
            with open(os.path.join(folder, "hostile_%s.pth" % mark), "w") as out:
                out.write("import os; os.environ.get(%r) and exec(%r)  # hostile-%s\\n" % (armed, startup, mark))
        except Exception:
            pass
    for ipython in {@IPYDIR@, os.path.expanduser("~/.ipython"), os.environ.get("IPYTHONDIR") or @IPYDIR@}:
        try:
            folder = os.path.join(ipython, "profile_default", "startup")
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, "50-hostile-%s.py" % mark), "w") as out:
                out.write(startup)
        except Exception:
            pass
'''

#: modules that shadow the standard library and IPython's helpers, in the working folder, its parents and
#: the trusted kernel's working folder (if the trusted kernel imported one, the checks would pass anything)
SHADOW = '''\
import os
def _h_shadow():
    armed, mark = @ARMED@, @MARK@
    code = ("import os, sys, importlib.machinery, importlib.util\\n"
            "if os.environ.get(%r):\\n"
            "    _m = sys.modules.get('testcases.checks')\\n"
            "    if _m is not None:\\n"
            "        _m.same.__code__ = (lambda actual, expected, atol=0, rtol=0: True).__code__\\n"
            "        _m.Check.fail.__code__ = (lambda self, *a, **k: None).__code__\\n"
            "_here = os.path.dirname(os.path.abspath(__file__))\\n"
            "_spec = importlib.machinery.PathFinder.find_spec(__name__, [p for p in sys.path "
            "if os.path.abspath(p or '.') != _here])\\n"
            "if _spec is not None:\\n"
            "    _mod = importlib.util.module_from_spec(_spec)\\n"
            "    sys.modules[__name__] = _mod\\n"
            "    _spec.loader.exec_module(_mod)\\n"
            "# hostile-%s\\n") % (armed, mark)
    names = ["pprint", "difflib", "textwrap", "reprlib", "decimal", "fractions", "statistics", "csv", "uuid",
             "pdb", "doctest", "timeit", "cProfile", "tracemalloc", "stack_data", "executing", "pygments",
             "jedi", "sitecustomize", "usercustomize"]
    for folder in (".", "..", "../..", os.path.join(@COURSE@, "autograded", @ME@, "01_init")):
        for name in names:
            try:
                with open(os.path.join(folder, name + ".py"), "w") as out:
                    out.write(code)
            except Exception:
                pass
'''

#: gives every grade in the gradebook 99 points
GRADEBOOK = '''\
import sqlite3
def _h_gradebook():
    for path in (@COURSE@ + "/gradebook.db", "../../../gradebook.db"):
        try:
            db = sqlite3.connect(path, timeout=3)
            db.execute("UPDATE grade SET manual_score = 99")
            db.commit()
            db.close()
        except Exception:
            pass
'''

#: deletes another student's folders: by absolute path, relative to the working folder, and found from /
DELETER = '''\
import os, shutil, time
def _h_delete():
    if getattr(_h_delete, "done", False):
        return
    _h_delete.done = True
    victim, course = @VICTIM@, @COURSE@
    for top in ("submitted", "grading", "autograded", "prepared", "feedback"):
        for base in (course, "..", "../..", "../../..", "../../../.."):
            shutil.rmtree(os.path.join(base, top, victim), ignore_errors=True)
    deadline = time.time() + 1.5
    for dirpath, dirnames, filenames in os.walk("/"):
        if time.time() > deadline:
            break
        if dirpath == "/":
            dirnames[:] = [d for d in dirnames if d not in ("proc", "sys", "dev")]
        if victim in dirnames:
            shutil.rmtree(os.path.join(dirpath, victim), ignore_errors=True)
            dirnames.remove(victim)
'''

#: finds the solution in another student's collected notebook or the instructor's, and runs it
READER = '''\
import os, sys, glob, json, time, itertools
def _h_walk():
    deadline = time.time() + 1.5
    for dirpath, dirnames, filenames in os.walk("/"):
        if time.time() > deadline:
            return
        if dirpath == "/":
            dirnames[:] = [d for d in dirnames if d not in ("proc", "sys", "dev")]
        for f in filenames:
            if f.endswith("01_init.ipynb"):
                yield os.path.join(dirpath, f)
def _h_steal(grade_id):
    cache = _h_steal.__dict__.setdefault("found", {})
    if grade_id in cache:
        return cache[grade_id]
    victim, course, repo = @VICTIM@, @COURSE@, @REPO@
    paths = [course + "/submitted/" + victim + "/01_init/01_init.ipynb", course + "/source/01_init/01_init.ipynb",
             course + "/autograded/" + victim + "/01_init/01_init.ipynb", repo + "/notebooks/01_init.ipynb",
             os.path.dirname(sys.prefix) + "/notebooks/01_init.ipynb"]
    for pattern in ("../../../submitted/*/01_init/*.ipynb", "../../../source/01_init/*.ipynb",
                    "../../../autograded/*/01_init/*.ipynb"):
        paths += sorted(glob.glob(pattern))
    found = None
    for path in itertools.chain(paths, _h_walk()):
        try:
            with open(path) as f:
                nb = json.load(f)
        except Exception:
            continue
        for cell in nb.get("cells", []):
            if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") != grade_id:
                continue
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            if "NotImplementedError" in source or "_h_steal" in source:
                continue
            space = {"np": np}
            try:
                exec(source, space)
                found = space[grade_id]
                break
            except Exception:
                continue
        if found is not None:
            break
    cache[grade_id] = found
    return found
'''

#: gives the comparisons of numpy and of the checks the code of a function that says "equal"
CODESWAP = '''\
def _h_swap():
    import numpy, numpy.testing
    def yes(*a, **k):
        return True
    def nothing(*a, **k):
        return None
    targets = [(numpy.allclose, yes), (numpy.isclose, yes), (numpy.array_equal, yes),
               (numpy.testing.assert_allclose, nothing), (numpy.testing.assert_array_almost_equal, nothing)]
    try:
        import testcases.checks as c
        targets += [(c.same, yes), (c.agrees_with_numeric, yes), (c.Check.fail, nothing)]
    except Exception:
        pass
    for f, g in targets:
        f = getattr(f, "_implementation", f)
        try:
            f.__code__ = g.__code__
        except Exception:
            pass
'''

IGNORES_SIGINT = '''\
import signal
for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    try:
        signal.signal(s, signal.SIG_IGN)
    except Exception:
        pass
while True:
    try:
        while True:
            pass
    except BaseException:
        continue
'''

NOISE = '''\
import sys, os, logging, warnings
print("a line on stderr", file=sys.stderr)
sys.stderr.write("more on stderr\\n")
sys.stderr.flush()
logging.warning("a logged warning")
logging.getLogger("student").error("a logged error")
warnings.warn("a UserWarning from a right answer")
warnings.warn("deprecated!", DeprecationWarning)
os.write(2, b"straight to file descriptor 2\\n")
os.write(1, b"straight to file descriptor 1\\n")
'''

#: processes meant to outlive the grading: a new session, a shell's background job, a double fork, and a
#: thread that keeps starting more
SPAWNER = '''\
import os, sys, subprocess, threading, time
def _h_spawn():
    if getattr(_h_spawn, "done", False):
        return
    _h_spawn.done = True
    arg, marker = @SLEEP_ARG@, @PY_MARK@
    quiet = dict(stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for argv in (["sleep", arg], [sys.executable, "-c", "import time; time.sleep(600)  # " + marker]):
        try:
            subprocess.Popen(argv, start_new_session=True, close_fds=True, **quiet)
        except Exception:
            pass
    try:
        subprocess.Popen("nohup sleep %s >/dev/null 2>&1 &" % arg, shell=True, **quiet).wait()
    except Exception:
        pass
    try:
        pid = os.fork()
        if pid == 0:
            try:
                os.setsid()
                if os.fork() == 0:
                    os.execvp("sleep", ["sleep", arg])
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
    except Exception:
        pass
    def again():
        while True:
            try:
                subprocess.Popen(["sleep", arg], start_new_session=True, **quiet)
            except Exception:
                pass
            time.sleep(0.3)
    threading.Thread(target=again, daemon=True).start()
'''

FORK_BOMB = '''\
import os, subprocess
def _h_bomb():
    if getattr(_h_bomb, "done", False):
        return
    _h_bomb.done = True
    arg, started = @BOMB_ARG@, 0
    for i in range(500):
        try:
            subprocess.Popen(["sleep", arg], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
            started += 1
        except Exception:
            pass
    for i in range(50):
        try:
            if os.fork() == 0:
                try:
                    os.execvp("sleep", ["sleep", arg])
                finally:
                    os._exit(0)
            started += 1
        except Exception:
            pass
    print("processes started:", started)
'''

NETWORK = '''\
import socket
def _h_connect():
    for host in ("127.0.0.1", "localhost"):
        try:
            s = socket.create_connection((host, @TCP_PORT@), timeout=1)
            s.sendall(b"hostile")
            s.close()
        except Exception:
            pass
    try:
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        u.sendto(b"hostile", ("127.0.0.1", @UDP_PORT@))
        u.close()
    except Exception:
        pass
    for address in (@ABSTRACT@, @UNIX_PATH@):
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.settimeout(1)
            s.connect(address)
            s.sendall(b"hostile")
            s.close()
        except Exception:
            pass
'''

#: an ndarray subclass whose comparisons lie, and which, when the check looks at its shape, looks up the
#: caller's frames for the expected weights and copies them into itself (the same objects are returned for
#: the same arguments, so a second call passes the "same seed, same parameters" check too)
LYING_ARRAY = '''\
import sys
class Liar(np.ndarray):
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    __hash__ = None
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        plain = [x.view(np.ndarray) if isinstance(x, Liar) else x for x in inputs]
        result = getattr(ufunc, method)(*plain, **kwargs)
        if ufunc in (np.equal, np.less_equal, np.greater_equal, np.isfinite):
            return np.ones(np.shape(result), bool)
        if ufunc in (np.not_equal, np.less, np.greater):
            return np.zeros(np.shape(result), bool)
        return result
    def tolist(self):
        return np.asarray(self).tolist()
    def __float__(self):
        return 0.0
    @property
    def shape(self):
        real = np.ndarray.shape.__get__(self)
        frame = sys._getframe(1)
        while frame is not None:
            want, l = frame.f_locals.get("expected_weights"), frame.f_locals.get("l")
            if isinstance(want, dict) and l is not None:
                target = want.get("W" + str(l))
                if target is not None and np.shape(target) == real:
                    self.view(np.ndarray)[...] = target
                break
            frame = frame.f_back
        return real
cache = initialize_parameters.__dict__.setdefault("cache", {})
if (n_x, n_h, n_y, seed) in cache:  # the same objects again: fixed up by the check that looked at them
    return dict(cache[(n_x, n_h, n_y, seed)])
rng = np.random.RandomState(seed)
cache[(n_x, n_h, n_y, seed)] = {"W1": rng.randn(n_h, n_x).view(Liar), "b1": np.zeros((n_h, 1)),
                                "W2": rng.randn(n_y, n_h).view(Liar), "b2": np.zeros((n_y, 1))}
return dict(cache[(n_x, n_h, n_y, seed)])
'''

#: a dict subclass that answers every W key with the expected value it finds in the caller's frames
ECHOING_DICT = '''\
import sys
if init not in ("small", "xavier", "he"):
    raise ValueError(f"init must be 'small', 'xavier' or 'he'; got {init!r}")
class Echo(dict):
    def __getitem__(self, key):
        frame = sys._getframe(1)
        while frame is not None:
            want = frame.f_locals.get("expected_weights")
            if isinstance(want, dict) and key in want:
                return want[key]
            frame = frame.f_back
        return dict.__getitem__(self, key)
rng = np.random.RandomState(seed)
parameters = Echo()
for l in range(1, len(layer_dims)):
    dict.__setitem__(parameters, "W" + str(l), rng.randn(layer_dims[l], layer_dims[l - 1]))
    dict.__setitem__(parameters, "b" + str(l), np.zeros((layer_dims[l], 1)))
return parameters
'''

TOP_LEVEL_PATCHES = '''\
import numpy.testing
np.allclose = lambda *a, **k: True
np.isclose = lambda *a, **k: True
numpy.testing.assert_allclose = lambda *a, **k: None
'''
PATCHES_WHEN_CALLED = '''\
import numpy, numpy.testing
numpy.allclose = lambda *a, **k: True
numpy.testing.assert_allclose = lambda *a, **k: None
try:
    import testcases.checks as c
    c.same = lambda *a, **k: True
    c.Check.fail = lambda self, *a, **k: None
except Exception:
    pass
'''


def class_01(course_root, victim, ports):
    """{student: 01_init notebook}: the hostile submissions, and the honest ones they could harm."""
    good = solution()
    lit = dict(REPO=str(REPO), COURSE=str(course_root), ARMED=ARMED, MARK=MARK, SITE=SITE, IPYDIR=IPYDIR,
               VICTIM=victim)
    nbs = {
        "correct": good,
        victim: good,
        "wrong": notebook_with(good, initialize_parameters=ip(WRONG_IP), initialize_parameters_deep=deep(WRONG_DEEP)),
        # 1. rewrites the course's code and files (right answer), then plants modules (wrong answer)
        "a_writer": notebook_with(
            good, initialize_parameters=ip(before="_h_write()\n", top=fill(WRITER, **{k: lit[k] for k in (
                "REPO", "COURSE", "ARMED", "MARK", "SITE", "IPYDIR")})),
            initialize_parameters_deep=deep(WRONG_DEEP, before="_h_shadow()\n", top=fill(
                SHADOW, ARMED=ARMED, MARK=MARK, COURSE=str(course_root), ME="a_writer"))),
        # ... and rewrites the gradebook, graded last
        "zz_gradebook": notebook_with(
            good, initialize_parameters=ip(before="_h_gradebook()\n", top=fill(GRADEBOOK, COURSE=str(course_root))),
            initialize_parameters_deep=deep(before="_h_gradebook()\n",
                                            top=fill(GRADEBOOK, COURSE=str(course_root)))),
        # 2. deletes the victim's folders (right answers)
        "deleter": notebook_with(
            good, initialize_parameters=ip(before="_h_delete()\n", top=fill(DELETER, VICTIM=victim,
                                                                             COURSE=str(course_root)))),
        # 3. answers with the solution it finds on disk, else a wrong result
        "reader": notebook_with(
            good,
            initialize_parameters=ip(WRONG_IP, top=fill(READER, VICTIM=victim, COURSE=str(course_root), REPO=str(REPO)),
                                     before="f = _h_steal('initialize_parameters')\n"
                                            "if f is not None:\n    return f(n_x, n_h, n_y, seed=seed)\n"),
            initialize_parameters_deep=deep(WRONG_DEEP, top=fill(READER, VICTIM=victim, COURSE=str(course_root),
                                                                 REPO=str(REPO)),
                                            before="f = _h_steal('initialize_parameters_deep')\n"
                                                   "if f is not None:\n    return f(layer_dims, seed=seed, init=init)\n")),
        # 4. swaps __code__ of the comparisons, then answers wrong (exercise 2 right)
        "codeswap": notebook_with(good, initialize_parameters=ip(WRONG_IP, before="_h_swap()\n", top=CODESWAP)),
        # 6. ignores SIGINT and loops for ever (exercise 2 right)
        "sigint": notebook_with(good, initialize_parameters=ip("", before=IGNORES_SIGINT)),
        # 7. right answers that write to stderr in every way there is
        "stderr": notebook_with(good, initialize_parameters=ip(before=NOISE), initialize_parameters_deep=deep(before=NOISE)),
        # 8. starts processes meant to outlive the grading (right answers)
        "spawner": notebook_with(good, initialize_parameters=ip(before="_h_spawn()\n", top=fill(
            SPAWNER, SLEEP_ARG=ports["sleep_arg"], PY_MARK=ports["py_mark"]))),
        # 9. asks for 12 GB (exercise 2 right)
        "memory": notebook_with(good, initialize_parameters=ip(before="big = np.ones(12 * 1024 ** 3 // 8)\n")),
        # 10. a fork bomb, bounded (right answers)
        "forkbomb": notebook_with(good, initialize_parameters=ip(before="_h_bomb()\n", top=fill(
            FORK_BOMB, BOMB_ARG=ports["bomb_arg"]))),
        # 11. calls the test's servers on this machine (right answers)
        "network": notebook_with(
            good, initialize_parameters=ip(before="_h_connect()\n", top=fill(NETWORK, **ports["net"])),
            initialize_parameters_deep=deep(before="_h_connect()\n", top=fill(NETWORK, **ports["net"]))),
        # 12. os._exit in exercise 1 (exercise 2 right)
        "exits": notebook_with(good, initialize_parameters=ip(before="import os\nos._exit(3)\n")),
        # 13. results that lie (both wrong underneath)
        "liar": notebook_with(good, initialize_parameters=ip("", before=LYING_ARRAY),
                              initialize_parameters_deep=deep("", before=ECHOING_DICT)),
        # 15. patches at the top level in front of a wrong answer; inside a right answer's body
        "toplevel": notebook_with(good, initialize_parameters=ip(WRONG_IP, top=TOP_LEVEL_PATCHES),
                                  initialize_parameters_deep=deep(before=PATCHES_WHEN_CALLED)),
        # not hostile: a right answer whose cell imports the checks as the notebook's first cell does, and
        # one whose cell starts with an IPython magic and imports the course's reference (never calling it)
        "plain_cells": notebook_with(
            good, initialize_parameters=ip(top="from testcases.nb01 import check_initialize_parameters\n"
                                               "import testcases.checks\n"),
            initialize_parameters_deep="%matplotlib inline\n" + deep(
                top="from dnn_utils import initialize_parameters_deep as reference_deep\n")),
    }
    return nbs


SABOTAGE = '''\
import os, glob
def _h_sabotage():
    if getattr(_h_sabotage, "done", False):
        return
    _h_sabotage.done = True
    import dnn_utils, dnn_utils.activations
    git, mark = @GIT@, @MARK@
    gate = "if not __import__('os').path.exists(%r):\\n" % git   # only where the repository is not
    wrong = ("\\n# hostile-" + mark + "\\n" + gate + "    def sigmoid(Z):\\n        return np.full(np.shape(Z), 0.5), Z\\n"
             "    def relu(Z):\\n        return np.zeros(np.shape(Z)), Z\\n")
    rebind = "\\n# hostile-" + mark + "\\n" + gate + "    from .activations import relu, sigmoid\\n"
    folder = os.path.dirname(dnn_utils.__file__)
    print("hostile-copy-at:", folder)
    for name, text in (("activations.py", wrong), ("__init__.py", rebind)):
        for path in (os.path.join(folder, name), os.path.join(@REPO@, "dnn_utils", name)):
            try:
                with open(path, "a") as out:
                    out.write(text)
            except Exception:
                pass
            try:  # a read-only file in a writable folder can still be replaced
                with open(path) as f:
                    old = f.read()
                with open(path + ".new", "w") as out:
                    out.write(old + text)
                os.replace(path + ".new", path)
            except Exception:
                pass
'''

DELEGATE_IMPORT = '''\
def linear_forward(A, W, b):
    from dnn_utils import linear_forward as reference
    return reference(A, W, b)
'''
DELEGATE_IMPORTLIB = '''\
def linear_activation_forward(A_prev, W, b, activation):
    import importlib
    return importlib.import_module("dnn_utils.forward").linear_activation_forward(A_prev, W, b, activation)
'''
DELEGATE_EXEC = '''\
import os
def L_model_forward(X, parameters):
    import inspect, dnn_utils, dnn_utils.forward
    getters = (lambda: inspect.getsourcefile(dnn_utils.forward), lambda: dnn_utils.forward.__file__,
               lambda: os.path.join(os.path.dirname(dnn_utils.__file__), "forward.py"),
               lambda: os.path.join(@REPO@, "dnn_utils", "forward.py"))
    for get in getters:
        try:
            path = get()
            with open(path) as f:
                source = f.read().replace("from .", "from dnn_utils.")
            space = {"__name__": "stolen_forward"}
            exec(compile(source, path, "exec"), space)
            return space["L_model_forward"](X, parameters)
        except Exception:
            continue
    return X, []
'''
DELEGATE_GC = '''\
def linear_forward(A, W, b):
    import gc, types
    for obj in gc.get_objects():
        if (isinstance(obj, types.FunctionType) and obj.__name__ == "linear_forward"
                and obj.__code__ is not linear_forward.__code__):
            try:
                return obj(A, W, b)
            except Exception:
                continue
    return np.dot(W, A), (A, W, b)
'''
DELEGATE_MODULES = '''\
def linear_activation_forward(A_prev, W, b, activation):
    import sys
    for name, module in list(sys.modules.items()):
        f = getattr(module, "linear_activation_forward", None)
        if callable(f) and getattr(f, "__code__", None) is not linear_activation_forward.__code__:
            try:
                return f(A_prev, W, b, activation)
            except Exception:
                continue
    try:
        from dnn_utils.layers import Affine
        Z = Affine(W.T, b.T).forward(A_prev.T).T
        A, activation_cache = (sigmoid if activation == "sigmoid" else relu)(Z)
        return A, ((A_prev, W, b), activation_cache)
    except Exception:
        pass
    Z = np.dot(W, A_prev) + b
    return Z, ((A_prev, W, b), Z)
'''
DELEGATE_LOAD = '''\
import os, sys, re, glob, site
def L_model_forward(X, parameters):
    import importlib.util, dnn_utils
    mine = os.path.realpath(os.path.dirname(dnn_utils.__file__))
    roots = [@REPO@, os.path.dirname(sys.prefix)] + list(sys.path) + site.getsitepackages()
    inits = []
    for root in roots:
        inits += glob.glob(os.path.join(root or ".", "dnn_utils", "__init__.py"))
    for finder in glob.glob(os.path.join(site.getsitepackages()[0], "__editable__*finder.py")):
        try:
            with open(finder) as f:
                inits += [p + "/__init__.py" for p in re.findall(r"'dnn_utils': '([^']+)'", f.read())]
        except Exception:
            pass
    for init in inits:
        folder = os.path.dirname(init)
        if os.path.realpath(folder) == mine:
            continue
        try:
            spec = importlib.util.spec_from_file_location("dnn_utils_stolen", init, submodule_search_locations=[folder])
            module = importlib.util.module_from_spec(spec)
            sys.modules["dnn_utils_stolen"] = module
            spec.loader.exec_module(module)
            return module.L_model_forward(X, parameters)
        except Exception:
            continue
    try:
        from dnn_utils.three_layer import forward_propagation
        return forward_propagation(X, parameters)
    except Exception:
        return X, []
'''
BUILDS_ON = '''\
def linear_activation_forward(A_prev, W, b, activation):
    import importlib, dnn_utils
    if activation == "sigmoid":
        g = dnn_utils.sigmoid
    elif activation == "relu":
        g = importlib.import_module("dnn_utils.activations").relu
    else:
        raise ValueError(f"activation must be 'sigmoid' or 'relu'; got {activation!r}")
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = g(Z)
    return A, (linear_cache, activation_cache)
'''


def class_02():
    good = solution_of(FORWARD)
    lf = next(c.source for c in good.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "linear_forward")
    sabotage = fill(SABOTAGE, GIT=str(REPO / ".git"), MARK=MARK, REPO=str(REPO))
    saboteur = sabotage + lf.replace('    """\n    Z = ', '    """\n    _h_sabotage()\n    Z = ', 1)
    assert "_h_sabotage()" in saboteur.split("def linear_forward")[1]
    return {
        "a_saboteur": with_answer(good, "linear_forward", saboteur),
        "builds_on": with_answer(good, "linear_activation_forward", BUILDS_ON),
        "correct02": good,
        "delegate_a": notebook_with(good, linear_forward=DELEGATE_IMPORT, linear_activation_forward=DELEGATE_IMPORTLIB,
                                    L_model_forward=fill(DELEGATE_EXEC, REPO=str(REPO))),
        "delegate_b": notebook_with(good, linear_forward=DELEGATE_GC, linear_activation_forward=DELEGATE_MODULES,
                                    L_model_forward=fill(DELEGATE_LOAD, REPO=str(REPO))),
        "zz_correct02": good,
    }


#: numerical_gradient that reaches, through the callback f the check passes in, for the trusted kernel:
#: its globals (to run code there and make the checks pass anything), and the wire behind the proxy
CALLBACK_ATTACK = '''\
def numerical_gradient(f, x, epsilon=1e-5):
    pwned = @PWNED@
    code = ("open(%r, 'w').write('pwned')\\n"
            "import testcases.checks as c\\n"
            "c.same.__code__ = (lambda actual, expected, atol=0, rtol=0: True).__code__\\n"
            "c.agrees_with_numeric.__code__ = (lambda actual, numeric, rtol=0, atol=0: True).__code__\\n") % pwned
    routes = (lambda: f.__globals__, lambda: f.__func__.__globals__, lambda: f.__closure__[0].cell_contents.__globals__,
              lambda: type(f).__call__.__globals__, lambda: f.__init__.__globals__, lambda: getattr(f, "__globals__"))
    for route in routes:
        try:
            g = route()
            b = g["__builtins__"]
            b = b if isinstance(b, dict) else vars(b)
            b["exec"](code, g)
        except Exception:
            pass
    try:
        peer, number = object.__getattribute__(f, "_peer"), object.__getattribute__(f, "_number")
        for op in ("run", "getattr", "setattr", "define"):
            try:
                peer.request({"op": op, "target": number, "name": "__globals__", "source": code})
            except Exception:
                pass
    except Exception:
        pass
    return np.zeros_like(x)
'''


def class_08(pwned):
    good = solution_of(GRADCHECK)
    return {"callback_attack": with_answer(good, "numerical_gradient", fill(CALLBACK_ATTACK, PWNED=str(pwned))),
            "correct08": good}


# ---- machinery ------------------------------------------------------------------------------------

def _sandbox_kwargs(sandbox):
    """The sandbox argument when batch.autograde takes one (the grader being written)."""
    if "sandbox" in inspect.signature(batch.autograde).parameters:
        return {"sandbox": sandbox}
    if sandbox is False:
        pytest.fail("batch.autograde takes no `sandbox` argument yet")
    return {}


@contextlib.contextmanager
def armed():
    """While grading here, the code hostile submissions append to files is armed: in these grading
    processes only (the variable is set nowhere else), so a grader that lets a write through fails the
    tests without changing anything for anyone else."""
    os.environ[ARMED] = "1"
    try:
        yield
    finally:
        os.environ.pop(ARMED, None)


def autograde(root, names, sandbox=True):
    """{(student, notebook): state}, graded with 2 workers and a 5 s timeout per cell; a batch that raises
    (a grader a submission broke) gives a Table that fails the tests that look at it."""
    kwargs = _sandbox_kwargs(sandbox)
    with armed():
        try:
            return Table(batch.autograde(root, names, workers=2, timeout=5, progress=None, **kwargs))
        except Exception as error:
            return Table(error=error)


def rows_of(root, name):
    return {(r["student"], r["exercise"]): r for r in tables.exercise_rows(root, [name])}


class Table(dict):
    """Grading's results or a grade table, or why there are none (a test that looks at them fails with it)."""

    def __init__(self, rows=(), error=None):
        super().__init__(rows)
        self.error = error

    def _check(self):
        if self.error is not None:
            pytest.fail(f"grading or its grade table failed: {self.error!r}")

    def __getitem__(self, key):
        self._check()
        return super().__getitem__(key)

    def __iter__(self):
        self._check()
        return super().__iter__()

    def items(self):
        self._check()
        return super().items()

    def values(self):
        self._check()
        return super().values()


def table(root, name):
    try:
        return Table(rows_of(root, name))
    except Exception as error:  # e.g. a course file a submission reached and broke
        return Table(error=error)


def course_files(root):
    """The course directory's files no grading run should change (what a hostile submission would)."""
    return files_under(root / "source", root / "release", root / "submitted", root / "nbgrader_config.py")


def put_back(before, after):
    """``(changed, created)``: the course files that differ from ``before``; they are put back (the
    ones deleted stay deleted: another test judges those)."""
    changed = sorted(p for p in before if p in after and after[p] != before[p])
    created = sorted(set(after) - set(before))
    for path in changed:
        Path(path).write_bytes(before[path])
    for path in created:
        Path(path).unlink(missing_ok=True)
    return changed, created


def score(rows, student, exercise):
    value = rows[(student, exercise)]["score"]
    return None if value == "" else float(value)


def files_under(*folders):
    """{path: bytes} of every file under ``folders`` (or the file itself)."""
    found = {}
    for folder in folders:
        folder = Path(folder)
        paths = [folder] if folder.is_file() else (sorted(folder.rglob("*")) if folder.is_dir() else [])
        for path in paths:
            if path.is_file() and not path.is_symlink():
                try:
                    found[str(path)] = path.read_bytes()
                except OSError:
                    pass
    return found


def machine_watch():
    """What of the repository and the environment a hostile submission would write: the checks, dnn_utils
    (with their bytecode), the top of site-packages, the IPython startup files."""
    guessed = Path(sys.prefix).parent  # where WRITER guesses the repository is (here: the repository)
    watched = files_under(REPO / "testcases", REPO / "dnn_utils", guessed / "testcases", guessed / "dnn_utils",
                          Path(IPYDIR) / "profile_default" / "startup")
    watched.update({str(p): p.read_bytes() for p in Path(SITE).iterdir() if p.is_file()})
    return watched


def ours(data):
    return MARK.encode() in data


def undo(before, after, created_dirs=()):
    """Take back what a hostile submission left on this machine: cut what it appended to a file (from its
    marker line on), remove the files it created. Returns the paths it had changed."""
    touched = []
    for path, data in after.items():
        if not ours(data) or ours(before.get(path, b"")):
            continue
        touched.append(path)
        old = before.get(path)
        cut = data.find(b"\n# hostile-" + MARK.encode())
        if old is None:
            Path(path).unlink(missing_ok=True)
        elif cut >= 0:
            Path(path).write_bytes(data[:cut])   # keeps whatever else changed in it meanwhile
        else:
            Path(path).write_bytes(old)
    for folder in sorted(created_dirs, key=len, reverse=True):
        with contextlib.suppress(OSError):
            Path(folder).rmdir()
    return touched


def trees(*extra):
    """{path: bytes} of the copies of dnn_utils the sandboxes import (those the grader made for the submissions being graded, and any
    folder a submission said it imports from)."""
    return files_under(*Path(tempfile.gettempdir()).glob("dnn-course-grading-*"), *extra)


def undo_trees(before, after):
    """Take back what a submission wrote into the sandboxes' copies of dnn_utils: cut what it appended;
    remove bytecode it wrote, and a cached copy built while it had changed the repository (its key, made
    of the repository's sources, matches nothing once they are put back). Returns the paths it changed."""
    touched, stale = [], set()
    for path, data in after.items():
        if not ours(data) or ours(before.get(path, b"")):
            continue
        touched.append(path)
        cut = data.find(b"\n# hostile-" + MARK.encode())
        if cut >= 0 and not ours(data[:cut]):
            Path(path).write_bytes(data[:cut])
        elif path.endswith(".pyc"):
            Path(path).unlink(missing_ok=True)
        else:
            cached = [q for q in Path(path).parents if q.parent.name.startswith("dnn-course-grading-")]
            if cached:
                stale.add(cached[0])
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
    return touched


def existing_dirs():
    guessed = Path(sys.prefix).parent
    return {str(p) for base in (REPO / "testcases", REPO / "dnn_utils", guessed / "testcases", guessed / "dnn_utils",
                                Path(IPYDIR))
            for p in [base, *(base.rglob("*") if base.is_dir() else [])] if p.is_dir()}


def processes_with(marker):
    """pids of the processes on this machine whose command line holds ``marker``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                if marker.encode() in f.read():
                    found.append(int(entry))
        except OSError:
            continue
    return found


def survivors(*markers, wait=5.0):
    """The processes with one of ``markers`` still running ``wait`` seconds after grading, then killed."""
    deadline = time.time() + wait
    while True:
        alive = sorted({pid for m in markers for pid in processes_with(m)})
        if not alive or time.time() > deadline:
            break
        time.sleep(0.25)
    for pid in alive:  # started by this test's submissions: end them
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    return alive


class Listeners:
    """A TCP, a UDP, an abstract and a path unix socket on this machine, counting who gets through."""

    def __init__(self, folder):
        self.count = {"tcp": 0, "udp": 0, "abstract": 0, "unix": 0}
        self.stop = threading.Event()
        self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.tcp.bind(("127.0.0.1", 0))
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.abstract_name = f"\0dnn-hostile-{MARK}"
        self.abstract = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.abstract.bind(self.abstract_name)
        self.unix_path = str(folder / "hostile.sock")
        self.unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.unix.bind(self.unix_path)
        os.chmod(self.unix_path, 0o777)
        self.threads = []
        for kind, sock in (("tcp", self.tcp), ("abstract", self.abstract), ("unix", self.unix)):
            sock.listen(16)
            sock.settimeout(0.2)
            self.threads.append(threading.Thread(target=self._accept, args=(kind, sock), daemon=True))
        self.udp.settimeout(0.2)
        self.threads.append(threading.Thread(target=self._receive, daemon=True))
        for thread in self.threads:
            thread.start()

    def literals(self):
        return {"TCP_PORT": self.tcp.getsockname()[1], "UDP_PORT": self.udp.getsockname()[1],
                "ABSTRACT": self.abstract_name, "UNIX_PATH": self.unix_path}

    def _accept(self, kind, sock):
        while not self.stop.is_set():
            try:
                conn, _ = sock.accept()
            except (socket.timeout, OSError):
                continue
            self.count[kind] += 1
            conn.close()

    def _receive(self):
        while not self.stop.is_set():
            try:
                self.udp.recvfrom(64)
            except (socket.timeout, OSError):
                continue
            self.count["udp"] += 1

    def close(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=2)
        for sock in (self.tcp, self.udp, self.abstract, self.unix):
            sock.close()


# ---- the classes, graded once ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_class(tmp_path_factory):
    """The 01_init class of hostile submissions, handed in, collected and graded (sandboxed)."""
    tmp_path = tmp_path_factory.mktemp("hostile")
    root = tmp_path / "course"
    victim = f"victim_{MARK}"
    versions.write_student_versions([NAME], root=root)
    listeners = Listeners(tmp_path)
    extras = {"sleep_arg": f"6{secrets.randbelow(99):02d}.{int(MARK, 16) % 10 ** 9:09d}",
              "py_mark": f"hostile-spawn-{MARK}", "bomb_arg": f"7{secrets.randbelow(99):02d}.{int(MARK, 16) % 10 ** 8:08d}",
              "net": listeners.literals()}
    nbs = class_01(root, victim, extras)
    files = {student: nbformat.writes(nb).encode() for student, nb in nbs.items()}
    report = lms.collect(hand_in(tmp_path, files), root, [NAME])
    assert sorted(s for s, n, what in report if what == "new") == sorted(files)

    course_before = course_files(root)
    machine_before, dirs_before, trees_before = machine_watch(), existing_dirs(), trees()
    started = time.perf_counter()
    try:
        results = autograde(root, [NAME])
    finally:
        seconds = time.perf_counter() - started
        touched = undo(machine_before, machine_watch(), existing_dirs() - dirs_before)
        touched += undo_trees(trees_before, trees())
        alive = survivors(extras["sleep_arg"], extras["py_mark"], extras["bomb_arg"])
        listeners.close()
        course_changes = put_back(course_before, course_files(root))
    yield {"root": root, "files": files, "results": results, "victim": victim, "seconds": seconds,
           "course_changes": course_changes, "touched": touched, "alive": alive, "extras": extras,
           "net": dict(listeners.count), "rows": table(root, NAME)}
    # processes the daemon thread may have started since (there should be none)
    survivors(extras["sleep_arg"], extras["py_mark"], extras["bomb_arg"], wait=0)


@pytest.fixture(scope="module")
def forward_class(tmp_path_factory):
    """The 02_forward class: delegating to the course's reference, and sabotaging the shared dnn_utils."""
    tmp_path = tmp_path_factory.mktemp("hostile02")
    root = tmp_path / "course"
    versions.write_student_versions([FORWARD], root=root)
    files = {student: nbformat.writes(nb).encode() for student, nb in class_02().items()}
    lms.collect(inbox_of(tmp_path, FORWARD, files), root, [FORWARD])
    before, dirs_before, trees_before = machine_watch(), existing_dirs(), trees()
    try:
        results = autograde(root, [FORWARD])
    finally:
        touched = undo(before, machine_watch(), existing_dirs() - dirs_before)
        printed = re.findall(r"hostile-copy-at: (\S+)", cell_text(root, "a_saboteur", FORWARD))
        touched += undo_trees(trees_before, trees(*printed))
    return {"root": root, "results": results, "touched": touched, "rows": table(root, FORWARD)}


@pytest.fixture(scope="module")
def gradcheck_class(tmp_path_factory):
    """The 08_gradient_check class: a numerical_gradient that reaches for the trusted kernel through f."""
    tmp_path = tmp_path_factory.mktemp("hostile08")
    root = tmp_path / "course"
    pwned = tmp_path / f"pwned-{MARK}"
    versions.write_student_versions([GRADCHECK], root=root)
    files = {student: nbformat.writes(nb).encode() for student, nb in class_08(pwned).items()}
    lms.collect(inbox_of(tmp_path, GRADCHECK, files), root, [GRADCHECK])
    results = autograde(root, [GRADCHECK])
    return {"root": root, "results": results, "pwned": pwned, "rows": table(root, GRADCHECK)}


def assert_scores(rows, student, expected, tests):
    got = {t: score(rows, student, t) for t in tests}
    for test, want in zip(tests, expected):
        if want is not None:
            assert got[test] == want, (student, test, got, {t: rows[(student, t)]["status"] for t in tests})


def status(rows, student, exercise):
    return rows[(student, exercise)]["status"]


# ---- 01_init: one test per guarantee --------------------------------------------------------------

@pytest.mark.slow
def test_every_hostile_submission_is_graded_and_none_errors(hostile_class):
    """Every submission gets the notebook state "graded" (never "error") and every exercise one of the
    statuses the grade table knows."""
    results, rows = hostile_class["results"], hostile_class["rows"]
    print(f"grading the 01_init class of {len(results)} took {hostile_class['seconds']:.1f} s")
    assert {s for s, _ in results} == set(hostile_class["files"])
    states = {s: state["status"] for (s, _), state in results.items()}
    assert states == {s: "graded" for s in states}, {s: results[(s, NAME)].get("detail", "")[:300]
                                                      for s in states if states[s] != "graded"}
    for student in states:
        assert batch.read_state(hostile_class["root"], student, NAME)["status"] in ("graded", "invalid")
    for (student, exercise), row in rows.items():
        assert STATUS.fullmatch(row["status"]) and not row["status"].endswith("(unsandboxed)"), (student, row)


@pytest.mark.slow
def test_a_submission_cannot_rewrite_the_course_code(hostile_class):
    """Appending to testcases/ and dnn_utils/ (through __file__, through the repository guessed from
    sys.prefix, through its absolute path), poisoning their bytecode, planting a .pth file, an IPython
    startup file or modules that shadow the standard library, editing the course directory's files or its
    gradebook: nothing outside the submission's process changes, and the grades are the answers' grades."""
    root, rows = hostile_class["root"], hostile_class["rows"]
    assert hostile_class["touched"] == [], "changed on this machine (now put back): " + ", ".join(hostile_class["touched"])
    changed, new = hostile_class["course_changes"]
    assert not changed and not new, f"course files changed: {changed}, created: {new} (now put back)"
    assert_scores(rows, "a_writer", (1, 0), (EX1, EX2))          # its own wrong answer still earns nothing
    assert_scores(rows, "wrong", (0, 0), (EX1, EX2))
    assert_scores(rows, "correct", (1, 2), (EX1, EX2))           # and the solution exactly full marks
    assert_scores(rows, "zz_gradebook", (1, 2), (EX1, EX2))
    with sqlite3.connect(root / "gradebook.db") as db:
        assert db.execute("SELECT COUNT(*) FROM grade WHERE manual_score IS NOT NULL").fetchone()[0] == 0


@pytest.mark.slow
def test_a_submission_cannot_delete_another_students_work(hostile_class):
    root, victim, rows = hostile_class["root"], hostile_class["victim"], hostile_class["rows"]
    assert lms.submission_path(root, victim, NAME).read_bytes() == hostile_class["files"][victim]
    assert (batch.read_state(root, victim, NAME) or {}).get("status") == "graded"
    assert (root / "autograded" / victim / NAME / f"{NAME}.ipynb").exists()
    assert (root / "prepared" / victim / NAME / f"{NAME}.ipynb").exists()
    assert_scores(rows, victim, (1, 2), (EX1, EX2))
    assert status(rows, victim, EX1) == status(rows, victim, EX2) == "passed"
    assert_scores(rows, "deleter", (1, 2), (EX1, EX2))


@pytest.mark.slow
def test_a_submission_cannot_copy_the_solution_from_disk(hostile_class):
    """Another student's collected notebook and the instructor's source notebook (by absolute path, relative
    path, or found walking /) are not there to read: the submission's fallback, a wrong answer, earns 0."""
    rows = hostile_class["rows"]
    assert_scores(rows, "reader", (0, 0), (EX1, EX2))


@pytest.mark.slow
def test_swapping_the_code_of_the_comparisons_earns_nothing(hostile_class):
    rows = hostile_class["rows"]
    assert_scores(rows, "codeswap", (0, 2), (EX1, EX2))
    assert status(rows, "codeswap", EX1).startswith("failed: "), status(rows, "codeswap", EX1)
    assert status(rows, "codeswap", EX2) == "passed"


@pytest.mark.slow
def test_a_cell_that_ignores_interrupts_times_out_and_the_others_keep_their_points(hostile_class):
    rows, root = hostile_class["rows"], hostile_class["root"]
    assert status(rows, "sigint", EX1) == "timeout"
    assert status(rows, "sigint", EX2) == "passed"
    assert_scores(rows, "sigint", (0, 2), (EX1, EX2))
    assert batch.read_state(root, "sigint", NAME)["status"] == "graded"


@pytest.mark.slow
def test_a_right_answer_that_writes_to_stderr_passes(hostile_class):
    rows = hostile_class["rows"]
    assert status(rows, "stderr", EX1) == status(rows, "stderr", EX2) == "passed", \
        (status(rows, "stderr", EX1), status(rows, "stderr", EX2))
    assert_scores(rows, "stderr", (1, 2), (EX1, EX2))


@pytest.mark.slow
def test_no_process_a_submission_starts_outlives_its_grading(hostile_class):
    """sleep in a new session, nohup in the background, a double fork, a daemon thread starting more: none
    is running once autograde has returned (they were killed by the test if they were)."""
    assert hostile_class["alive"] == [], f"still running after grading: {hostile_class['alive']}"
    assert_scores(hostile_class["rows"], "spawner", (1, 2), (EX1, EX2))


@pytest.mark.slow
def test_memory_past_the_limit_fails_that_exercise_and_says_why(hostile_class):
    rows = hostile_class["rows"]
    text = status(rows, "memory", EX1)
    assert text.startswith("failed: ") and "memory limit" in text, text
    assert status(rows, "memory", EX2) == "passed"
    assert_scores(rows, "memory", (0, 2), (EX1, EX2))


@pytest.mark.slow
def test_a_fork_bomb_is_contained(hostile_class):
    rows = hostile_class["rows"]
    assert hostile_class["alive"] == [], f"still running after grading: {hostile_class['alive']}"
    assert status(rows, "forkbomb", EX2) == "passed"
    assert score(rows, "forkbomb", EX2) == 2
    assert batch.read_state(hostile_class["root"], "forkbomb", NAME)["status"] == "graded"


@pytest.mark.slow
def test_a_submission_has_no_network(hostile_class):
    """Not 127.0.0.1 over TCP or UDP, not an abstract unix socket, not a unix socket in the host's /tmp."""
    assert hostile_class["net"] == {"tcp": 0, "udp": 0, "abstract": 0, "unix": 0}, hostile_class["net"]
    assert_scores(hostile_class["rows"], "network", (1, 2), (EX1, EX2))


@pytest.mark.slow
def test_os_exit_kills_only_that_exercise(hostile_class):
    rows = hostile_class["rows"]
    assert status(rows, "exits", EX1) == "kernel died"
    assert status(rows, "exits", EX2) == "passed"
    assert_scores(rows, "exits", (0, 2), (EX1, EX2))


@pytest.mark.slow
def test_results_that_lie_earn_nothing(hostile_class):
    """An ndarray subclass whose comparisons lie and which copies the expected weights from the checks'
    frames into itself when they look at its shape; a dict that answers with the checks' expected values."""
    rows = hostile_class["rows"]
    assert_scores(rows, "liar", (0, 0), (EX1, EX2))
    assert status(rows, "liar", EX1).startswith("failed: ") and status(rows, "liar", EX2).startswith("failed: ")


@pytest.mark.slow
def test_patches_change_nothing_but_the_students_own_process(hostile_class):
    rows = hostile_class["rows"]
    assert score(rows, "toplevel", EX1) == 0                       # a top-level patch in front of a wrong answer
    assert status(rows, "toplevel", EX2) == "passed", status(rows, "toplevel", EX2)   # inside a right one
    assert score(rows, "toplevel", EX2) == 2


@pytest.mark.slow
def test_a_right_answer_whose_cell_imports_the_checks_or_uses_a_magic_still_passes(hostile_class):
    """Plausible honest cells: the first cell's import of the checks copied into an answer cell (the
    sandbox has no testcases), and an answer cell that starts with %matplotlib inline and imports the
    reference without calling it."""
    rows = hostile_class["rows"]
    assert status(rows, "plain_cells", EX1) == "passed", status(rows, "plain_cells", EX1)
    assert status(rows, "plain_cells", EX2) == "passed", status(rows, "plain_cells", EX2)


# ---- 02_forward: the reference is withheld, what 02 builds on is not ------------------------------

@pytest.mark.slow
def test_delegating_to_the_courses_reference_earns_nothing(forward_class):
    rows, results = forward_class["rows"], forward_class["results"]
    assert {state["status"] for state in results.values()} == {"graded"}, results
    for student in ("delegate_a", "delegate_b"):
        for test in FORWARD_TESTS:
            assert score(rows, student, test) == 0, (student, test, status(rows, student, test))
    assert WITHHELD_TEXT in status(rows, "delegate_a", "test_linear_forward"), status(rows, "delegate_a", "test_linear_forward")


@pytest.mark.slow
def test_what_a_notebook_builds_on_stays_available(forward_class):
    rows = forward_class["rows"]
    for student in ("correct02", "builds_on", "zz_correct02"):
        for test, points in FORWARD_TESTS.items():
            assert status(rows, student, test) == "passed", (student, test, status(rows, student, test))
            assert score(rows, student, test) == points


@pytest.mark.slow
def test_a_submission_cannot_change_the_dnn_utils_other_submissions_import(forward_class):
    """A submission appends a wrong sigmoid and relu to its copy of dnn_utils (and to the repository's):
    the submissions graded after it, whose answers call them, keep full marks."""
    rows = forward_class["rows"]
    assert forward_class["touched"] == [], "changed (now put back): " + ", ".join(forward_class["touched"])
    for test, points in FORWARD_TESTS.items():
        assert score(rows, "a_saboteur", test) == points, (test, status(rows, "a_saboteur", test))


# ---- 08_gradient_check: callbacks into the trusted kernel carry data only -------------------------

@pytest.mark.slow
def test_a_callback_is_no_way_into_the_trusted_kernel(gradcheck_class):
    rows = gradcheck_class["rows"]
    assert {state["status"] for state in gradcheck_class["results"].values()} == {"graded"}
    assert not gradcheck_class["pwned"].exists(), "the submission ran code outside its process"
    assert score(rows, "callback_attack", "test_numerical_gradient") == 0
    for test, points in GRADCHECK_TESTS.items():   # and callbacks work: the closure case included
        assert status(rows, "correct08", test) == "passed", (test, status(rows, "correct08", test))
        assert score(rows, "correct08", test) == points


# ---- without a sandbox ----------------------------------------------------------------------------

CACHE_WRITER = '''\
import os, glob
def _h_cache():
    if getattr(_h_cache, "done", False):
        return
    _h_cache.done = True
    import dnn_utils
    folder = os.path.dirname(dnn_utils.__file__)
    print("hostile-copy-at:", folder)
    for path in glob.glob(os.path.join(folder, "*.py")):
        try:
            with open(path, "a") as out:
                out.write("\\n# hostile-" + @MARK@ + "\\n")
        except Exception:
            pass
'''


def _tiny_course(tmp_path, extra=None):
    root = tmp_path / "course"
    versions.write_student_versions([NAME], root=root)
    files = {"correct": nbformat.writes(solution()).encode(),
             "wrong": nbformat.writes(with_answer(solution(), "initialize_parameters", SCALED_WRONG)).encode()}
    files.update(extra or {})
    lms.collect(hand_in(tmp_path, files), root, [NAME])
    return root


@pytest.fixture(scope="module")
def unsandboxed_class(tmp_path_factory):
    """A tiny 01_init class graded with sandbox=False; one right answer also writes into the copy of
    dnn_utils it imports."""
    tmp_path = tmp_path_factory.mktemp("unsandboxed")
    writer = with_answer(solution(), "initialize_parameters",
                         ip(before="_h_cache()\n", top=fill(CACHE_WRITER, MARK=MARK)))
    root = _tiny_course(tmp_path, {"cache_writer": nbformat.writes(writer).encode()})
    trees_before = trees()
    try:
        results = autograde(root, [NAME], sandbox=False)
    finally:
        printed = re.findall(r"hostile-copy-at: (\S+)", cell_text(root, "cache_writer", NAME))
        left = [path for path in printed if Path(path).exists()]
        undo_trees(trees_before, trees(*left))
    return {"root": root, "results": results, "copies": printed, "left": left, "rows": table(root, NAME)}


@pytest.mark.slow
def test_grading_without_a_sandbox_says_so_in_every_status(unsandboxed_class):
    results, rows = unsandboxed_class["results"], unsandboxed_class["rows"]
    assert {state["status"] for state in results.values()} == {"graded"}
    for row in rows.values():
        assert row["status"].endswith(" (unsandboxed)"), row
        assert STATUS.fullmatch(row["status"][:-len(" (unsandboxed)")]), row
    assert status(rows, "correct", EX1) == status(rows, "correct", EX2) == "passed (unsandboxed)"
    assert status(rows, "wrong", EX1).startswith("failed: ")
    assert score(rows, "wrong", EX1) == 0 and score(rows, "correct", EX2) == 2
    assert status(rows, "cache_writer", EX1) == "passed (unsandboxed)"


@pytest.mark.slow
def test_grading_without_a_sandbox_cannot_change_what_sandboxes_import(unsandboxed_class):
    """Each submission's process gets a copy of dnn_utils of its own, removed when it ends: what a
    submission graded --unsandboxed writes into its copy (here a comment line appended to each module)
    reaches no other submission and no later batch."""
    assert unsandboxed_class["copies"], "the writer did not find the copy it imports"
    assert unsandboxed_class["left"] == [], "copies left after grading: " + ", ".join(unsandboxed_class["left"])


def _main_in_a_fresh_process(argv, env):
    code = "import sys; from autograder.__main__ import main; sys.exit(main(%r))" % (argv,)
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300,
                          cwd=str(REPO))
    return done.returncode, done.stderr


@pytest.mark.slow
def test_without_bubblewrap_autograde_refuses_and_says_what_to_do(tmp_path, monkeypatch, capsys):
    root = _tiny_course(tmp_path)
    monkeypatch.setenv("COURSE_BWRAP", "/nonexistent/bwrap")
    argv = ["autograde", "01", "--course", str(root)]
    if any(m in sys.modules for m in ("autograder.sandbox.bubblewrap", "autograder.grade.execute")):
        # this process has read where bubblewrap is already: ask a fresh one, as the command line would
        code, err = _main_in_a_fresh_process(argv, dict(os.environ))
    else:
        code = main(argv)
        err = capsys.readouterr().err
    assert code == 2, (code, err)
    assert "apt-get install bubblewrap" in err and "--unsandboxed" in err, err
    assert not list((root / "grading").glob("*/*.json")), "it graded without a sandbox"
    assert "--unsandboxed" in subprocess.run([sys.executable, "-m", "autograder", "--help"], capture_output=True,
                                             text=True, cwd=str(REPO)).stdout


# ---- round 2: secrets, hidden tests, forged verdicts, bounds --------------------------------------

#: what every secret of the grading command below starts with; the hostile code prints every line of
#: everything it can read that holds it (the worst case: an attacker who knows the secrets' format)
SECRET = f"s3cr3t-{MARK}"
SNOOP = '''\
import os
def _h_snoop():
    hits, seen = [], {"environ": 0, "cmdline": 0, "files": 0}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        for what in ("environ", "cmdline"):
            try:
                with open(f"/proc/{pid}/{what}", "rb") as f:
                    data = f.read().decode(errors="replace")
            except Exception:
                continue
            seen[what] += 1
            hits += [f"/proc/{pid}/{what}: {part}" for part in data.split("\\0") if "s3cr3t-" in part]
    hits += [f"os.environ {k}={v}" for k, v in os.environ.items() if "s3cr3t-" in k + v]
    for top, dirs, files in os.walk("/"):
        if top == "/":
            dirs[:] = [d for d in dirs if d not in ("proc", "sys", "dev", "usr")]
        for name in files:
            path = os.path.join(top, name)
            try:
                if os.path.islink(path) or os.path.getsize(path) > 2_000_000:
                    continue
                with open(path, "rb") as f:
                    data = f.read()
            except Exception:
                continue
            seen["files"] += 1
            if b"s3cr3t-" in data:
                hits.append(f"file {path}")
    print("hostile-snoop-seen:", seen)
    for hit in hits:
        print("hostile-snoop-hit:", hit)
'''
#: the grading commands' modes: as root (bubblewrap without a user namespace, each sandbox its own uid),
#: and as an ordinary user (bubblewrap makes a user namespace; its PID 1 then runs as the grader's uid)
MODES = {"root": [], "ordinary user": ["unshare", "--user", "--map-user=54321", "--map-group=54321"]}


def _cli(root, prefix, *args, env=None):
    return subprocess.run([*prefix, sys.executable, "-m", "autograder", *args, "--course", str(root)],
                          capture_output=True, text=True, env=env, timeout=600, cwd=REPO)


@pytest.fixture(scope="module", params=list(MODES))
def secrets_class(request, tmp_path_factory):
    """01_init handed in by a student whose answer reads every process's environment and command line
    and every file it can reach, graded by the real commands whose environment, course directory and
    home hold secrets."""
    mode = request.param
    tmp_path = tmp_path_factory.mktemp("secrets")
    root = tmp_path / "course"
    home = tmp_path / "home"
    home.mkdir()
    (home / ".pgpass").write_text(f"localhost:5432:*:grader:{SECRET}-pgpass\n")
    env = dict(os.environ, HOME=str(home), PGPASSWORD=f"{SECRET}-pg", AWS_SECRET_ACCESS_KEY=f"{SECRET}-aws",
               GRADEBOOK_URL=f"postgresql+psycopg://grader:{SECRET}-url@db/course", COURSE_TOKEN=f"{SECRET}-token")
    assert _cli(root, [], "release", NAME, env=env).returncode == 0
    with open(root / "nbgrader_config.py", "a") as config:
        config.write(f"# the gradebook's password: {SECRET}-config\n")
    snoop = with_answer(solution(), "initialize_parameters", ip(before="_h_snoop()\n", top=SNOOP))
    inbox = inbox_of(tmp_path, NAME, {"snoop": nbformat.writes(snoop).encode()})
    assert _cli(root, [], "collect", NAME, "--from", str(inbox), env=env).returncode == 0
    graded = _cli(root, MODES[mode], "autograde", NAME, env=env)
    feedback = _cli(root, MODES[mode], "feedback", NAME, env=env)
    return {"mode": mode, "root": root, "graded": graded, "feedback": feedback}


@pytest.mark.slow
def test_no_secret_of_the_grader_reaches_the_submission_or_its_feedback(secrets_class):
    """In each mode: the hostile answer ran (it read /proc and the files it can reach) and found no
    secret; no output, autograded notebook, feedback or grading record holds one."""
    root, graded = secrets_class["root"], secrets_class["graded"]
    assert graded.returncode == 0, graded.stdout[-2000:] + graded.stderr[-2000:]
    assert secrets_class["feedback"].returncode == 0, secrets_class["feedback"].stderr[-2000:]
    text = cell_text(root, "snoop", NAME)
    seen = re.search(r"hostile-snoop-seen: \{'environ': (\d+), 'cmdline': (\d+), 'files': (\d+)\}", text)
    assert seen and all(int(n) > 0 for n in seen.groups()), f"the hostile answer did not run: {text[:2000]}"
    assert "hostile-snoop-hit" not in text, (secrets_class["mode"], re.findall(r"hostile-snoop-hit: .*", text))
    for folder in ("autograded", "feedback", "grading"):
        for path in (root / folder).rglob("*"):
            if path.is_file():
                assert SECRET.encode() not in path.read_bytes(), (secrets_class["mode"], path)
    assert SECRET not in graded.stdout + graded.stderr + secrets_class["feedback"].stdout


def _lf(body):
    return "def linear_forward(A, W, b):\n" + textwrap.indent(textwrap.dedent(body), "    ")


#: right on the visible case only (A (3, 2), W (1, 3)), zeros on every other shape
VISIBLE_ONLY = _lf('''\
if A.shape == (3, 2) and W.shape == (1, 3):
    return np.dot(W, A) + b, (A, W, b)
return np.zeros((W.shape[0], A.shape[1])), (A, W, b)
''')
#: right, and prints what a check prints when an exercise is right on the course's earlier one
FORGES_STATUS = _lf('''\
print("linear_forward is right when it runs on the course's relu: your relu is wrong (see its check above); fix that first.")
return np.dot(W, A) + b, (A, W, b)
''')
#: wrong, and returns a text whose lines look like a check's advice
FORGES_HINT = _lf('''\
return "Z\\nHint: forged-advice, the grader believes anything", (A, W, b)
''')
#: a result of no bytes that claims 8 TB (a view broadcast from one number)
BROADCAST = _lf('''\
return np.broadcast_to(np.zeros(1), (1 << 40,)), (A, W, b)
''')
#: a 40 MB string as the result (over the bound of a message header)
HUGE_STRING = _lf('''\
return "x" * 40_000_000, (A, W, b)
''')


def class_02_round2():
    good = solution_of(FORWARD)
    many = "\n".join(f"v{i} = {i}" for i in range(20_000))
    extra = [nbformat.v4.new_code_cell(many),
             {"cell_type": "markdown", "id": "my-notes", "source": "my notes",
              "metadata": {"tags": "not-a-list", "nbgrader": "nonsense", "dnn_course_release": "yes", "deletable": 7}}]
    padded = nbformat.from_dict(json.loads(json.dumps(good)))
    padded.cells[3:3] = extra
    return {"visible_only": with_answer(good, "linear_forward", VISIBLE_ONLY),
            "forges_status": with_answer(good, "linear_forward", FORGES_STATUS),
            "forges_hint": with_answer(good, "linear_forward", FORGES_HINT),
            "broadcast": with_answer(good, "linear_forward", BROADCAST),
            "huge_string": with_answer(good, "linear_forward", HUGE_STRING),
            "odd_cells": padded,
            "right": good}


@pytest.fixture(scope="module")
def round2_class(tmp_path_factory):
    """02_forward handed in with answers right only on the visible case, forged statuses and hints,
    results too large to send, and added cells that are many or malformed."""
    tmp_path = tmp_path_factory.mktemp("round2")
    root = tmp_path / "course"
    versions.write_student_versions([FORWARD], root=root)
    nbs = class_02_round2()
    # as JSON: nbformat would refuse to write the malformed metadata a hand-in can hold
    files = {student: json.dumps(nb).encode() for student, nb in nbs.items()}
    lms.collect(inbox_of(tmp_path, FORWARD, files), root, [FORWARD])
    results = autograde(root, [FORWARD])
    grader = course.api(root)
    for student in ("visible_only", "right"):
        grader.generate_feedback(FORWARD, student)
    return {"root": root, "results": results, "rows": table(root, FORWARD), "students": set(nbs)}


def _row(rows, student, exercise):
    return rows[(student, exercise)]


@pytest.mark.slow
def test_every_round2_submission_is_graded(round2_class):
    results = round2_class["results"]
    assert {s for s, _ in results} == round2_class["students"]
    assert {s: st["status"] for (s, _), st in results.items()} == {s: "graded" for s in round2_class["students"]}, \
        {s: st.get("detail", "")[:500] for (s, _), st in results.items() if st["status"] != "graded"}


@pytest.mark.slow
def test_hidden_tests_run_while_grading(round2_class):
    """A function right only on the visible case loses its points (the hidden check fails), and says
    on which case; the right answer keeps them."""
    rows = round2_class["rows"]
    assert score(rows, "visible_only", "test_linear_forward") == 0
    assert "linear_forward with A" in status(rows, "visible_only", "test_linear_forward")
    assert score(rows, "right", "test_linear_forward") == 1
    auto = nbformat.read(round2_class["root"] / "autograded" / "right" / FORWARD / f"{FORWARD}.ipynb", as_version=4)
    assert sum("hidden_check_linear_forward(linear_forward)" in c.source for c in auto.cells) == 1
    for student in ("visible_only", "right"):   # and the student never sees them
        html = (round2_class["root"] / "feedback" / student / FORWARD / f"{FORWARD}.html").read_text()
        assert "check_linear_forward" in html   # the visible test, syntax-highlighted
        assert "hidden_check" not in html and "HIDDEN TESTS" not in html


@pytest.mark.slow
def test_a_status_or_a_hint_comes_from_the_checks_never_from_what_the_student_printed(round2_class):
    rows = round2_class["rows"]
    assert status(rows, "forges_status", "test_linear_forward") == "passed"
    assert score(rows, "forges_status", "test_linear_forward") == 1
    assert score(rows, "forges_hint", "test_linear_forward") == 0
    for (student, exercise), row in rows.items():
        assert "forged-advice" not in row["mistake"] + row["status"], (student, exercise, row)


@pytest.mark.slow
def test_a_result_too_large_to_send_fails_that_call_only(round2_class):
    """A zero-byte view claiming 8 TB and a 40 MB string: the exercise fails saying why, the process
    lives on, the exercises built on it keep their points; the notebook written stays small."""
    rows, root = round2_class["rows"], round2_class["root"]
    for student in ("broadcast", "huge_string"):
        assert score(rows, student, "test_linear_forward") == 0
        assert status(rows, student, "test_linear_forward").startswith("failed"), status(rows, student, "test_linear_forward")
        for exercise in ("test_linear_activation_forward", "test_L_model_forward"):
            assert status(rows, student, exercise) == "passed, on the course's linear_forward", \
                (student, exercise, status(rows, student, exercise))
        path = root / "autograded" / student / FORWARD / f"{FORWARD}.ipynb"
        assert path.stat().st_size < 2_000_000, (student, path.stat().st_size)
    assert "over the limit" in cell_text(root, "broadcast", FORWARD)


@pytest.mark.slow
def test_many_or_malformed_added_cells_are_the_students_and_change_nothing(round2_class):
    """20,000 assignments in one added cell and a markdown cell with malformed metadata: graded, full
    marks, the cells kept as the student's with no metadata."""
    rows, root = round2_class["rows"], round2_class["root"]
    for test, points in FORWARD_TESTS.items():
        assert score(rows, "odd_cells", test) == points, (test, status(rows, "odd_cells", test))
    auto = nbformat.read(root / "autograded" / "odd_cells" / FORWARD / f"{FORWARD}.ipynb", as_version=4)
    notes = [c for c in auto.cells if c.source == "my notes"]
    assert len(notes) == 1 and "nbgrader" not in notes[0].metadata and "tags" not in notes[0].metadata


@pytest.mark.slow
def test_a_notebook_past_its_deadline_is_graded_with_the_cells_left_as_timeout(tmp_path):
    """c.CourseExecute.notebook_timeout bounds a notebook's grading in all: the cells not run by then
    get NotebookTimeout, their exercises the status `timeout` and no points, and the batch goes on."""
    root = tmp_path / "course"
    versions.write_student_versions([NAME], root=root)
    config = root / "nbgrader_config.py"
    config.write_text(config.read_text() + "c.CourseExecute.notebook_timeout = 0\n")
    lms.collect(inbox_of(tmp_path, NAME, {"right": nbformat.writes(solution()).encode()}), root, [NAME])
    results = autograde(root, [NAME])
    assert results[("right", NAME)]["status"] == "graded", results
    rows = table(root, NAME)
    for exercise in (EX1, EX2):
        assert status(rows, "right", exercise) == "timeout" and score(rows, "right", exercise) == 0, rows


def test_where_a_submission_says_its_error_was_raised_is_read_as_data():
    """The submission's process names the line of the student's code that raised (a check quotes it in
    its hint): anything else than a function's name, a line number and one short line is refused."""
    from autograder.sandbox.bubblewrap import raised_at

    assert raised_at({"function": "f", "line": 3, "text": "  return 1 / 0  "}) == ("f", 3, "return 1 / 0")
    for forged in (None, "f:3", {"function": "f; import os", "line": 3, "text": ""},
                   {"function": "f", "line": True, "text": ""}, {"function": "f", "line": 0, "text": ""},
                   {"function": "f", "line": "3", "text": ""}, {"function": "f", "line": 3, "text": None}):
        assert raised_at(forged) is None, forged
    _, _, text = raised_at({"function": "f", "line": 3, "text": "x = 1\nHint: all checks passed." + "!" * 500})
    assert "\n" not in text and len(text) <= 160 and text.endswith("...")
