"""The checks of 08_gradient_check: a correct solution passes; every catalogued mistake is named."""
import re

import numpy as np
import pytest

import dnn_utils
from dnn_utils.vectorize import dictionary_to_vector, gradients_to_vector, vector_to_dictionary
from testcases import nb08


# ---- a correct solution, written as a student would ----
def forward_propagation(x, theta):
    return theta * x


def backward_propagation(x, theta):
    return x


def gradient_check(x, theta, epsilon=1e-7):
    gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon)) / (2 * epsilon)
    grad = backward_propagation(x, theta)
    return np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))


def numerical_gradient(f, x, epsilon=1e-5):
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        idx = it.multi_index
        old = x[idx]
        x[idx] = old + epsilon
        f_plus = f(x)
        x[idx] = old - epsilon
        f_minus = f(x)
        x[idx] = old
        grad[idx] = (f_plus - f_minus) / (2 * epsilon)
    return grad


def cost(X, Y, theta, parameters):
    AL, _ = dnn_utils.L_model_forward(X, vector_to_dictionary(theta, parameters))
    return dnn_utils.compute_cost(AL, Y)


def make_gradient_check_n(copy=True, divide=2.0, denominator="sum"):
    """A gradient_check_n with one thing changed."""
    def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7):
        values = dictionary_to_vector(parameters)
        grad = gradients_to_vector(gradients, parameters)
        n = values.shape[0]
        gradapprox = np.zeros((n, 1))
        for i in range(n):
            theta_plus = np.copy(values) if copy else values
            theta_plus[i] = theta_plus[i] + epsilon
            J_plus = cost(X, Y, theta_plus, parameters)
            theta_minus = np.copy(values)
            theta_minus[i] = theta_minus[i] - epsilon
            J_minus = cost(X, Y, theta_minus, parameters)
            gradapprox[i] = (J_plus - J_minus) / (divide * epsilon)
        numerator = np.linalg.norm(grad - gradapprox)
        if denominator == "none":
            return float(numerator)
        if denominator == "grad only":
            return float(numerator / np.linalg.norm(grad))
        return float(numerator / (np.linalg.norm(grad) + np.linalg.norm(gradapprox)))
    return gradient_check_n


gradient_check_n = make_gradient_check_n()
SOLUTION = {"forward_propagation": forward_propagation, "backward_propagation": backward_propagation,
            "gradient_check": gradient_check, "numerical_gradient": numerical_gradient,
            "gradient_check_n": gradient_check_n}


def test_reference_and_student_style_solutions_pass(capsys):
    for name, fn in SOLUTION.items():
        getattr(nb08, "check_" + name)(fn)
        getattr(nb08, "hidden_check_" + name)(fn)
    nb08.check_numerical_gradient(dnn_utils.numerical_gradient)
    nb08.hidden_check_numerical_gradient(dnn_utils.numerical_gradient)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(SOLUTION) + 1
    for name, line in zip(list(SOLUTION) + ["numerical_gradient"], lines):
        assert re.fullmatch(rf"{name}: all \d+ checks passed\.", line)


def test_the_swapped_names_are_put_back():
    before = (forward_propagation, backward_propagation)
    nb08.check_gradient_check(gradient_check)
    assert (globals()["forward_propagation"], globals()["backward_propagation"]) == before


# ---- the 1-D case ----
def test_forward_and_backward_mistakes_are_named():
    with pytest.raises(AssertionError, match="multiplies"):
        nb08.check_forward_propagation(lambda x, theta: theta + x)
    with pytest.raises(AssertionError, match="derivative of J = theta \\* x with respect to theta is x"):
        nb08.check_backward_propagation(lambda x, theta: theta)
    with pytest.raises(AssertionError, match="J itself"):
        nb08.check_backward_propagation(lambda x, theta: theta * x)


def gradient_check_divided_by_epsilon(x, theta, epsilon=1e-7):
    gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon)) / epsilon
    grad = backward_propagation(x, theta)
    return np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))


def gradient_check_not_relative(x, theta, epsilon=1e-7):
    gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon)) / (2 * epsilon)
    return np.linalg.norm(backward_propagation(x, theta) - gradapprox)


def gradient_check_ignores_backward(x, theta, epsilon=1e-7):
    gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon)) / (2 * epsilon)
    grad = x  # computed here instead of calling backward_propagation
    return np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))


def gradient_check_one_sided(x, theta, epsilon=1e-7):
    gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta)) / epsilon
    grad = backward_propagation(x, theta)
    return np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))


GRADIENT_CHECK_MISTAKES = {
    "divided by epsilon": (gradient_check_divided_by_epsilon, "divides by epsilon"),
    "not relative": (gradient_check_not_relative, "not relative"),
    "ignores backward_propagation": (gradient_check_ignores_backward, "broken backward_propagation"),
}


@pytest.mark.parametrize("name", GRADIENT_CHECK_MISTAKES)
def test_gradient_check_mistakes_are_named(name):
    wrong, advice = GRADIENT_CHECK_MISTAKES[name]
    with pytest.raises(AssertionError, match=advice):
        nb08.check_gradient_check(wrong)


def test_a_one_sided_difference_is_named_in_the_lab_and_while_grading():
    """J = theta x is linear, where a one-sided difference makes no error to see; the visible check's cubic J
    shows it, so that it is not first met while grading."""
    with pytest.raises(AssertionError, match="one-sided"):
        nb08.check_gradient_check(gradient_check_one_sided)
    with pytest.raises(AssertionError, match="one-sided"):
        nb08.hidden_check_gradient_check(gradient_check_one_sided)


