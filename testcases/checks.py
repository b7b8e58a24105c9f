"""The check engine: call a student's function safely, compare with what is expected, and turn a
mismatch into advice.

A notebook's test cell calls one ``check_<function>(fn)`` from ``testcases.nbXX``. That builds a
:class:`Check`, which

- calls the function on fresh fixtures (:meth:`Check.call`), turning an exception into advice and
  failing when the function changed its inputs or touched numpy's global random state;
- compares each result with the expected one (:meth:`Check.equal`); on a mismatch it tries the
  catalogue of likely mistakes for that function (each a wrong implementation run on the same inputs)
  and then generic diagnoses (transposed, off by a constant factor, wrong sign, missing keepdims);
- prints one success line when everything passed (:meth:`Check.done`), or raises
  :class:`CheckFailure` (an AssertionError) with expected vs actual value and shape, then the advice.
"""
import contextlib
import copy
import functools
import io
import os
import re
import sys

import numpy as np

from . import verdicts

#: how close a result must be to the expected value (the documented values have 8 decimals)
ATOL = 1e-7
RTOL = 1e-6


class CheckFailure(AssertionError):
    """A check failed; the message says what was expected, what came instead, and why it may be."""


class Mistake:
    """A catalogued mistake: the advice, and a wrong implementation that reproduces it.

    ``wrong`` is a callable with no arguments that computes what the mistaken code returns on the
    inputs at hand (it may raise, in which case the mistake cannot explain this result).
    """

    def __init__(self, advice, wrong):
        self.advice = advice
        self.wrong = wrong

    def explains(self, actual):
        try:
            candidate = self.wrong()
        except Exception:
            return False
        return same(actual, candidate)


def mistakes(pairs):
    """Mistakes from (advice, wrong) pairs; a ``wrong`` that raises explains nothing."""
    return [Mistake(advice, wrong) for advice, wrong in pairs]


#: how close an analytic gradient must be to a centred numerical one (relative error)
GRAD_RTOL = 1e-5


def agrees_with_numeric(actual, numeric, rtol=GRAD_RTOL, atol=1e-9):
    """Same shape and finite, and within ``rtol`` relative error of the numerical gradient
    (``atol`` absolute, for round-off where both are near 0)."""
    from dnn_utils.gradcheck import rel_error

    try:
        a = np.asarray(actual, dtype=float)
    except Exception:  # not numbers (a list holding itself, a huge int, an odd object): not agreeing
        return False
    if a.shape != numeric.shape or not np.all(np.isfinite(a)):
        return False
    return (rel_error(a, numeric) < rtol
            or bool(np.all(np.abs(a - numeric) <= rtol * (np.abs(a) + np.abs(numeric)) + atol)))


def same(actual, expected, atol=ATOL, rtol=RTOL):
    """True when ``actual`` has the shape of ``expected`` and its values agree within tolerance."""
    try:
        a = np.asarray(actual, dtype=float)
        e = np.asarray(expected, dtype=float)
        return a.shape == e.shape and bool(np.allclose(a, e, atol=atol, rtol=rtol))
    except Exception:  # not numbers (a list holding itself, a huge int, an odd object): not the same
        return False


def describe(value):
    """Shape and value of anything a student may return, for a failure message; never raises (an object
    that cannot be shown is named by its type)."""
    try:
        return _describe(value)
    except Exception:  # an odd object: a __repr__ that raises, keys that do not sort, ...
        return f"an object of type {type(value).__name__}"


def _describe(value):
    if isinstance(value, np.ndarray):
        with np.printoptions(precision=8, threshold=40, edgeitems=3):
            return f"ndarray of shape {value.shape}:\n{value}"
    if isinstance(value, (float, int, np.floating, np.integer)):
        return f"{type(value).__name__} {value!r}"
    if isinstance(value, str):   # quoted: a returned text never reads as the check's own lines
        return f"str {value[:200]!r}" + (f" ... ({len(value)} characters)" if len(value) > 200 else "")
    if isinstance(value, dict):
        try:
            keys = sorted(value)
        except TypeError:  # keys of several types
            keys = list(value)
        return f"dict with keys {keys}"
    if isinstance(value, (tuple, list)):
        return f"{type(value).__name__} of length {len(value)}"
    return f"{type(value).__name__}"


