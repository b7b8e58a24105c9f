"""Checks of notebook 08_gradient_check: forward_propagation, backward_propagation, gradient_check
(the 1-D case J = theta * x), numerical_gradient and gradient_check_n.

``check_*`` run the documented cases and print one success line; ``hidden_check_*`` run further seeded
cases and print nothing when they pass. Every expected value comes from the one gradient checker,
``dnn_utils.numerical_gradient``, and from the reference building blocks of ``dnn_utils``.

``gradient_check(x, theta, epsilon)`` calls the notebook's own ``forward_propagation`` and
``backward_propagation``. Its check swaps those two names in the function's module for a moment (for the
reference ones, then for a broken backward pass and a cubic J) and puts the student's back afterwards,
so that it grades gradient_check alone and sees whether it catches a wrong derivative.
"""
import numpy as np

import dnn_utils
from dnn_utils import numerical_gradient as reference_numerical_gradient
from dnn_utils.vectorize import dictionary_to_vector, gradients_to_vector, vector_to_dictionary

from . import fixtures
from .checks import Check, Exercises, Mistake, call_advice, names_replaced, same
from .checks import mistakes as _mistakes
from .expected import OTHER_EXPECTED

#: the graded exercises, in the notebook's order (a failed check looks for its root cause in the earlier ones)
EXERCISES = Exercises()

#: a correct gradient check of a correct backward pass stays below this (the 1-D case, as documented)
THRESHOLD_1D = OTHER_EXPECTED["gradient_check"]["difference_below"]
#: ... and of the 3-layer networks, where round-off with epsilon = 1e-7 alone gives about 1e-7
THRESHOLD_N = 1e-6


def _relative_difference(grad, gradapprox):
    """norm(grad - gradapprox) / (norm(grad) + norm(gradapprox)), as the notebook defines it."""
    grad, gradapprox = np.asarray(grad, dtype=float), np.asarray(gradapprox, dtype=float)
    return float(np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox)))


def _number(c, what, value):
    """The result must be a single real number."""
    __tracebackhide__ = True
    try:
        number = float(np.asarray(value, dtype=float).reshape(()))
    except (TypeError, ValueError):
        c.fail(f"{what} should be a single number.", "return the number itself, not a list, array or string.",
               expected="a float", actual=value)
    c.ok()
    return number


# ---- the 1-D case -----------------------------------------------------------------------------------
def _J(x, theta):
    return theta * x


def _dJ(x, theta):
    return x


#: (x, theta) of the hidden 1-D cases
RANDOM_1D = [(3, -2), (0.5, 1.5), (-1.25, 4.0), (7.0, 0.0), (1e-3, 250.0)]


@EXERCISES.check("forward_propagation", _J)
def check_forward_propagation(forward_propagation):
    """J(x = 2, theta = 4) = 8."""
    c = Check("forward_propagation")
    x, theta = fixtures.gradient_check_1d_case()
    J = c.call(forward_propagation, x, theta, names=["x", "theta"])
    c.equal("J", J, OTHER_EXPECTED["gradient_check"]["J"],
            _mistakes([("J is theta + x: the linear function of this example multiplies, J = theta * x.",
                        lambda: theta + x),
                       ("J is x ** theta: the linear function of this example multiplies, J = theta * x.",
                        lambda: x ** theta)]))
    x, theta = VISIBLE_FLOATS   # floats, as the hidden check runs too
    c.equal(f"J at x = {x}, theta = {theta}", c.call(forward_propagation, x, theta, names=["x", "theta"]), _J(x, theta))
    c.done()


#: (x, theta) of the visible case in floats
VISIBLE_FLOATS = (0.75, -2.5)


@EXERCISES.hidden("forward_propagation")
def hidden_check_forward_propagation(forward_propagation):
    for x, theta in RANDOM_1D:
        c = Check(f"forward_propagation(x = {x}, theta = {theta})", quiet=True)
        c.equal("J", c.call(forward_propagation, x, theta, names=["x", "theta"]), _J(x, theta))


