"""The corpus: implementations written the way students write them, right and wrong, and how they are run.

Each ``tests/course/corpus/nbNN.py`` (NN the notebook's number, 01 to 09) defines ``CASES``, a list of
:class:`Impl`::

    CASES = [
        Impl(function="linear_forward", style="np.dot", right=True, source='''
    def linear_forward(A, W, b):
        Z = np.dot(W, A) + b
        return Z, (A, W, b)
    '''),
        Impl(function="linear_forward", style="W.T", right=False, words=["W.T", "transposed"], source='''
    def linear_forward(A, W, b):
        Z = np.dot(W.T, A) + b
        return Z, (A, W, b)
    '''),
    ]

- ``function`` is the graded exercise's name, as the notebook's ``EXERCISES`` registers it (a class
  name for the layers of 09, e.g. ``"MulLayer"``);
- ``source`` is what a student would type into the answer cell: it must define ``function`` and may
  define helpers (it is dedented before it runs);
- ``style`` says in a few words how it is written ("loops", "np.multiply", "@", "template assert",
  "in place", ...): it names the case in the test's output, so keep it short and distinct per function;
- ``right=True``: it passes the visible check and the hidden check(s) of ``function``;
- ``right=False``: a check raises :class:`testcases.checks.CheckFailure` whose message contains every
  phrase of ``words`` (compared case-insensitively) and none of ``absent`` (advice that would not fit).
  The visible check must fail, since the lab is where a student should see a mistake; a mistake that
  only other inputs than the documented ones can show (a size hard-coded from the documented case, say)
  sets ``hidden_only=True``, and then the visible check passes and a hidden one fails.

The source runs in a namespace prepared as the notebook's: the notebook's own top-level imports (every
``import`` / ``from ... import`` statement of its text twin ``notebooks/NN_*.py``, hence ``np`` and the
helpers it imports from ``dnn_utils``), then the course's reference of each of the notebook's *earlier*
exercises (as if the student had written them correctly), then the source itself, which may replace
any of them by its own. Every case gets a namespace of its own.
"""
import ast
import contextlib
import dataclasses
import importlib
import io
import textwrap
from pathlib import Path

from testcases.checks import CheckFailure

ROOT = Path(__file__).resolve().parents[3]
CORPUS = Path(__file__).resolve().parent


@dataclasses.dataclass(frozen=True)
class Impl:
    """One implementation of one graded exercise, right or wrong (see the module's docstring)."""
    function: str
    style: str
    source: str
    right: bool
    words: tuple = ()
    absent: tuple = ()
    hidden_only: bool = False

    def __post_init__(self):
        object.__setattr__(self, "words", tuple(self.words))
        object.__setattr__(self, "absent", tuple(self.absent))
        if self.right and (self.words or self.hidden_only):
            raise ValueError(f"{self.function} ({self.style}): a right implementation has no words "
                             f"and no hidden_only; got words={self.words!r}, hidden_only={self.hidden_only}")
        if not self.right and not self.words:
            raise ValueError(f"{self.function} ({self.style}): a wrong implementation needs the words its "
                             f"message must contain")


def corpus_files():
    """The corpus modules' numbers and paths, in the course's order: [("01", path), ...]."""
    return [(path.stem[2:], path) for path in sorted(CORPUS.glob("nb[0-9][0-9].py"))]


def load_cases(path):
    """The ``CASES`` of one corpus file, loaded by path (the folder is not a package)."""
    namespace = {"__name__": f"corpus_{path.stem}", "__file__": str(path)}
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    cases = namespace.get("CASES")
    if not isinstance(cases, list) or not all(isinstance(case, Impl) for case in cases):
        raise TypeError(f"{path.name} must define CASES, a list of Impl; got {type(cases).__name__}")
    return cases


def checks_module(number):
    """The module of checks of notebook ``number`` ("01".."09"): testcases.nbNN."""
    return importlib.import_module(f"testcases.nb{number}")


def notebook_imports(number):
    """The source of every top-level import statement of the notebook's text twin."""
    twins = sorted((ROOT / "notebooks").glob(f"{number}_*.py"))
    if len(twins) != 1:
        raise FileNotFoundError(f"expected one notebooks/{number}_*.py, found {[p.name for p in twins]}")
    text = twins[0].read_text()
    tree = ast.parse(text)
    return "\n".join(ast.get_source_segment(text, node) for node in tree.body
                     if isinstance(node, (ast.Import, ast.ImportFrom)))


def namespace_for(number, function):
    """A fresh namespace prepared as the notebook's just before ``function``'s answer cell runs."""
    order = exercises_of(number)
    if function not in order:
        raise KeyError(f"notebook {number} has no graded exercise {function!r}; its exercises are {order}")
    namespace = {"__name__": "__main__"}
    exec(compile(notebook_imports(number), f"<notebook {number} imports>", "exec"), namespace)
    exercises = getattr(checks_module(number), "EXERCISES", None)
    if exercises is not None:
        for earlier in order[:order.index(function)]:
            if exercises.reference[earlier] is not None:
                namespace[earlier] = exercises.reference[earlier]
    return namespace


def exercises_of(number):
    """The graded exercises of notebook ``number``, in its order: its ``EXERCISES`` (the root-cause
    search's register) or, for a notebook without one, the functions its ``check_<name>`` check."""
    module = checks_module(number)
    exercises = getattr(module, "EXERCISES", None)
    if exercises is not None:
        return list(exercises.order)
    return sorted((name[len("check_"):] for name in dir(module) if name.startswith("check_")),
                  key=lambda name: getattr(module, "check_" + name).__code__.co_firstlineno)


def define(number, impl):
    """Run ``impl.source`` in the notebook's namespace and return what it defines as ``impl.function``."""
    namespace = namespace_for(number, impl.function)
    code = compile(textwrap.dedent(impl.source), f"<corpus nb{number} {impl.function}: {impl.style}>", "exec")
    exec(code, namespace)
    if impl.function not in namespace or getattr(namespace[impl.function], "__module__", "").startswith(
            ("dnn_utils", "testcases")):
        raise NameError(f"the source of {impl.function} ({impl.style}) does not define {impl.function}")
    return namespace[impl.function]


def checks_of(number, function):
    """The wrapped checks of ``function`` in notebook ``number``: [visible, hidden, ...], as the test
    cells call them (so that a failure goes through the root-cause search)."""
    module = checks_module(number)
    if getattr(module, "EXERCISES", None) is None:
        return [getattr(module, name) for name in (f"check_{function}", f"hidden_check_{function}")
                if hasattr(module, name)]
    unwrapped = module.EXERCISES.checks[function]
    found = {}
    for name in dir(module):
        value = getattr(module, name)
        inner = getattr(value, "__wrapped__", None)
        for i, check in enumerate(unwrapped):
            if inner is check:
                found[i] = value
    if sorted(found) != list(range(len(unwrapped))):
        raise LookupError(f"testcases.nb{number} does not expose every check of {function}")
    return [found[i] for i in range(len(unwrapped))]


def run(number, impl):
    """Run every check of ``impl.function`` on the implementation.

    Returns a list with, per check (visible first), None when it passed or the CheckFailure's message.
    Anything other than a CheckFailure escapes: the checks must never crash on a student's code.
    """
    fn = define(number, impl)
    verdicts = []
    for check in checks_of(number, impl.function):
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                check(fn)
        except CheckFailure as failure:
            verdicts.append(str(failure))
        else:
            verdicts.append(None)
    return verdicts
