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

import numpy as np

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
    except (TypeError, ValueError):
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
    except (TypeError, ValueError):
        return False
    return a.shape == e.shape and bool(np.allclose(a, e, atol=atol, rtol=rtol))


def describe(value):
    """Shape and value of anything a student may return, for a failure message."""
    if isinstance(value, np.ndarray):
        with np.printoptions(precision=8, threshold=40, edgeitems=3):
            return f"ndarray of shape {value.shape}:\n{value}"
    if isinstance(value, (float, int, np.floating, np.integer)):
        return f"{type(value).__name__} {value!r}"
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return f"dict with keys {sorted(value)}"
    if isinstance(value, (tuple, list)):
        return f"{type(value).__name__} of length {len(value)}"
    return f"{type(value).__name__}"


def generic_advice(actual, expected):
    """Diagnoses that hold for any function: shape slips, transposes, factors, signs."""
    a = np.asarray(actual, dtype=float) if isinstance(actual, (np.ndarray, float, int, list)) else None
    e = np.asarray(expected, dtype=float)
    if a is None:
        return f"a numpy array was expected, not a {type(actual).__name__}."
    if a.shape != e.shape:
        if e.ndim == 2 and a.shape == e.shape[::-1]:
            if same(a, e.T):
                return ("the result is the transpose of the expected one: examples are columns, so "
                        "results have shape (units, m); check the order of the matrix product.")
            return ("the shape is transposed: a weight matrix W[l] has shape (n[l], n[l-1]) and a "
                    "result has shape (units, m).")
        if a.ndim == 1 and e.ndim == 2 and a.shape[0] == e.shape[0] and e.shape[1] == 1:
            return ("it is a 1-D array where a column (n, 1) is expected: use keepdims=True in "
                    "np.sum, or create it with np.zeros((n, 1)).")
        if a.ndim == 0 and e.ndim == 2:
            return "it is a single number where an array is expected: did you sum over every axis?"
        return f"the shape should be {e.shape}, not {a.shape}."
    if np.all(e == 0):
        return "every entry should be 0."
    if same(a, -e):
        return "it has the wrong sign: check the minus signs in your formula."
    if np.all(a == 0):
        return "every entry is 0: is a step missing, or is its result never returned?"
    nonzero = np.abs(e) > 1e-12
    if nonzero.any():
        ratios = a[nonzero] / e[nonzero]
        k = ratios.flat[0]
        if np.allclose(ratios, k, rtol=1e-5) and not np.isclose(k, 1.0):
            return (f"every entry is {k:.6g} times the expected one: a constant factor is wrong or "
                    f"missing (a scale, 1/m, or the learning rate?).")
    return None


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
            lines.append(f"  expected: {describe(expected)}")
            lines.append(f"  got:      {describe(actual)}")
        if advice:
            lines.append(f"Hint: {advice}")
        raise CheckFailure("\n".join(lines))

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
            if unwritten and own and unwritten != own:
                self.fail(f"it calls {unwritten}, which is not written yet.",
                          f"write {unwritten} first (its exercise is above), run its cell, then this one.",
                          show_values=False)
            self.fail("not written yet.",
                      "replace `raise NotImplementedError()` with your code, run that cell, then this one.",
                      show_values=False)
        except CheckFailure:
            raise
        except Exception as error:
            try:
                self.fail(f"calling it raised {type(error).__name__}: {error}", exception_advice(error),
                          show_values=False)
            except CheckFailure as failure:
                raise failure from error  # IPython shows where in the student's code it was raised
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
        advice = None
        for mistake in mistakes:
            if mistake.explains(actual):
                advice = mistake.advice
                break
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


def exception_advice(error):
    """Advice for the exceptions students' code usually raises."""
    message = str(error)
    if isinstance(error, ValueError) and "could not be broadcast" in message:
        return ("`*` multiplies entry by entry; where a matrix product belongs use np.dot(W, A) or "
                "W @ A, and check the shapes of both operands.")
    if isinstance(error, ValueError) and ("matmul" in message or "not aligned" in message):
        return ("the shapes do not line up for a matrix product: (n[l], n[l-1]) times (n[l-1], m). "
                "Check the order of the operands and whether a transpose is missing or extra.")
    if isinstance(error, KeyError):
        return (f"the key {message} is not there: parameters are 'W1', 'b1', ..., 'WL', 'bL' and "
                "gradients 'dW1', 'db1', ...; check the range of your loop and how you build the key.")
    if isinstance(error, (NameError, UnboundLocalError)):
        return "a name is used before it is defined: is a line missing, or misspelt?"
    if isinstance(error, TypeError) and "argument" in message:
        return "the function is called with the documented arguments: keep its signature as given."
    return None


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
    except (TypeError, ValueError):
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
    return before == after


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
    namespace = getattr(fn, "__globals__", None)
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


def show_check_failures_briefly(shell):
    """Make IPython show a CheckFailure as its message alone, without the frames of the checks
    (which would also quote the test cell's hidden lines); an error raised in the student's own
    code keeps its traceback, shown above the message."""

    def handler(self, etype, value, tb, tb_offset=None):
        self.showtraceback((etype, value, None), tb_offset=tb_offset)

    shell.set_custom_exc((CheckFailure,), handler)