def generic_advice(actual, expected):
    """Diagnoses that hold for any function: shape slips, transposes, factors, signs; where none fits,
    a plain statement of where the values first differ (never a guess).

    A single number is judged against what can be said of a single number (its sign, 0); a ratio says
    something only of an array, where one factor relating every entry is a finding."""
    try:
        a = (np.asarray(actual, dtype=float)
             if isinstance(actual, (np.ndarray, np.generic, float, int, list)) else None)
    except Exception:  # a list that is not numbers (nested unevenly, or holding itself)
        a = None
    e = np.asarray(expected, dtype=float)
    if a is None:
        return f"a numpy array was expected, not a {type(actual).__name__}."
    if a.shape != e.shape:
        if e.ndim == 2 and a.shape == e.shape[::-1] and e.shape[0] != e.shape[1]:
            if same(a, e.T):
                return ("the result is the transpose of the expected one: examples are columns, so "
                        "results have shape (units, m); check the order of the matrix product.")
            return ("the shape is transposed: a weight matrix W[l] has shape (n[l], n[l-1]) and a "
                    "result has shape (units, m).")
        if a.ndim == 1 and e.ndim == 2 and a.shape[0] == e.shape[0] and e.shape[1] == 1:
            return (f"it is a 1-D array of shape {a.shape} where a column {e.shape} is expected: np.squeeze, "
                    "ravel, or np.sum without keepdims=True drops the second axis. Keep the column: "
                    "np.sum(..., axis=1, keepdims=True) and no squeeze (or create it with np.zeros((n, 1))).")
        if a.ndim == 1 and e.ndim == 2 and a.shape[0] == e.shape[1] and e.shape[0] == 1:
            return (f"it is a 1-D array of shape {a.shape} where a row {e.shape} is expected: np.squeeze, "
                    "ravel or flatten drops the first axis. Keep the shape (1, m).")
        if a.ndim == 2 and e.ndim == 2 and e.shape[1] == 1 and a.shape[0] == 1 and a.shape[1] > 1:
            return (f"it has one entry per example, shape {a.shape}, where a column {e.shape} is expected: it is "
                    "summed (or averaged) over axis 0, the units, or not summed at all. The examples are the "
                    "columns: sum over axis=1, with keepdims=True.")
        if a.ndim == 0 and e.ndim == 2:
            if e.size == 1:
                return (f"it is a single number where an array of shape {e.shape} is expected: np.squeeze, "
                        "float() or .item() drops both axes (and so does a sum over every axis). Keep the "
                        "shape: np.sum(..., axis=1, keepdims=True), with no squeeze.")
            return (f"it is a single number where an array of shape {e.shape} is expected: did you sum over "
                    "every axis (np.sum with no axis)?")
        return f"the shape should be {e.shape}, not {a.shape}."
    if np.all(e == 0):
        return "every entry should be 0."
    single = e.size == 1
    if same(a, -e):
        return ("it is the expected value with the opposite sign: check the minus signs in your formula."
                if single else "it has the wrong sign: check the minus signs in your formula.")
    if np.all(a == 0):
        return ("it is 0: is a step missing, or is its result never returned?" if single else
                "every entry is 0: is a step missing, or is its result never returned?")
    nonzero = np.abs(e) > 1e-12
    if not single and np.count_nonzero(nonzero) >= 2 and np.all(np.isfinite(a)):
        ratios = a[nonzero] / e[nonzero]
        k = ratios.flat[0]
        if np.allclose(ratios, k, rtol=1e-5) and not np.isclose(k, 1.0) and np.all(a[~nonzero] == 0):
            return (f"every entry is {k:.6g} times the expected one: a constant factor is wrong or "
                    f"missing (a scale, 1/m, or the learning rate?).")
    return first_difference(a, e)


def first_difference(actual, expected):
    """Where no catalogued mistake fits: say so, and where the values first differ."""
    a, e = np.asarray(actual, dtype=float), np.asarray(expected, dtype=float)
    if e.size == 1:
        return (f"no mistake this check knows gives this value (expected {e.item():.8g}, got {a.item():.8g}): "
                "compare your formula with the exercise's, term by term.")
    differ = ~np.isclose(a, e, atol=ATOL, rtol=RTOL, equal_nan=False)
    if not differ.any():
        return None
    index = tuple(int(i) for i in np.argwhere(differ)[0])
    where = index[0] if len(index) == 1 else index
    return (f"no mistake this check knows gives these values: they first differ at index {where} "
            f"(expected {e[index]:.8g}, got {a[index]:.8g}), and {int(differ.sum())} of {differ.size} "
            "entries differ. Compare your formula with the exercise's, term by term.")


