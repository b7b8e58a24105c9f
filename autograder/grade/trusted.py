"""The trusted kernel that a grading worker keeps from one notebook submission to the next.

Starting a Jupyter kernel and importing numpy, matplotlib and the checks costs more than grading most
notebooks. A worker therefore keeps its trusted kernel, and makes it as good as new between two
notebooks. Only the instructor's cells and the checks ever run in it (the student's code runs in the
submission's sandboxed process, which ends with its notebook), but what they change must not reach
the next notebook, which may be another student's. :func:`reset`, run in the kernel after each
notebook, undoes all of it:

- the submission's process is killed, and its hook on IPython's events removed;
- IPython forgets the notebook: its namespace (every proxy of the submission's functions), outputs,
  history, execution count, event hooks and the handler of the checks' exceptions, and draws
  figures again (:func:`draw_figures`);
- the course's own packages (``testcases``, ``dnn_utils``, and ``autograder`` but this module and its
  packages) are forgotten, so the next notebook imports them anew: no module attribute, cache or
  registry of the checks carries over;
- numpy's and ``random``'s global random state are seeded anew from the system (as in a new
  kernel), numpy's error handling and print options, the warnings filters, matplotlib's settings,
  the environment variables and ``sys.path`` are those the kernel had before its first notebook, and
  every figure is closed; the next notebook starts in its own folder (:func:`begin`).

:func:`record` takes that state, once, in a new kernel before its first notebook, after importing
the libraries every notebook uses (:data:`WARM`), which are kept; the course's modules, imported anew
by each notebook, are compiled once per kernel (:class:`_CompiledOnce`). ``CourseExecute`` keeps the
kernel only when the reset ran without an error, and ends it otherwise, as it ends it after a
timeout or a dead process; ``tests/grade/test_isolation.py`` grades submissions one after another in
one kept kernel and looks for each one's traces in the next.
"""
import importlib
import importlib.machinery
import os
import random
import sys
import warnings

#: third-party modules every notebook imports: imported once per kernel, and kept
WARM = ("numpy", "matplotlib", "matplotlib.pyplot", "tqdm.auto")

#: the course's packages: imported anew by every notebook (this module excepted)
COURSE_PACKAGES = ("autograder", "dnn_utils", "testcases")

_clean = None       # the state of the kernel before its first notebook (record)


def _course_module(name):
    """Whether ``name`` is a module of the course's packages that a reset forgets (not this module,
    nor its packages ``autograder`` and ``autograder.grade``, whose ``__init__`` are docstrings)."""
    return name.split(".")[0] in COURSE_PACKAGES and not (__name__ + ".").startswith(name + ".")


class _CompiledOnce(importlib.machinery.SourceFileLoader):
    """Loads a module of the course's packages as Python does, but compiles each source once per
    kernel: the code object (immutable) is kept, keyed by the file's path and its whole text, and the
    module is executed anew at every import, so nothing of its state is kept. Where bytecode caches
    are not written (``PYTHONDONTWRITEBYTECODE``), every notebook would otherwise compile the checks
    again."""

    _compiled = {}

    def source_to_code(self, data, path, *args, **kwargs):
        key = (path, bytes(data))
        if key not in self._compiled:
            self._compiled[key] = super().source_to_code(data, path, *args, **kwargs)
        return self._compiled[key]


class _CourseFinder:
    """Finds the course's modules where Python would, and loads them with :class:`_CompiledOnce`."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if not _course_module(name):
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is not None and type(spec.loader) is importlib.machinery.SourceFileLoader:
            spec.loader = _CompiledOnce(spec.loader.name, spec.loader.path)
        return spec

    @staticmethod
    def invalidate_caches():
        pass


def _state():
    import matplotlib
    import numpy as np

    shell = _shell()
    return {
        "numpy_errors": np.geterr(),
        "numpy_print": np.get_printoptions(),
        "warnings": list(warnings.filters),
        "showwarning": warnings.showwarning,
        "rc": matplotlib.rcParams.copy(),
        "environ": dict(os.environ),
        "path": list(sys.path),
        "events": {event: list(hooks) for event, hooks in shell.events.callbacks.items()} if shell else {},
    }


def _shell():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def record():
    """In a new trusted kernel, before its first notebook: import :data:`WARM` and take the state
    that :func:`reset` returns to. Idempotent."""
    global _clean
    if _clean is None:
        for module in WARM:
            importlib.import_module(module)
        if not any(finder is _CourseFinder for finder in sys.meta_path):
            sys.meta_path.insert(0, _CourseFinder)
        _clean = _state()


def reset():
    """After a notebook: the kernel as :func:`record` left it (see the module's docstring)."""
    import matplotlib
    import matplotlib.pyplot as plt
    import numpy as np

    if _clean is None:
        raise RuntimeError("the trusted kernel was never recorded clean: it cannot be reset")
    shell = _shell()
    box = shell.user_ns.get("_grading_sandbox") if shell else None
    if box is not None:
        box.kill("its notebook is graded")
    if shell is not None:
        shell.reset(new_session=True)         # which collects the garbage, too
        shell.set_custom_exc((), None)
        for event, hooks in _clean["events"].items():
            shell.events.callbacks[event][:] = hooks
    draw_figures(True)
    for name in [name for name in sys.modules if _course_module(name)]:
        del sys.modules[name]
    plt.close("all")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")       # deprecated settings, copied too, warn when set again
        matplotlib.rcParams.update(_clean["rc"])
    warnings.filters[:] = _clean["warnings"]
    warnings.showwarning = _clean["showwarning"]
    getattr(warnings, "_filters_mutated", lambda: None)()    # forget which warnings were shown "once"
    np.seterr(**_clean["numpy_errors"])
    np.set_printoptions(**_clean["numpy_print"])
    np.random.seed()
    random.seed()
    os.environ.clear()
    os.environ.update(_clean["environ"])
    sys.path[:] = _clean["path"]


def draw_figures(drawn):
    """Whether the figures a cell shows are drawn (as PNG, by the inline backend's formatter) or left
    as their text: grading leaves undrawn those of a demonstration it shortened, whose outputs the
    feedback leaves out (``execute.CourseExecute``); :func:`reset` draws them again."""
    shell = _shell()
    if shell is not None:
        shell.display_formatter.formatters["image/png"].enabled = bool(drawn)


def begin(folder):
    """Before a notebook: record the kernel's state if it is new, and work in ``folder`` (the
    notebook's own, as a new kernel started there would)."""
    record()
    os.chdir(folder)


def leftovers():
    """What of the last notebook is still in the kernel (names, course modules, figures): empty
    after :func:`reset`. For the tests."""
    import matplotlib.pyplot as plt

    shell = _shell()
    hidden = set(getattr(shell, "user_ns_hidden", {}) or {}) if shell else set()
    names = sorted(n for n in (shell.user_ns if shell else {}) if n not in hidden and not n.startswith("_"))
    return {"names": names, "modules": sorted(n for n in sys.modules if _course_module(n)),
            "figures": plt.get_fignums()}