@EXERCISES.check("backward_propagation", _dJ)
def check_backward_propagation(backward_propagation):
    """dJ/dtheta at (x = 2, theta = 4) = 2."""
    c = Check("backward_propagation")
    x, theta = fixtures.gradient_check_1d_case()
    dtheta = c.call(backward_propagation, x, theta, names=["x", "theta"])
    c.equal("dtheta", dtheta, OTHER_EXPECTED["gradient_check"]["dtheta"],
            _mistakes([("dtheta is theta: the derivative of J = theta * x with respect to theta is x.", lambda: theta),
                       ("dtheta is J itself: return its derivative with respect to theta, x.", lambda: theta * x),
                       ("dtheta is 1: the derivative of J = theta * x with respect to theta is x.", lambda: 1)]))
    x, theta = VISIBLE_FLOATS
    c.equal(f"dtheta at x = {x}, theta = {theta}", c.call(backward_propagation, x, theta, names=["x", "theta"]),
            _dJ(x, theta))
    c.done()


@EXERCISES.hidden("backward_propagation")
def hidden_check_backward_propagation(backward_propagation):
    for x, theta in RANDOM_1D:
        c = Check(f"backward_propagation(x = {x}, theta = {theta})", quiet=True)
        c.equal("dtheta", c.call(backward_propagation, x, theta, names=["x", "theta"]), _dJ(x, theta))


def _reference_1d(forward, backward, x, theta, epsilon):
    """The difference a correct gradient_check returns with these forward and backward functions."""
    gradapprox = reference_numerical_gradient(lambda th: forward(x, th[0]), np.array([float(theta)]), epsilon)[0]
    return _relative_difference(backward(x, theta), gradapprox)


def _gradient_check(x, theta, epsilon=1e-7):
    """The course's gradient_check of J = theta * x (for a later function that calls it)."""
    return _reference_1d(_J, _dJ, x, theta, epsilon)


GRADAPPROX_ZERO_OR_FLIPPED = (
    "the difference is 1, which is what gradapprox = 0 or gradapprox of the wrong sign gives (the value cannot "
    "tell which): J_plus - J_plus (or J_minus - J_minus) is 0, and J_minus - J_plus flips the sign. It is "
    "gradapprox = (J_plus - J_minus) / (2 * epsilon), with J_plus at theta + epsilon and J_minus at theta - epsilon.")
MINUS_FROM_PLUS = (
    "thetaminus is built from thetaplus: thetaplus - epsilon is theta itself, so J_minus is J(theta) and "
    "gradapprox is half a one-sided difference. Build both from theta: thetaplus = theta + epsilon, "
    "thetaminus = theta - epsilon.")


def _above_one(difference, expected, threshold, mistakes):
    """A relative difference is never above 1. When one is, and 1 / it is what the difference should be (or,
    for correct gradients, below the threshold too), the numerator and the denominator are swapped; when
    it is not, and no catalogued mistake gives it, the message says only that it cannot be. Returns the
    Mistake to put first, or None."""
    if not (isinstance(difference, float) and difference > 1 + 1e-9):
        return None
    inverse = 1 / difference
    if same(inverse, expected, atol=0, rtol=1e-3) or (expected < threshold and inverse < threshold):
        return Mistake(
            f"the difference is {difference:.3g}, above 1, which a relative difference never is (norm(grad - "
            "gradapprox) is at most norm(grad) + norm(gradapprox)), and 1 / your value is what it should be: the "
            "numerator and the denominator are swapped. difference = numerator / denominator with numerator = "
            "norm(grad - gradapprox) and denominator = norm(grad) + norm(gradapprox).", lambda: difference)
    if any(m.explains(difference) for m in mistakes):
        return None
    return Mistake(f"the difference is {difference:.3g}, above 1, which a relative difference never is (norm(grad - "
                   "gradapprox) is at most norm(grad) + norm(gradapprox)): check the numerator, norm(grad - "
                   "gradapprox), and the denominator, norm(grad) + norm(gradapprox).", lambda: difference)