class Check:
    """A group of checks on one function; counts what passed and fails with advice."""

    def __init__(self, title, quiet=False):
        self.title = title
        self.quiet = quiet
        self.passed = 0

    # ---- failing -------------------------------------------------------------------------------
    def fail(self, problem, advice=None, expected=None, actual=None, show_values=True):
        __tracebackhide__ = True  # IPython and pytest show the student's frames, not these
        lines = [f"{self.title}: {problem}"]
        if show_values:
            # a text here is the check's own description of what it expects, shown as it is; a text the
            # student's code returned is quoted (describe), so that it never reads as the check's lines
            lines.append(f"  expected: {expected if isinstance(expected, str) else describe(expected)}")
            lines.append(f"  got:      {describe(actual)}")
        if advice:
            lines.append(f"Hint: {advice}")
        failure = CheckFailure("\n".join(lines))
        failure.problem, failure.hint = lines[0], advice   # the verdict's fields (testcases.verdicts)
        raise failure

    def ok(self):
        self.passed += 1

    def that(self, condition, problem, advice=None):
        """A plain condition; on failure, the problem and advice without values."""
        __tracebackhide__ = True  # IPython and pytest show the student's frames, not these
        if not condition:
            self.fail(problem, advice, show_values=False)
        self.ok()

    # ---- calling ---------------------------------------------------------------------------------
    def call(self, fn, *args, names=None, **kwargs):
        """Call ``fn(*args, **kwargs)`` with copies of nothing: the real arguments, then verify that
        they are unchanged and that numpy's global random state was not touched."""
        __tracebackhide__ = True  # IPython and pytest show the student's frames, not these
        names = names or [f"argument {i + 1}" for i in range(len(args))]
        snapshot = copy.deepcopy(args)
        state = np.random.get_state()
        try:
            result = fn(*args, **kwargs)
        except NotImplementedError as error:
            unwritten = _raising_function(error)
            own = getattr(fn, "__name__", None)
            try:
                if unwritten and own and unwritten != own:
                    self.fail(f"it calls {unwritten}, which is not written yet.",
                              f"write {unwritten} first (its exercise is above), run its cell, then this one.",
                              show_values=False)
                self.fail("not written yet.",
                          "replace `raise NotImplementedError()` with your code, run that cell, then this one.",
                          show_values=False)
            except CheckFailure as failure:
                failure.unwritten = unwritten if unwritten and unwritten != own else own
                raise failure from None  # the NotImplementedError's own traceback adds nothing
        except CheckFailure:
            raise
        except Exception as error:
            # what the kind of exception usually means, then the line of the student's that raised it:
            # they see no traceback of their function beside a check's message
            at = raised_where(error, fn)
            where = raised_by(*at) if at else None
            try:
                self.fail(f"calling it raised {type(error).__name__}: {error}",
                          " ".join(filter(None, (exception_advice(error, fn), where))) or None, show_values=False)
            except CheckFailure as failure:
                if where and isinstance(failure.hint, str):
                    # the verdict's hint names the kind of mistake (the class report counts students by it);
                    # the line of the student's is for their message alone
                    failure.hint = failure.hint.removesuffix(where).rstrip() or None
                raise failure from error
        touched = not _same_state(state, np.random.get_state())
        np.random.set_state(state)
        if touched:
            self.fail("it changed numpy's global random state (np.random.seed, np.random.randn, ...).",
                      "draw from the RandomState you were given or created: "
                      "rng = np.random.RandomState(seed), then rng.randn(...). Never call np.random.seed "
                      "inside a function: it changes every random number drawn after it, everywhere.",
                      show_values=False)
        for name, before, after in zip(names, snapshot, args):
            if not _unchanged(before, after):
                self.fail(f"it changed its input `{name}` in place.",
                          "compute new arrays (`W = W - ...`, not `W -= ...`; build a new dict) so that "
                          "the caller's values stay as they were.", show_values=False)
        self.ok()
        return result

    def unpack(self, result, names):
        """Check that a function returned a tuple of ``len(names)`` values, and return them."""
        __tracebackhide__ = True  # IPython and pytest show the student's frames, not these
        if not isinstance(result, (tuple, list)) or len(result) != len(names):
            self.fail(f"it should return {len(names)} values ({', '.join(names)}).",
                      f"end the function with `return {', '.join(names)}`.",
                      expected=f"a tuple ({', '.join(names)})", actual=result)
        self.ok()
        return tuple(result)

    def keys(self, what, mapping, expected_keys, advice=None):
        """Check that ``mapping`` is a dict holding exactly ``expected_keys``."""
        __tracebackhide__ = True  # IPython and pytest show the student's frames, not these
        if not isinstance(mapping, dict):
            self.fail(f"{what} should be a dict.", expected=f"dict with keys {sorted(expected_keys)}",
                      actual=mapping)
        missing = sorted(set(expected_keys) - set(mapping))
        extra = sorted(set(mapping) - set(expected_keys))
        if missing or extra:
            problem = f"{what} has the wrong keys" + (f"; missing {missing}" if missing else "") + (
                f"; unexpected {extra}" if extra else "") + "."
            self.fail(problem, advice, show_values=False)
        self.ok()

    # ---- comparing -------------------------------------------------------------------------------
    def equal(self, what, actual, expected, mistakes=(), atol=ATOL, rtol=RTOL):
        """Compare one result with the expected one; on a mismatch, name the likely mistake."""
        __tracebackhide__ = True  # IPython and pytest show the student's frames, not these
        if same(actual, expected, atol, rtol) and _is_arraylike(actual) == _is_arraylike(expected):
            self.ok()
            return
        advice = _fitting(mistakes, actual)
        if advice is None and _is_arraylike(actual) and not _finite(actual):
            advice = "it holds nan or inf: a log of 0, a division by 0 or an overflow somewhere."
        if advice is None:
            advice = generic_advice(actual, expected) if _is_arraylike(expected) else None
        self.fail(f"{what} is wrong.", advice, expected=expected, actual=actual)

    def gradient(self, what, actual, numeric, mistakes=(), rtol=GRAD_RTOL, atol=1e-9):
        """Pass when ``actual`` agrees with the centred numerical gradient ``numeric``; otherwise
        fail, naming the mistake."""
        __tracebackhide__ = True
        if agrees_with_numeric(actual, numeric, rtol, atol):
            self.ok()
            return
        # equal() with no tolerance cannot pass here: it only words the failure (mistakes, shape, factor)
        self.equal(f"{what} (compared with the centred numerical gradient)", actual, numeric, mistakes,
                   atol=0, rtol=0)

    def done(self):
        if not self.quiet:
            print(f"{self.title}: all {self.passed} checks passed.")


