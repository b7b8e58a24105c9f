"""Checks of notebook 03_cost: compute_cost.

``check_compute_cost`` runs the documented case, a case with both labels and the edge cases where AL
is exactly 0 or 1, and prints one success line; ``hidden_check_compute_cost`` compares further seeded
cases with the reference in ``dnn_utils`` and prints nothing when they pass.

Every call of the student's function is made with numpy's floating-point warnings switched on and
recorded (not printed): a RuntimeWarning is a failure of the check, never a line on stderr.
"""
import warnings

import numpy as np

import dnn_utils

from . import fixtures
from .checks import Check, Exercises, Mistake
from .expected import EXPECTED

#: the graded exercise (one here; its check is wrapped as every notebook's: a check that cannot judge a
#: result says so, and the lab knows its name)
EXERCISES = Exercises()

#: the cost of the edge cases below may differ from its limit by this much (an eps of 1e-15 .. 1e-7)
EDGE_ATOL = 1e-6

CLIP_ADVICE = ("clip the probabilities before taking logs: AL = np.clip(AL, eps, 1 - eps) with a tiny "
               "eps such as 1e-15, so that log(AL) and log(1 - AL) never see 0.")

#: a case with both labels, so that each of the two terms of the cross-entropy counts
MIXED_CASE = (np.array([[0.9, 0.2, 0.7, 0.4]]), np.array([[1, 0, 0, 1]]))

#: (what, AL, Y, the end of [0, 1] it probes); every extreme prediction here is right
EDGE_CASES = [
    ("AL holds exact 0s (for examples labelled 0)", np.array([[0.0, 0.5, 0.0]]), np.array([[0, 1, 0]]), 0),
    ("AL holds exact 1s (for examples labelled 1)", np.array([[1.0, 0.5, 1.0]]), np.array([[1, 1, 1]]), 1),
]
#: one example (m = 1), as the hidden check runs too
ONE_EXAMPLE_CASE = (np.array([[0.8]]), np.array([[1]]))
#: two predictions that are certain and wrong
WRONG_CASE = (np.array([[0.0, 1.0]]), np.array([[1, 0]]))


def _terms(AL, Y):
    """The two log terms of the cross-entropy, per example (AL strictly inside (0, 1))."""
    AL = np.asarray(AL, dtype=float)
    Y = np.asarray(Y, dtype=float)
    return Y * np.log(AL), (1 - Y) * np.log(1 - AL)


def _cost_mistakes(AL, Y):
    """Wrong ways to compute the cost of (AL, Y), each with its advice."""
    pos, neg = _terms(AL, Y)
    m = Y.shape[1]
    total = np.sum(pos + neg)
    AL_f, Y_f = np.asarray(AL, dtype=float), np.asarray(Y, dtype=float)
    return [
        Mistake("the cost is summed over the examples but not averaged: multiply by 1/m, where "
                "m = Y.shape[1] is the number of examples (columns; len(Y) and Y.shape[0] are 1).",
                lambda: float(-total)),
        Mistake("the cost has the wrong sign: log of a probability is negative, so the cross-entropy "
                "needs a minus sign in front, -(1/m) * sum(...), to be positive.",
                lambda: float(total / m)),
        Mistake("only the term of the examples labelled 1 is there: add (1 - Y) * log(1 - AL), the term "
                "of the examples labelled 0.", lambda: float(-np.sum(pos) / m)),
        Mistake("only the term of the examples labelled 0 is there: add Y * log(AL), the term of the "
                "examples labelled 1.", lambda: float(-np.sum(neg) / m)),
        Mistake("the labels are paired with the wrong probabilities: Y goes with log(AL) and (1 - Y) "
                "with log(1 - AL).",
                lambda: float(-np.sum(Y_f * np.log(1 - AL_f) + (1 - Y_f) * np.log(AL_f)) / m)),
        Mistake("the cost uses log10: the cross-entropy uses the natural log, np.log.",
                lambda: float(-total / m / np.log(10))),
        Mistake("the cost is divided by m twice: np.mean already averages, so do not multiply it by 1/m as well.",
                lambda: float(-total / m / m)),
    ]


def _call(c, compute_cost, AL, Y):
    """Call compute_cost with numpy's warnings on and recorded; return (cost, RuntimeWarnings)."""
    with warnings.catch_warnings(record=True) as caught, \
            np.errstate(divide="warn", invalid="warn", over="warn"):
        warnings.simplefilter("always")
        cost = c.call(compute_cost, AL, Y, names=["AL", "Y"])
    return cost, [w for w in caught if issubclass(w.category, RuntimeWarning)]