def _gradient_check_1d_variants(forward, backward, x, theta, epsilon):
    grad = backward(x, theta)
    plus, minus, here = forward(x, theta + epsilon), forward(x, theta - epsilon), forward(x, theta)
    centred = (plus - minus) / (2 * epsilon)
    return [
        (MINUS_FROM_PLUS, _relative_difference(grad, (plus - forward(x, theta + epsilon - epsilon)) / (2 * epsilon))),
        (GRADAPPROX_ZERO_OR_FLIPPED, _relative_difference(grad, 0.0) if np.linalg.norm(grad) else None),
        (GRADAPPROX_ZERO_OR_FLIPPED, _relative_difference(grad, -centred)),
        ("gradapprox divides by epsilon: the centred difference spans 2 * epsilon, "
         "(J_plus - J_minus) / (2 * epsilon).", _relative_difference(grad, (plus - minus) / epsilon)),
        ("the difference is not relative: divide norm(grad - gradapprox) by norm(grad) + norm(gradapprox).",
         float(np.linalg.norm(grad - centred))),
        ("the denominator is norm(grad) + norm(gradapprox), both norms.",
         float(np.linalg.norm(grad - centred) / np.linalg.norm(grad))),
        ("the denominator is norm(grad) + norm(gradapprox), both norms.",
         float(np.linalg.norm(grad - centred) / np.linalg.norm(centred))),
        ("gradapprox is a one-sided difference, (J(theta + epsilon) - J(theta)) / epsilon: use the centred one, "
         "(J(theta + epsilon) - J(theta - epsilon)) / (2 * epsilon), whose error is far smaller.",
         _relative_difference(grad, (plus - here) / epsilon)),
        ("gradapprox is a one-sided difference, (J(theta) - J(theta - epsilon)) / epsilon: use the centred one, "
         "(J(theta + epsilon) - J(theta - epsilon)) / (2 * epsilon).",
         _relative_difference(grad, (here - minus) / epsilon)),
    ]


def _check_1d(c, gradient_check, forward, backward, x, theta, epsilon, what, ignored_advice=None):
    """Run gradient_check with forward / backward in its module; compare with the reference difference."""
    __tracebackhide__ = True
    with names_replaced(gradient_check, forward_propagation=forward, backward_propagation=backward):
        result = c.call(gradient_check, x, theta, epsilon, names=["x", "theta", "epsilon"])
    difference = _number(c, "the difference", result)
    expected = _reference_1d(forward, backward, x, theta, epsilon)
    if expected < THRESHOLD_1D:
        if 0 <= difference < THRESHOLD_1D:
            c.ok()
            return
    elif same(difference, expected, atol=1e-9, rtol=1e-6):
        c.ok()
        return
    fitting = _fitting_1d(gradient_check, difference, forward, backward, x, theta, epsilon)
    mistakes = _mistakes([(advice, lambda value=value: value) for advice, value in fitting])
    if ignored_advice and difference < THRESHOLD_1D:
        mistakes.insert(0, Mistake(ignored_advice, lambda: difference))
    above_one = _above_one(difference, expected, THRESHOLD_1D, mistakes)
    if above_one:
        mistakes.insert(0, above_one)
    c.equal(f"the difference {what}", difference, expected, mistakes, atol=0, rtol=0)


def _probe_1d(gradient_check, forward, backward, x, theta, epsilon):
    """What the student's gradient_check returns with these forward and backward functions (None when it
    raises or returns no single number): a second opinion, not a check."""
    try:
        with names_replaced(gradient_check, forward_propagation=forward, backward_propagation=backward), \
                np.errstate(all="ignore"):
            return float(np.asarray(gradient_check(x, theta, epsilon), dtype=float).reshape(()))
    except Exception:
        return None


def _fitting_1d(gradient_check, difference, forward, backward, x, theta, epsilon):
    """The (advice, value) variants that give ``difference`` here; when several do, those that also give what
    the student's function returns with a broken and with a cubic J (the values point to one mistake)."""
    variants = [(a, v) for a, v in _gradient_check_1d_variants(forward, backward, x, theta, epsilon)
                if v is not None]
    here = [(a, v) for a, v in variants if same(difference, v, atol=1e-12, rtol=1e-6)]
    if len({a for a, _ in here}) < 2:
        return variants
    probes = [(_J, _broken_backward, 1e-7), (_cubic_forward, _cubic_backward, 1e-2)]
    kept = []
    for advice, _ in here:
        fits = True
        for other_forward, other_backward, other_epsilon in probes:
            seen = _probe_1d(gradient_check, other_forward, other_backward, x, theta, other_epsilon)
            if seen is None:
                continue
            values = [v for a, v in _gradient_check_1d_variants(other_forward, other_backward, x, theta, other_epsilon)
                      if a == advice and v is not None]
            if values and not any(same(seen, v, atol=1e-12, rtol=1e-6) for v in values):
                fits = False
        if fits:
            kept.append((advice, difference))
    return kept or variants


def _broken_backward(x, theta):
    return x + 1.0