def _fitting(mistakes, actual):
    """The advice of the catalogued mistakes that reproduce ``actual``: one mistake's, or, when several
    different mistakes give these very values (on these inputs they coincide), all of them, said as such
    rather than the first of the list."""
    advice = []
    for mistake in mistakes:
        if mistake.advice not in advice and mistake.explains(actual):
            advice.append(mistake.advice)
    if len(advice) <= 1:
        return advice[0] if advice else None
    return (f"{len(advice)} mistakes give exactly these values on these inputs, and they cannot tell which "
            "one you made:\n" + "\n".join(f"  - {text}" for text in advice))


def raised_by(function, line, text):
    """The sentence that names the line of the student's code that raised an exception: a check's hint
    ends with it, and the feedback shows it under an error of the student's code."""
    text = one_line(text)
    return f"It was raised by {f'`{text}`' if text else 'the line'} (in {function}, line {line} of its cell)."


def one_line(text, limit=160):
    """``text`` (a line of the student's code, as a message quotes it) on one line, at most ``limit``
    characters long."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def raised_where(error, fn=None):
    """``(function, line, text)``: the innermost line of the student's own code in the traceback of
    ``error``, its number in its cell and its text; None where it is not known. While grading, the
    submission's process names it (``raised_at``: the student's code runs there, not here); in
    JupyterLab, the student's code is the code of the files in the folder of ``fn``'s own (IPython gives
    each cell a file of its own there, and keeps its lines)."""
    import linecache

    at = getattr(error, "raised_at", None)
    if at is not None:
        return at
    code = getattr(fn, "__code__", None)
    if code is None and isinstance(fn, type):      # a class of the student's: the cell of its methods
        code = next((f.__code__ for f in vars(fn).values() if hasattr(f, "__code__")), None)
    folder = _cells_folder(code.co_filename) if code is not None else ""
    found, tb = None, error.__traceback__
    while folder and tb is not None:
        code = tb.tb_frame.f_code
        if _cells_folder(code.co_filename) == folder:
            found = (code.co_name, tb.tb_lineno, one_line(linecache.getline(code.co_filename, tb.tb_lineno)))
        tb = tb.tb_next
    return found


def _cells_folder(filename):
    """Where the code of ``filename`` lives, as :func:`raised_where` compares it: a kernel's cells are
    files of one folder ("/tmp/ipykernel_<pid>/<hash>.py"), IPython's shell names each
    "<ipython-input-<n>-<hash>>"."""
    return "<ipython-input" if filename.startswith("<ipython-input-") else os.path.dirname(filename)


def exception_advice(error, fn=None):
    """Advice for the exceptions students' code usually raises: what an exception of this kind, from a
    student's function, usually means."""
    message = str(error)
    if type(error) is AssertionError:   # the student's own assert (a check's failure is a CheckFailure)
        return ("an `assert` in your function failed: what it tests is not what came, and that is the "
                "mistake to look for. An assert kept from the original course's template tests the original's "
                "shapes: where this exercise's docstring documents others, follow the docstring.")
    if isinstance(error, ValueError) and "could not be broadcast" in message:
        return ("`*` multiplies entry by entry; where a matrix product belongs use np.dot(W, A) or "
                "W @ A, and check the shapes of both operands.")
    if isinstance(error, ValueError) and "each gradient must have its parameter's shape" in message:
        return ("a gradient is stored under another parameter's key: grads['dW' + str(l)] and grads['db' + str(l)] "
                "are the dW and db computed from layer l's own cache (layer 1 is the first, with cache1).")
    if isinstance(error, ValueError) and ("matmul" in message or "not aligned" in message):
        return ("the shapes do not line up for a matrix product: (n[l], n[l-1]) times (n[l-1], m). "
                "Check the order of the operands and whether a transpose is missing or extra.")
    if isinstance(error, KeyError):
        return (f"the key {message} is not there: parameters are 'W1', 'b1', ..., 'WL', 'bL' and "
                "gradients 'dW1', 'db1', ...; check the range of your loop and how you build the key.")
    if isinstance(error, NameError) and not isinstance(error, UnboundLocalError):
        missing = _undefined_name(error)
        if missing in GRADED:
            return not_defined_advice(missing)
    if isinstance(error, (NameError, UnboundLocalError)):
        return "a name is used before it is defined: is a line missing, or misspelt?"
    if isinstance(error, TypeError):
        called = re.match(r"([\w.<>]+)\(\) (?:takes|missing|got an unexpected|got multiple)", message)
        if called and _is_own(called.group(1), fn):
            return ("your function is called with the documented arguments: keep its signature as given "
                    "(the names, order and defaults of the arguments in the exercise's `def` line).")
        own = getattr(fn, "__name__", None)
        advice = call_advice(f"calling it raised TypeError: {message}", own)
        if advice is None and called:
            advice = (f"a call to {called.group(1)}() inside your function gets arguments it does not take: "
                      "check that call, its arguments, their order and their keywords. Your own function's "
                      "signature is fine.")
        return advice
    return None