# ---- numerical_gradient ----
def numerical_gradient_not_restored(f, x, epsilon=1e-5):
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + epsilon
        f_plus = f(x)
        x[idx] = old - epsilon
        f_minus = f(x)
        grad[idx] = (f_plus - f_minus) / (2 * epsilon)
    return grad


def numerical_gradient_restored_by_arithmetic(f, x, epsilon=1e-5):
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        x[idx] += epsilon
        f_plus = f(x)
        x[idx] -= 2 * epsilon
        f_minus = f(x)
        x[idx] += epsilon
        grad[idx] = (f_plus - f_minus) / (2 * epsilon)
    return grad


def numerical_gradient_on_a_copy(f, x, epsilon=1e-5):
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[idx] += epsilon
        minus[idx] -= epsilon
        grad[idx] = (f(plus) - f(minus)) / (2 * epsilon)
    return grad


def numerical_gradient_one_sided(f, x, epsilon=1e-4):
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        f_here = f(x)
        x[idx] = old + epsilon
        f_plus = f(x)
        x[idx] = old
        grad[idx] = (f_plus - f_here) / epsilon
    return grad


def numerical_gradient_1d_only(f, x, epsilon=1e-5):
    grad = np.zeros_like(x)
    for i in range(x.size):
        old = x[i].copy()
        x[i] = old + epsilon
        f_plus = f(x)
        x[i] = old - epsilon
        f_minus = f(x)
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * epsilon)
    return grad


def numerical_gradient_over_epsilon(f, x, epsilon=1e-5):
    return 2 * numerical_gradient(f, x, epsilon)


NUMERICAL_GRADIENT_MISTAKES = {
    "entry not restored": (numerical_gradient_not_restored, "put the entry back"),
    "restored by adding epsilon back": (numerical_gradient_restored_by_arithmetic, "round-off"),
    "perturbs a copy": (numerical_gradient_on_a_copy, "perturb the array x itself"),
    "one-sided difference": (numerical_gradient_one_sided, "one-sided"),
    "loops over the first axis only": (numerical_gradient_1d_only, "any shape"),
    "divided by epsilon": (numerical_gradient_over_epsilon, "divides by 2 \\* epsilon"),
}


@pytest.mark.parametrize("name", NUMERICAL_GRADIENT_MISTAKES)
def test_numerical_gradient_mistakes_are_named(name):
    wrong, advice = NUMERICAL_GRADIENT_MISTAKES[name]
    with pytest.raises(AssertionError, match=advice):
        nb08.check_numerical_gradient(wrong)


def test_a_failed_numerical_gradient_leaves_x_as_it_was():
    def raises_half_way(f, x, epsilon=1e-5):
        x[0, 0] += epsilon
        raise ValueError("boom")
    with pytest.raises(AssertionError, match="raised ValueError"):
        nb08.check_numerical_gradient(raises_half_way)


# ---- gradient_check_n ----
GRADIENT_CHECK_N_MISTAKES = {
    "divided by epsilon": (make_gradient_check_n(divide=1.0), "about 1/3.*divides by epsilon"),
    "theta_plus not copied": (make_gradient_check_n(copy=False), "about 1/3.*no copy at all"),
    "not relative": (make_gradient_check_n(denominator="none"), "not relative"),
    "norm of grad only": (make_gradient_check_n(denominator="grad only"), "both norms"),
}


@pytest.mark.parametrize("name", GRADIENT_CHECK_N_MISTAKES)
def test_gradient_check_n_mistakes_are_named(name):
    wrong, advice = GRADIENT_CHECK_N_MISTAKES[name]
    with pytest.raises(AssertionError, match=advice):
        nb08.check_gradient_check_n(wrong)


def test_gradient_check_n_that_ignores_the_gradients_is_named():
    def ignores(parameters, gradients, X, Y, epsilon=1e-7):
        AL, caches = dnn_utils.L_model_forward(X, parameters)
        return gradient_check_n(parameters, dnn_utils.L_model_backward(AL, Y, caches), X, Y, epsilon)
    with pytest.raises(AssertionError, match="stays tiny for wrong gradients"):
        nb08.check_gradient_check_n(ignores)


def test_gradient_check_n_catches_the_broken_backward_pass_documented():
    """The documented case: round-off alone gives about 1e-7 with epsilon = 1e-7; a mistake gives far more."""
    from testcases import fixtures
    X, Y, parameters = fixtures.gradient_check_n_case()
    AL, caches = dnn_utils.L_model_forward(X, parameters)
    grads = dnn_utils.L_model_backward(AL, Y, caches)
    assert gradient_check_n(parameters, grads, X, Y) < 1e-6
    assert gradient_check_n(parameters, nb08._broken(grads, 3), X, Y) > 0.1


CATALOGUES = [(GRADIENT_CHECK_MISTAKES, "gradient_check"), (NUMERICAL_GRADIENT_MISTAKES, "numerical_gradient"),
              (GRADIENT_CHECK_N_MISTAKES, "gradient_check_n")]


@pytest.mark.parametrize("exercise, case", [(exercise, case) for catalogue, exercise in CATALOGUES for case in catalogue])
def test_the_hidden_check_names_every_catalogued_mistake_too(exercise, case):
    """What the lab names, grading names as well, on networks of other depths too (issue 21)."""
    catalogue = next(catalogue for catalogue, name in CATALOGUES if name == exercise)
    wrong, advice = catalogue[case]
    with pytest.raises(AssertionError, match=advice):
        getattr(nb08, "hidden_check_" + exercise)(wrong)