def _cubic_forward(x, theta):
    return x * theta ** 3


def _cubic_backward(x, theta):
    return 3 * x * theta ** 2


IGNORES_BACKWARD = ("the difference stays tiny with a broken backward_propagation (dtheta = x + 1): "
                    "gradient_check must take grad from backward_propagation(x, theta) and gradapprox from "
                    "forward_propagation, not compute either itself, so that it tests those functions.")


@EXERCISES.check("gradient_check", _gradient_check)
def check_gradient_check(gradient_check):
    """With correct forward / backward functions: x, theta = 2, 4 gives a difference below 1e-7. With a
    broken backward pass (dtheta = x + 1) it must give 0.2, the relative difference of 3 and 2. With a cubic
    J and epsilon = 0.01, what the centred difference gives."""
    c = Check("gradient_check")
    x, theta = fixtures.gradient_check_1d_case()
    _check_1d(c, gradient_check, _J, _dJ, x, theta, 1e-7, "(with correct forward and backward functions)")
    _check_1d(c, gradient_check, _J, _broken_backward, x, theta, 1e-7,
              "with a broken backward_propagation (dtheta = x + 1)", IGNORES_BACKWARD)
    # a J that is not linear, with a large epsilon: only the centred difference stays close
    _check_1d(c, gradient_check, _cubic_forward, _cubic_backward, x, theta, 1e-2,
              "for J = x * theta**3 with epsilon = 0.01")
    c.done()


@EXERCISES.hidden("gradient_check")
def hidden_check_gradient_check(gradient_check):
    for x, theta in RANDOM_1D[:3]:
        c = Check(f"gradient_check(x = {x}, theta = {theta})", quiet=True)
        _check_1d(c, gradient_check, _J, _dJ, x, theta, 1e-7, "(with correct forward and backward functions)")
        _check_1d(c, gradient_check, _J, _broken_backward, x, theta, 1e-7,
                  "with a broken backward_propagation (dtheta = x + 1)", IGNORES_BACKWARD)
        # a J that is not linear, with a large epsilon: only the centred difference stays close
        _check_1d(c, gradient_check, _cubic_forward, _cubic_backward, x, theta, 1e-2,
                  "for J = x * theta**3 with epsilon = 0.01")


# ---- numerical_gradient -----------------------------------------------------------------------------
NOT_RESTORED = ("x is not as it was after the call: after evaluating f at x[idx] + epsilon and "
                "x[idx] - epsilon, put the entry back, x[idx] = old, where old = x[idx] was saved before "
                "perturbing it. The caller's array (the parameters of a network, say) must come back "
                "unchanged.")
RESTORED_BY_ARITHMETIC = ("x comes back off in its last digits: the entries are put back by adding and "
                          "subtracting epsilon, which leaves round-off behind. Save old = x[idx] before "
                          "perturbing the entry and restore it with x[idx] = old.")
PERTURBS_A_COPY = ("the gradient is 0 where f reads x through a closure: perturb the array x itself (in place), "
                   "evaluate f, and restore the entry. A copy that f never sees changes nothing; the loss of a "
                   "network, for instance, reads its parameters from the network, not from the argument.")
ANY_SHAPE = ("x may have any shape: visit every entry with an index tuple, e.g. it = np.nditer(x, "
             "flags=['multi_index']) and idx = it.multi_index, or for idx in np.ndindex(x.shape).")


class _Check(Check):
    """Advice for what numerical_gradient usually raises."""

    def fail(self, problem, advice=None, expected=None, actual=None, show_values=True):
        __tracebackhide__ = True
        if problem.startswith("calling it raised") and ("out of bounds" in problem or "index" in problem
                                                         or "could not be broadcast" in problem
                                                         or "only length-1" in problem
                                                         or "size-1" in problem
                                                         or "takes 1 positional" in problem):
            advice = ANY_SHAPE
        super().fail(problem, advice, expected=expected, actual=actual, show_values=show_values)


def _one_sided(f, x, epsilon, forward=True):
    """The one-sided difference, perturbing x itself (f may read it through a closure) and restoring it."""
    grad = np.zeros(np.shape(x))
    for idx in np.ndindex(x.shape):
        old = x[idx]
        here = float(f(x))
        x[idx] = old + epsilon if forward else old - epsilon
        moved = float(f(x))
        x[idx] = old
        grad[idx] = (moved - here) / epsilon if forward else (here - moved) / epsilon
    return grad