def _is_own(called, fn):
    """Whether ``called`` (as a TypeError names it: "f", "Layer.forward", "Layer.__init__") is the
    student's function ``fn`` itself, or a method of the student's class ``fn``."""
    name = getattr(fn, "__name__", None)
    if name is None:
        return False
    parts = called.split(".")   # a qualified name: "f", "outer.<locals>.f", "Layer.forward"
    return name in parts if isinstance(fn, type) else parts[-1] == name


#: the names of every graded function and class of the notebooks (the exercises' names)
GRADED = set()


def not_defined_advice(name):
    """What to do when a graded function is used before its cell ran (or after a restart)."""
    return (f"{name} is not defined yet: run the cell of its exercise (the cell with `def {name}`, or "
            f"`class {name}`) first, then this one. After a restart of the kernel, run every cell above this "
            "one first (Run > Run All Above Selected Cell).")


def _undefined_name(error):
    """The name a NameError is about (its ``name``, or read from its message)."""
    name = getattr(error, "name", None)
    if isinstance(name, str):
        return name
    found = re.search(r"name '(\w+)' is not defined", str(error))
    return found.group(1) if found else None


def _raising_function(error):
    """The name of the function in which ``error`` was raised (the innermost frame; while grading,
    the submission's process names it, since its frames stay there)."""
    named = getattr(error, "raised_in", None)
    if isinstance(named, str):
        return named
    tb = error.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb.tb_frame.f_code.co_name if tb is not None else None


def _is_arraylike(value):
    return isinstance(value, (np.ndarray, np.generic, float, int, list)) and not isinstance(value, bool)


def _finite(value):
    try:
        return bool(np.all(np.isfinite(np.asarray(value, dtype=float))))
    except Exception:
        return True


def _same_state(a, b):
    return a[0] == b[0] and np.array_equal(a[1], b[1]) and a[2:] == b[2:]


def _unchanged(before, after):
    """Deep equality of (nested tuples / lists / dicts of) arrays, bit for bit."""
    if isinstance(before, np.ndarray):
        return (isinstance(after, np.ndarray) and before.shape == after.shape
                and np.array_equal(before, after, equal_nan=before.dtype.kind == "f"))
    if isinstance(before, dict):
        return (isinstance(after, dict) and before.keys() == after.keys()
                and all(_unchanged(before[k], after[k]) for k in before))
    if isinstance(before, (tuple, list)):
        return (type(before) is type(after) and len(before) == len(after)
                and all(_unchanged(x, y) for x, y in zip(before, after)))
    try:
        return type(before) is type(after) and bool(before == after)
    except Exception:  # a comparison that gives no single truth value: something else is there now
        return False