def _check_float(c, cost, expected=None):
    """The cost must be a single number: a Python float (np.float64 is one), or the 0-d array of floats
    np.squeeze gives (the original course's way, which prints, compares and formats like a float)."""
    if isinstance(cost, np.ndarray):
        if cost.ndim == 0 and cost.dtype.kind == "f":
            c.ok()
            return
        if cost.size == 1:
            c.fail(f"it returns an ndarray of shape {cost.shape}, not a Python float.",
                   "np.dot(Y, np.log(AL).T) and sums with keepdims=True give a (1, 1) array: turn it "
                   "into a number with float(np.squeeze(cost)) (or cost.item()) before returning it.",
                   expected=expected, actual=cost, show_values=expected is not None)
        c.fail(f"it returns an ndarray of shape {cost.shape}, not a single number.",
               "the cost sums over every example: np.sum(...) with no axis, times -1/m.",
               expected=expected, actual=cost, show_values=expected is not None)
    if cost is None:
        c.fail("it returns None.", "end the function with `return cost`.", show_values=False)
    if not isinstance(cost, float):
        c.fail(f"it returns a {type(cost).__name__}, not a Python float.", "return float(cost).",
               expected=expected, actual=cost, show_values=expected is not None)
    c.ok()


def _check_no_warning(c, what, cost, warned, advice):
    """No RuntimeWarning was recorded and a numeric result is finite (other types: _check_float)."""
    symptoms = []
    if warned:
        symptoms.append("numpy warned: " + "; ".join(sorted({str(w.message) for w in warned})))
    if isinstance(cost, (float, int, np.floating, np.ndarray)) and not np.all(np.isfinite(cost)):
        symptoms.append(f"it returned {cost!r}")
    if symptoms:
        c.fail(f"when {what}, " + " and ".join(symptoms) + ".", advice, show_values=False)
    c.ok()


def _check_value(c, compute_cost, AL, Y, expected, what):
    cost, warned = _call(c, compute_cost, AL, Y)
    _check_no_warning(c, f"AL = {AL.tolist()} and Y = {Y.tolist()}", cost, warned, CLIP_ADVICE)
    _check_float(c, cost, expected)
    c.equal(what, cost, expected, _cost_mistakes(AL, Y))


def _check_edges(c, compute_cost):
    """Exact 0s and 1s in AL: finite, no warning, and (for right predictions) about their limit."""
    for what, AL, Y, end in EDGE_CASES:
        cost, warned = _call(c, compute_cost, AL, Y)
        if end == 0:
            advice = "log(AL) is -inf where AL is 0, and 0 * -inf is nan: " + CLIP_ADVICE
        else:
            advice = ("log(1 - AL) is -inf where AL is 1, and 0 * -inf is nan: clip both ends, since "
                      "np.maximum(AL, eps) only protects log(AL). AL = np.clip(AL, eps, 1 - eps) with a tiny "
                      "eps such as 1e-15 keeps log(AL) and log(1 - AL) away from 0.")
        _check_no_warning(c, what, cost, warned, advice)
        _check_float(c, cost)
        limit = -np.log(0.5) / AL.shape[1]  # the certain predictions are right and cost (almost) 0
        if abs(cost - limit) > EDGE_ATOL:
            c.fail(f"when {what} (all of them right), the cost is {cost!r}, not about "
                   f"{limit:.8f}.",
                   "a certain and right prediction should cost (almost) nothing: clip with a tiny eps "
                   "such as 1e-15, np.clip(AL, eps, 1 - eps), not a large one.", show_values=False)
        c.ok()
    AL, Y = WRONG_CASE
    cost, warned = _call(c, compute_cost, AL, Y)
    _check_no_warning(c, "AL holds predictions that are certain and wrong", cost, warned, CLIP_ADVICE)
    _check_float(c, cost)
    if not cost > 10:
        c.fail(f"for two predictions that are certain and wrong the cost is {cost!r}.",
               "a certain mistake must cost a lot (-log(eps), about 34.5 for eps = 1e-15): clip AL "
               "rather than dropping or zeroing the infinite terms.", show_values=False)
    c.ok()


@EXERCISES.check("compute_cost", dnn_utils.compute_cost)
def check_compute_cost(compute_cost):
    """The documented case, a case with both labels, one with one example, then AL with exact 0s and 1s."""
    c = Check("compute_cost")
    AL, Y = fixtures.compute_cost_case()
    _check_value(c, compute_cost, AL, Y, EXPECTED["compute_cost"]["value"], "the cost")
    for case in (MIXED_CASE, ONE_EXAMPLE_CASE):
        AL, Y = (np.copy(a) for a in case)
        _check_value(c, compute_cost, AL, Y, dnn_utils.compute_cost(AL, Y),
                     f"the cost of AL = {AL.tolist()}, Y = {Y.tolist()}")
    _check_edges(c, compute_cost)
    c.done()


@EXERCISES.hidden("compute_cost")
def hidden_check_compute_cost(compute_cost):
    """Random probabilities and labels, m from 1 to 5 and 50, integer and float labels."""
    for seed, m, dtype in [(0, 1, int), (1, 2, float), (2, 3, int), (3, 4, float), (4, 5, int), (5, 50, float)]:
        rng = np.random.RandomState(seed)
        AL = rng.uniform(0.02, 0.98, size=(1, m))
        Y = (rng.rand(1, m) > 0.5).astype(dtype)
        c = Check(f"compute_cost on m = {m} random examples", quiet=True)
        _check_value(c, compute_cost, AL, Y, dnn_utils.compute_cost(AL, Y), "the cost")
        c.done()