def _numerical_gradient_mistakes(f, x, expected):
    pairs = [("the centred difference divides by 2 * epsilon: (f(x + epsilon) - f(x - epsilon)) / (2 * epsilon).",
              lambda: 2 * expected),
             ("the centred difference divides by 2 * epsilon, not by 2 / epsilon or epsilon / 2.",
              lambda: expected / 2),
             (PERTURBS_A_COPY, lambda: np.zeros_like(expected))]
    for epsilon in (1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7):
        for forward in (True, False):
            pairs.append(("this is a one-sided difference: use the centred one, "
                          "(f(x + epsilon) - f(x - epsilon)) / (2 * epsilon), whose error is far smaller.",
                          lambda e=epsilon, fw=forward: _one_sided(f, x, e, fw)))
    return _mistakes(pairs)


def _check_numerical_gradient(c, fn, f, x, expected, what):
    """Call fn(f, x) (x is perturbed in place and must come back bit for bit), compare with expected."""
    __tracebackhide__ = True
    before = x.copy()
    # the real x, not a copy: f may read it through a closure
    state = np.random.get_state()
    try:
        with np.errstate(all="ignore"):
            result = fn(f, x)
    except NotImplementedError:
        c.fail("not written yet.", "replace `raise NotImplementedError()` with your code, run that cell, then "
                                   "this one.", show_values=False)
    except Exception as error:
        x[...] = before
        c.fail(f"calling it raised {type(error).__name__}: {error}", None, show_values=False)
    finally:
        np.random.set_state(state)
    if not np.array_equal(x, before):
        change = float(np.max(np.abs(x - before)))
        x[...] = before
        c.fail(f"{what}: it changed x.", RESTORED_BY_ARITHMETIC if change < 1e-9 * (1 + np.max(np.abs(before)))
               else NOT_RESTORED, show_values=False)
    c.ok()
    if not isinstance(result, np.ndarray) or result.shape != x.shape:
        c.fail(f"{what}: the gradient should have the shape of x, {x.shape}.",
               "create it with grad = np.zeros_like(x) and fill it entry by entry.",
               expected=f"ndarray of shape {x.shape}", actual=result)
    c.ok()
    if same(result, expected, atol=1e-6, rtol=1e-5):
        c.ok()
        return
    c.equal(f"the gradient {what}", result, expected, _numerical_gradient_mistakes(f, x, expected), atol=0, rtol=0)


def _closure_case(seed, shape):
    """An array w and f(_) = sum(w**3) that reads w itself, not its argument; the gradient is 3 w**2."""
    w = np.random.RandomState(seed).randn(*shape)

    def f(_):
        return np.sum(w ** 3)
    return f, w, 3 * w ** 2


@EXERCISES.check("numerical_gradient", reference_numerical_gradient)
def check_numerical_gradient(numerical_gradient):
    """The documented case, then an f that reads its array through a closure, then arrays of 1 and 3
    dimensions, one of a single entry (the hidden check varies the shapes)."""
    c = _Check("numerical_gradient")
    f, x = fixtures.numerical_gradient_case()
    _check_numerical_gradient(c, numerical_gradient, f, x, OTHER_EXPECTED["numerical_gradient"]["grad"],
                              "of sum(x[0]**2 + x[1]**2) at [[3, 4], [3, 4]]")
    f, w, expected = _closure_case(0, (2, 3))
    _check_numerical_gradient(c, numerical_gradient, f, w, expected,
                              "of f(_) = sum(w**3), which reads the array w itself")
    rng = np.random.RandomState(3)
    for x in (rng.randn(3), rng.randn(2, 2, 3), rng.randn(1)):
        _check_numerical_gradient(c, numerical_gradient, lambda v: np.sum(v ** 3), x, 3 * x ** 2,
                                  f"of sum(x**3) for x of shape {x.shape}")
    c.done()