def notebook_namespace(fn):
    """The namespace in which a student's function (or the methods of a student's class) looks up
    the names it uses: the notebook's; None when there is none to find.

    While grading, ``fn`` stands for an object of the submission's process, and this is the grader's
    namespace of the notebook, in which every name the student defined stands for theirs."""
    own = getattr(type(fn), "notebook_namespace", None)
    if own is not None:
        return own(fn)
    namespace = getattr(fn, "__globals__", None)
    if namespace is None and isinstance(fn, type):
        for member in vars(fn).values():
            namespace = getattr(getattr(member, "__func__", member), "__globals__", None)
            if namespace is not None:
                break
        else:
            module = sys.modules.get(fn.__module__)
            namespace = vars(module) if module is not None else None
    return namespace if isinstance(namespace, dict) else None


@contextlib.contextmanager
def names_replaced(fn, **replacements):
    """Run a student's function with other helpers: the names in ``replacements`` are replaced in
    ``fn``'s namespace (the notebook's) for the duration, and put back after.

    While grading, ``fn`` stands for a function of the submission's process; the names are then
    replaced there (``swap_globals``), with the replacements called back in the grader's kernel.
    """
    swap = getattr(type(fn), "swap_globals", None)
    if swap is not None:
        saved = swap(fn, replacements)
        try:
            yield
        finally:
            swap(fn, {name: value for name, (present, value) in saved.items() if present},
                 [name for name, (present, _) in saved.items() if not present])
        return
    namespace = notebook_namespace(fn)
    if namespace is None:
        yield
        return
    missing = object()
    saved = {name: namespace.get(name, missing) for name in replacements}
    namespace.update(replacements)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is missing:
                namespace.pop(name, None)
            else:
                namespace[name] = value


#: the width at which a message shown in the notebook is wrapped (JupyterLab breaks longer lines of an
#: error anywhere, inside words)
WIDTH = 100


def wrapped(message, width=WIDTH):
    """``message`` with every line longer than ``width`` wrapped at spaces, never inside a word; a wrapped
    line's continuation keeps the line's indentation (plus two spaces after a "- " item)."""
    import textwrap

    lines = []
    for line in message.split("\n"):
        if len(line) <= width:
            lines.append(line)
            continue
        indent = line[:len(line) - len(line.lstrip(" "))]
        more = indent + ("  " if line.lstrip(" ").startswith("- ") else "")
        lines.extend(textwrap.wrap(line, width, initial_indent="", subsequent_indent=more,
                                   break_long_words=False, break_on_hyphens=False, drop_whitespace=True)
                     or [line])
    return "\n".join(lines)


def show_check_failures_briefly(shell):
    """Make IPython show a CheckFailure as its message alone, without the frames of the checks
    (which would also quote the test cell's hidden lines); an error raised in the student's own
    code keeps its traceback, shown above the message.

    A NameError for the name of a graded function or class (a check cell run before the exercise's cell,
    or after a restart of the kernel) is shown with what to do: run the exercise's cell, and after a
    restart the cells above it. Any other NameError is shown as usual."""

    def handler(self, etype, value, tb, tb_offset=None):
        if isinstance(value, CheckFailure):
            problem = getattr(value, "problem", None) or str(value)   # its first line: never a value shown
            verdicts.publish(status="failed", problem=problem.split("\n")[0], hint=getattr(value, "hint", None))
            self.showtraceback((etype, etype(wrapped(str(value))), None), tb_offset=tb_offset)
            return
        missing = _undefined_name(value)
        if missing in GRADED:
            message = wrapped(f"{value}.\n{not_defined_advice(missing)}")
            self.showtraceback((NameError, NameError(message), None), tb_offset=tb_offset)
            return
        self.showtraceback((etype, value, tb), tb_offset=tb_offset)

    shell.set_custom_exc((CheckFailure, NameError), handler)


# ---- root causes: a function that builds on an earlier exercise -------------------------------------

def grading():
    """True while nbgrader grades or validates a notebook (it sets NBGRADER_EXECUTION)."""
    return bool(os.environ.get("NBGRADER_EXECUTION"))


def _names(names):
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _quietly(fn, *args):
    """Run ``fn(*args)`` with what it prints (the checks' success lines, the student's prints) kept
    out of the notebook: a check run again for a root cause shows only its verdict."""
    with contextlib.redirect_stdout(io.StringIO()):
        return fn(*args)


def _judged(check, fn, name):
    """``check(fn)``; an exception other than a CheckFailure (the check could not judge what the function
    returned: a list that holds itself, an object too large or of a kind no check expects) becomes a
    CheckFailure that says so, rather than an error of the checks."""
    __tracebackhide__ = True
    try:
        return check(fn)
    except CheckFailure:
        raise
    except Exception as error:
        raise CheckFailure(unjudgeable(name, error)) from None