@EXERCISES.hidden("numerical_gradient")
def hidden_check_numerical_gradient(numerical_gradient):
    rng = np.random.RandomState(8)
    A = rng.randn(3, 6)
    cases = [
        ("of sum(sin(x)) for x of shape (4,)", lambda v: np.sum(np.sin(v)), rng.randn(4), np.cos),
        ("of sum(x**3) for x of shape (2, 3, 2)", lambda v: np.sum(v ** 3), rng.randn(2, 3, 2), lambda v: 3 * v ** 2),
        ("of sum((A @ x.ravel())**2) for x of shape (2, 3)", lambda v: np.sum((A @ v.ravel()) ** 2), rng.randn(2, 3),
         lambda v: (2 * A.T @ (A @ v.ravel())).reshape(v.shape)),
        ("of exp(x[0]) for x of shape (1,)", lambda v: float(np.exp(v[0])), np.array([0.3]), np.exp),
    ]
    for what, f, x, gradient in cases:
        c = _Check(f"numerical_gradient {what}", quiet=True)
        _check_numerical_gradient(c, numerical_gradient, f, x, gradient(x.copy()), what)
    f, w, expected = _closure_case(5, (3, 2, 2))
    _check_numerical_gradient(_Check("numerical_gradient of a closure", quiet=True), numerical_gradient, f, w,
                              expected, "of f(_) = sum(w**3), which reads the array w itself")


# ---- gradient_check_n -------------------------------------------------------------------------------
def _cost_of_vector(X, Y, like):
    def J(theta):
        AL, _ = dnn_utils.L_model_forward(X, vector_to_dictionary(theta, like))
        return dnn_utils.compute_cost(AL, Y)
    return J


def _gradapprox(X, Y, parameters, epsilon):
    theta = dictionary_to_vector(parameters)
    return reference_numerical_gradient(_cost_of_vector(X, Y, parameters), theta, epsilon)


ABOUT_A_THIRD = (
    "the difference is about 1/3 even for correct gradients: gradapprox is 2 times, or half, what it should be. "
    "Either it divides by epsilon where the centred difference spans 2 * epsilon, (J_plus[i] - J_minus[i]) / "
    "(2 * epsilon); or theta_minus is copied from theta_plus (theta_plus - epsilon is the unperturbed theta); or "
    "theta_plus is not a fresh copy, so that every perturbation stays in the parameters "
    "(theta_plus = np.copy(parameters_values) inside the loop, then theta_plus[i] += epsilon; the same for "
    "theta_minus, from parameters_values too).")
THIRD_BY_EPSILON = ("gradapprox divides by epsilon, where the centred difference spans 2 * epsilon: "
                    "gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon).")
THIRD_NOT_A_COPY = ("theta_plus is not a fresh copy, so every perturbation stays in the parameters: theta_plus = "
                    "np.copy(parameters_values) inside the loop, then theta_plus[i] += epsilon (the same for "
                    "theta_minus).")
THIRD_MINUS_FROM_PLUS = ("theta_minus is copied from theta_plus, so theta_plus[i] - epsilon is the unperturbed value "
                         "and J_minus[i] is the cost at theta itself: theta_minus = np.copy(parameters_values), then "
                         "theta_minus[i] -= epsilon.")
THIRD_UNPERTURBED_MINUS = (
    "J_minus[i] is the cost at the unperturbed theta, so gradapprox is half a one-sided difference: either "
    "theta_minus is copied from theta_plus, or theta_plus = parameters_values is no copy at all (the same array), "
    "and subtracting epsilon takes entry i back to its value. Build each from a fresh copy of the parameters: "
    "theta_plus = np.copy(parameters_values), theta_plus[i] += epsilon; theta_minus = np.copy(parameters_values), "
    "theta_minus[i] -= epsilon.")
GRADAPPROX_ZERO_OR_FLIPPED_N = (
    "the difference is 1, which is what gradapprox = 0 or gradapprox of the wrong sign gives: J_plus[i] - "
    "J_plus[i] is 0, and J_minus[i] - J_plus[i] flips the sign. It is gradapprox[i] = (J_plus[i] - J_minus[i]) / "
    "(2 * epsilon).")
ORIGINAL_HELPERS = (
    "the vector helpers of this course differ from the original course's: dictionary_to_vector(parameters) returns "
    "theta alone (the original course returned (theta, keys)), so write parameters_values = "
    "dictionary_to_vector(parameters); gradients_to_vector(gradients, parameters) and vector_to_dictionary(theta, "
    "parameters) take the parameters as their second argument, so that the keys and shapes come from them.")
ORIGINAL_FORWARD = (
    "forward_propagation_n is the original course's helper; here the cost of a theta is compute_cost(AL, Y) with "
    "AL, _ = L_model_forward(X, vector_to_dictionary(theta_plus, parameters)) (both given, imported at the top).")


class _NCheck(Check):
    """A Check of gradient_check_n that recognises the original course's helpers and their signatures."""

    def fail(self, problem, advice=None, expected=None, actual=None, show_values=True):
        __tracebackhide__ = True
        if problem.startswith("calling it raised"):
            if "values to unpack" in problem or any(
                    f"{name}()" in problem for name in ("dictionary_to_vector", "gradients_to_vector",
                                                         "vector_to_dictionary")):
                advice = ORIGINAL_HELPERS
            elif "forward_propagation_n" in problem or "backward_propagation_n" in problem:
                advice = ORIGINAL_FORWARD
            else:
                advice = call_advice(problem, "gradient_check_n") or advice
        super().fail(problem, advice, expected=expected, actual=actual, show_values=show_values)


def _gradient_check_n_variants(parameters, gradients, X, Y, epsilon, approx):
    """[(advice, difference that mistake returns)]."""
    grad = gradients_to_vector(gradients, parameters)
    J = _cost_of_vector(X, Y, parameters)
    theta = dictionary_to_vector(parameters)

    def aliased():
        values = theta.copy()
        out = np.zeros_like(theta)
        for i in range(theta.shape[0]):
            plus = values  # no copy: the entry stays perturbed
            plus[i] = plus[i] + epsilon
            J_plus = J(plus)
            minus = np.copy(values)
            minus[i] = minus[i] - epsilon
            out[i] = (J_plus - J(minus)) / (2 * epsilon)
        return _relative_difference(grad, out)

    def minus_from_plus():
        out = np.zeros_like(theta)
        for i in range(theta.shape[0]):
            plus = np.copy(theta)
            plus[i] = plus[i] + epsilon
            minus = np.copy(plus)  # copied from theta_plus: back to the unperturbed value
            minus[i] = minus[i] - epsilon
            out[i] = (J(plus) - J(minus)) / (2 * epsilon)
        return _relative_difference(grad, out)

    return [
        (THIRD_BY_EPSILON, _relative_difference(grad, 2 * approx)),
        (THIRD_NOT_A_COPY, aliased()),
        (THIRD_MINUS_FROM_PLUS, minus_from_plus()),
        ("the difference is not relative: divide norm(grad - gradapprox) by norm(grad) + norm(gradapprox).",
         float(np.linalg.norm(grad - approx))),
        ("the denominator is norm(grad) + norm(gradapprox), both norms.",
         float(np.linalg.norm(grad - approx) / np.linalg.norm(grad))),
        ("the denominator is norm(grad) + norm(gradapprox), not norm(grad + gradapprox).",
         float(np.linalg.norm(grad - approx) / np.linalg.norm(grad + approx))),
    ]




def _check_n(c, fn, parameters, gradients, X, Y, what, epsilon=1e-7):
    __tracebackhide__ = True
    result = c.call(fn, parameters, gradients, X, Y, epsilon, names=["parameters", "gradients", "X", "Y", "epsilon"])
    difference = _number(c, "the difference", result)
    approx = _gradapprox(X, Y, parameters, epsilon)
    expected = _relative_difference(gradients_to_vector(gradients, parameters), approx)
    if expected < THRESHOLD_N:
        if 0 <= difference < THRESHOLD_N:
            c.ok()
            return
    elif same(difference, expected, atol=1e-6, rtol=1e-4):
        c.ok()
        return
    variants = _gradient_check_n_variants(parameters, gradients, X, Y, epsilon, approx)
    mistakes = _mistakes([(advice, lambda value=value: value) for advice, value in variants])
    if expected < THRESHOLD_N and abs(difference - 1 / 3) < 0.02:
        mistakes.insert(0, Mistake(_which_third(fn, parameters, gradients, X, Y, epsilon), lambda: difference))
    if abs(difference - 1) < 1e-6 and abs(expected - 1) > 1e-3:
        mistakes.append(Mistake(GRADAPPROX_ZERO_OR_FLIPPED_N, lambda: difference))
    above_one = _above_one(difference, expected, THRESHOLD_N, mistakes)
    if above_one:
        mistakes.insert(0, above_one)
    if expected >= THRESHOLD_N and difference < THRESHOLD_N:
        mistakes.append(Mistake("the difference stays tiny for wrong gradients: compare the gradients you were "
                                "given, grad = gradients_to_vector(gradients, parameters), with gradapprox.",
                                lambda: difference))
    if expected < THRESHOLD_N:
        c.fail(f"the difference {what} should be below {THRESHOLD_N:g} for correct gradients.",
               next((m.advice for m in mistakes if m.explains(difference)), None),
               expected=f"a float below {THRESHOLD_N:g} (about {expected:.0e})", actual=difference)
    c.equal(f"the difference {what}", difference, expected, mistakes, atol=0, rtol=0)