def unjudgeable(name, error):
    """The message of a check that could not judge a result: what happened, and the likely reasons."""
    text = str(error)
    text = text if len(text) <= 200 else text[:200] + " ..."
    if isinstance(error, RecursionError):
        why = ("a list, tuple or dict that contains itself (`caches.append(caches)`, `cache = (cache, Z)` "
               "with the same name on both sides) has no end: append the new value, not the container.")
    elif isinstance(error, MemoryError):
        why = "what it returned is far too large: return what the exercise asks for, of the documented shape."
    else:
        why = ("what it returned is not of the kind the exercise documents (arrays, tuples, lists, dicts of "
               "them): compare it with the docstring's Returns.")
    return f"{name}: the check could not judge what it returned ({type(error).__name__}: {text}).\nHint: {why}"


class Exercises:
    """The graded exercises of one notebook, in the notebook's order, each with its checks and the
    course's reference, so that a check that fails finds out whether the mistake is the function's
    own or that of an earlier exercise it builds on.

    ``@exercises.check(name, reference)`` registers an exercise's visible check (the order of these
    calls is the notebook's order), ``@exercises.hidden(name)`` its hidden one. When a registered
    check fails, the earlier exercises of the notebook are judged by their own checks, each run on the
    course's reference of the exercises before it that were found wrong; the wrong ones are the
    candidates. The failed check then runs again with the candidates replaced by the references in the
    function's namespace (:func:`names_replaced`). If it passes, the function's own logic is right:
    in a student's notebook the check fails with the root cause alone; while grading (nbgrader sets
    ``NBGRADER_EXECUTION``) it prints the root cause and passes, so the points are lost once, at the
    earlier exercise. If it fails in another way, that failure is the function's own mistake, and the
    message says which earlier exercises it was run without.
    """

    def __init__(self):
        self.order = []        # the exercises' names, in the notebook's order
        self.reference = {}    # name -> the course's reference
        self.checks = {}       # name -> the unwrapped checks, visible first
        self._verdicts = {}    # name -> (the objects it was judged with, its fault or None)
        self._said = None      # the last root cause printed while grading

    def check(self, name, reference):
        def register(check):
            GRADED.add(name)
            self.order.append(name)
            self.reference[name] = reference
            self.checks[name] = [check]
            return self._wrapped(name, check)
        return register

    def hidden(self, name):
        def register(check):
            self.checks[name].append(check)
            return self._wrapped(name, check)
        return register

    def _wrapped(self, name, check):
        @functools.wraps(check)
        def run(fn):
            __tracebackhide__ = True  # as in the engine: show the student's frames, not these
            try:
                return _judged(check, fn, name)
            except CheckFailure as failure:
                root = self.root_cause(name, check, fn, failure)
            if grading():
                verdicts.publish(status="passed", on=self._root_names)
                if root != self._said:   # once in a test cell, not again by its hidden check
                    print(f"{root} {name} keeps its points: they are lost once, at the exercise that is wrong.")
                    self._said = root
                return None
            raise CheckFailure(root) from None
        return run

    # ---- the earlier exercises, judged on their own -----------------------------------------------
    def faults(self, name, namespace):
        """{earlier exercise: "wrong" or "not written"} for the exercises before ``name`` whose own
        logic is wrong (or missing), in the notebook's order."""
        earlier = self.order[:self.order.index(name)]
        faults = {}
        for i, other in enumerate(earlier):
            if other not in namespace or self.reference[other] is None:
                continue   # not defined, or with no reference to run on instead
            judged = tuple(namespace.get(n) for n in earlier[:i + 1])
            seen = self._verdicts.get(other)
            if seen is not None and len(seen[0]) == len(judged) and all(a is b for a, b in zip(seen[0], judged)):
                fault = seen[1]
            else:
                try:
                    fault = self._judge(other, namespace[other], {n: self.reference[n] for n in faults})
                except Exception:  # judging it failed in itself (say, its namespace would not swap): wrong
                    fault = "wrong"
                self._verdicts[other] = (judged, fault)
            if fault:
                faults[other] = fault
        return faults

    def _judge(self, name, fn, replacements):
        """None when ``fn`` passes every check of exercise ``name`` on ``replacements``; otherwise
        "not written", "wrong" (its visible check fails) or "wrong elsewhere" (only a hidden one)."""
        with names_replaced(fn, **replacements):
            for i, check in enumerate(self.checks[name]):
                try:
                    _quietly(check, fn)
                except CheckFailure as failure:
                    if getattr(failure, "unwritten", None) == name:
                        return "not written"
                    return "wrong" if i == 0 else "wrong elsewhere"
                except Exception:  # the check could not even judge it (see _judged): wrong all the same
                    return "wrong" if i == 0 else "wrong elsewhere"
        return None

    def _passes(self, check, fn, candidates):
        try:
            with names_replaced(fn, **{n: self.reference[n] for n in candidates}):
                _quietly(check, fn)
        except CheckFailure as failure:
            return failure
        except Exception as error:  # the check could not judge it on the references either
            return CheckFailure(unjudgeable(check.__name__, error))
        return None

    def root_cause(self, name, check, fn, failure):
        """The root-cause message when ``fn`` is right on the course's earlier exercises; otherwise
        raises the failure that is the function's own."""
        __tracebackhide__ = True
        namespace = notebook_namespace(fn)
        faults = self.faults(name, namespace) if namespace is not None else {}
        if not faults:
            raise failure
        again = self._passes(check, fn, faults)
        if again is not None:
            if str(again) == str(failure) or str(again).startswith(f"{check.__name__}: the check could not judge"):
                raise failure
            own = CheckFailure(f"(This check ran {name} on the course's {_names(list(faults))}, since "
                               f"{self._blame(faults)}; what follows is {name}'s own mistake.)\n{again}")
            own.problem, own.hint = getattr(again, "problem", None), getattr(again, "hint", None)
            raise own from None
        if len(faults) > 1:                  # name only the exercises it needs
            for other in list(faults):
                if len(faults) > 1 and self._passes(check, fn, [n for n in faults if n != other]) is None:
                    del faults[other]
        self._root_names = _names(list(faults))
        return (f"{name} is right when it runs on the course's {_names(list(faults))}: "
                f"{self._blame(faults)}; fix {'that' if len(faults) == 1 else 'those'} first.")

    @staticmethod
    def _blame(faults):
        def your(kind):
            return [n for n, fault in faults.items() if fault == kind]

        def are(names):
            return "is" if len(names) == 1 else "are"

        parts = []
        if your("wrong"):
            names = your("wrong")
            parts.append(f"your {_names(names)} {are(names)} wrong "
                         f"(see {'its check' if len(names) == 1 else 'their checks'} above)")
        if your("wrong elsewhere"):
            names = your("wrong elsewhere")
            parts.append(f"your {_names(names)} {are(names)} wrong on other inputs than "
                         f"{'its check' if len(names) == 1 else 'their checks'} above, which "
                         f"{'passes' if len(names) == 1 else 'pass'} (try it on more cases)")
        if your("not written"):
            names = your("not written")
            parts.append(f"your {_names(names)} {are(names)} not written yet")
        return " and ".join(parts)