def _which_third(fn, parameters, gradients, X, Y, epsilon):
    """Three mistakes give about 1/3 for correct gradients; the student's difference for broken gradients tells
    which (ABOUT_A_THIRD, naming all three, when it cannot)."""
    broken = dict(gradients)   # dW1 three times too large: every network has a first layer
    broken["dW1"] = 3 * gradients["dW1"]
    try:
        with np.errstate(all="ignore"):
            seen = float(np.asarray(fn(parameters, broken, X, Y, epsilon), dtype=float).reshape(()))
    except Exception:
        return ABOUT_A_THIRD
    approx = _gradapprox(X, Y, parameters, epsilon)
    fitting = {advice for advice, value in _gradient_check_n_variants(parameters, broken, X, Y, epsilon, approx)
               if advice in (THIRD_BY_EPSILON, THIRD_NOT_A_COPY, THIRD_MINUS_FROM_PLUS)
               and same(seen, value, atol=1e-6, rtol=1e-4)}
    if fitting == {THIRD_NOT_A_COPY, THIRD_MINUS_FROM_PLUS}:   # both leave J_minus[i] at the unperturbed theta
        fitting = {THIRD_UNPERTURBED_MINUS}
    return (f"the difference is about 1/3 even for correct gradients: {fitting.pop()}" if len(fitting) == 1
            else ABOUT_A_THIRD)


def _broken(gradients, m):
    """The gradients of a backward pass with two mistakes: dW2 without its 1/m, db1 with the wrong sign."""
    broken = dict(gradients)
    broken["dW2"] = gradients["dW2"] * m
    broken["db1"] = -gradients["db1"]
    return broken


@EXERCISES.check("gradient_check_n", None)
def check_gradient_check_n(gradient_check_n):
    """The documented 3-layer network: correct gradients pass, broken ones give a large difference."""
    c = _NCheck("gradient_check_n")
    X, Y, parameters = fixtures.gradient_check_n_case()
    AL, caches = dnn_utils.L_model_forward(X, parameters)
    gradients = dnn_utils.L_model_backward(AL, Y, caches)
    _check_n(c, gradient_check_n, parameters, gradients, X, Y, "for the correct gradients")
    _check_n(c, gradient_check_n, parameters, _broken(gradients, X.shape[1]), X, Y,
             "for broken gradients (dW2 without its 1/m, db1 of the wrong sign)")
    c.done()


#: (seed, layer_dims, m) of the hidden networks
RANDOM_NETWORKS = [(1, [3, 1], 4), (2, [2, 3, 1], 2), (4, [3, 4, 2, 1], 3), (6, [2, 3, 3, 2, 1], 5)]


def _random_network(seed, layer_dims, m, kink=1e-2):
    """fixtures.random_network, redrawn from the same RandomState until no hidden Z is near 0."""
    rng = np.random.RandomState(seed)
    while True:
        X, Y, parameters = fixtures.random_network(rng, layer_dims, m)
        AL, caches = dnn_utils.L_model_forward(X, parameters)
        if all(np.min(np.abs(Z)) > kink for _, Z in caches[:-1]):
            return X, Y, parameters, dnn_utils.L_model_backward(AL, Y, caches)


@EXERCISES.hidden("gradient_check_n")
def hidden_check_gradient_check_n(gradient_check_n):
    for seed, layer_dims, m in RANDOM_NETWORKS:
        X, Y, parameters, gradients = _random_network(seed, layer_dims, m)
        c = _NCheck(f"gradient_check_n (layer_dims = {layer_dims}, m = {m})", quiet=True)
        _check_n(c, gradient_check_n, parameters, gradients, X, Y, "for the correct gradients")
        off = dict(gradients)
        off["dW1"] = gradients["dW1"].copy()
        off["dW1"][0, 0] += 0.05
        _check_n(c, gradient_check_n, parameters, off, X, Y, "when one entry of dW1 is off by 0.05")