# ---- advice for an error raised by a call inside the student's code --------------------------------------

#: what the numpy (and math) functions students call most often take
_NUMPY_CALLS = ("np.sqrt(x) and np.exp(x) take one array, np.power(x, p) the base and the power, "
                "np.dot(A, B) two arrays, np.zeros(shape) and np.random.RandomState(seed).rand(*shape) the shape")


def call_advice(problem, own=None):
    """Advice for an exception raised by a call *inside* a student's function (a numpy or math function
    given what it does not take), from the failure's text ``problem`` ("calling it raised TypeError: ...");
    None when the text is not one of those, or when it is about ``own``, the student's function itself
    (its signature), which :func:`exception_advice` words."""
    import re

    takes = re.search(r"([\w.]+)\(\) (takes|missing|got an unexpected)", problem)
    own = own.split("(")[0] if isinstance(own, str) else own   # a check's title: "TwoLayerNet(3, 2, 2)"
    if takes and "." in takes.group(1):
        return None   # a method of a class ("Affine.__init__", "MulLayer.forward"): the student's own
    if takes and takes.group(1) != own:
        name = takes.group(1)
        return (f"a call to {name}() inside your function gets arguments it does not take: check that call "
                f"({_NUMPY_CALLS}). Your own function's signature is fine.")
    if "return arrays must be of ArrayType" in problem or "out must be" in problem:
        return ("a numpy function got a second argument, which it takes as the array to write its result into: "
                "np.sqrt(x) takes one array, so add epsilon outside it, np.sqrt(s_corrected) + epsilon.")
    if re.search(r"only (length-1|size-1|0-dimensional|integer scalar) arrays", problem):
        return ("a function for single numbers (math.sqrt, math.exp, math.log, float(...)) got an array: use "
                "numpy's, which work entry by entry: np.sqrt, np.exp, np.log.")
    if "Cannot interpret" in problem and "data type" in problem:
        return ("np.zeros takes the shape as ONE tuple, np.zeros((n, m)) or np.zeros(W.shape): a second "
                "argument is read as the data type.")
    return None
