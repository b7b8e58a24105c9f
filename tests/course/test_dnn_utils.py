"""Units of dnn_utils: activations, initialisation, forward, cost, backward, update, gradient checker."""
import warnings

import numpy as np
import pytest

import dnn_utils
from dnn_utils import activations
from testcases import fixtures

BIG = np.array([[-1e4, -800.0, -50.0, -1.0, 0.0, 1.0, 50.0, 800.0, 1e4]])


@pytest.mark.parametrize("name", ["sigmoid", "relu"])
def test_activations_are_safe_for_large_inputs(name):
    forward, backward = activations.get_activation(name)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", divide="raise", invalid="raise"):
            A, cache = forward(BIG)
            dZ = backward(np.ones_like(BIG), cache)
    assert np.all(np.isfinite(A)) and np.all(np.isfinite(dZ))
    assert cache is BIG or np.array_equal(cache, BIG)


def test_sigmoid_values():
    A, _ = dnn_utils.sigmoid(BIG)
    assert A[0, 0] == 0.0 and A[0, -1] == 1.0 and A[0, 4] == 0.5
    expected = 1 / (1 + np.exp(-np.array([-1.0, 1.0])))
    np.testing.assert_allclose(A[0, [3, 5]], expected, rtol=1e-15)


def test_relu_values():
    A, Z = dnn_utils.relu(np.array([[-2.0, 0.0, 3.0]]))
    np.testing.assert_array_equal(A, [[0.0, 0.0, 3.0]])


@pytest.mark.parametrize("name", ["sigmoid", "relu"])
def test_activation_derivatives_match_numerical_gradients(name):
    forward, backward = activations.get_activation(name)
    rng = np.random.RandomState(0)
    Z = rng.randn(3, 4)
    Z[np.abs(Z) < 1e-2] = 0.5  # stay away from the ReLU kink
    dA = rng.randn(3, 4)
    numeric = dnn_utils.numerical_gradient(lambda z: np.sum(forward(z)[0] * dA), Z.copy())
    assert dnn_utils.rel_error(backward(dA, Z), numeric) < 1e-7


def test_backward_functions_leave_dA_unchanged():
    dA = np.array([[1.0, -2.0, 3.0]])
    Z = np.array([[-1.0, 1.0, 2.0]])
    before = dA.copy()
    dnn_utils.relu_backward(dA, Z)
    dnn_utils.sigmoid_backward(dA, Z)
    np.testing.assert_array_equal(dA, before)


def test_unknown_activation_names_the_choices():
    with pytest.raises(ValueError, match="'sigmoid', 'relu'; got 'tanh'"):
        dnn_utils.linear_activation_forward(np.ones((2, 1)), np.ones((1, 2)), np.ones((1, 1)), "tanh")


def test_unknown_init_names_the_choices():
    with pytest.raises(ValueError, match="'small', 'xavier', 'he'; got 'gaussian'"):
        dnn_utils.initialize_parameters_deep([3, 2, 1], init="gaussian")


def test_initialisation_leaves_the_global_random_state_alone():
    state = np.random.get_state()
    dnn_utils.initialize_parameters(3, 2, 1)
    dnn_utils.initialize_parameters_deep([4, 3, 2, 1], seed=5, init="he")
    assert np.array_equal(state[1], np.random.get_state()[1])


@pytest.mark.parametrize("init,scale", [("small", lambda n: 0.01), ("xavier", lambda n: 1 / np.sqrt(n)),
                                        ("he", lambda n: np.sqrt(2 / n))])
def test_initialisation_scales(init, scale):
    dims = [4000, 300, 1]
    W1 = dnn_utils.initialize_parameters_deep(dims, seed=0, init=init)["W1"]
    assert abs(W1.std() / scale(dims[0]) - 1) < 0.01


def test_cost_is_a_float_and_finite_at_zero_and_one():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cost = dnn_utils.compute_cost(np.array([[0.0, 1.0, 1.0, 0.0]]), np.array([[0, 1, 0, 1]]))
    assert type(cost) is float and np.isfinite(cost) and cost > 10


def test_cost_of_an_untrained_net_is_log_2():
    assert dnn_utils.compute_cost(np.full((1, 6), 0.5), np.array([[0, 1, 0, 1, 1, 0]])) == pytest.approx(np.log(2))


@pytest.mark.parametrize("layer_dims,m", [([3, 1], 1), ([4, 3, 1], 5), ([5, 4, 3, 1], 3), ([2, 3, 3, 2, 1], 4)])
def test_backprop_matches_numerical_gradients(layer_dims, m):
    rng = np.random.RandomState(sum(layer_dims) + m)
    X, Y, parameters = fixtures.random_network(rng, layer_dims, m)

    def cost(params, x=X):
        return dnn_utils.compute_cost(dnn_utils.L_model_forward(x, params)[0], Y)

    AL, caches = dnn_utils.L_model_forward(X, parameters)
    grads = dnn_utils.L_model_backward(AL, Y, caches)
    for key, value in parameters.items():
        numeric = dnn_utils.numerical_gradient(lambda _: cost(parameters), value)
        assert dnn_utils.rel_error(grads["d" + key], numeric) < 1e-6, key
    # dA0 is the gradient of the loss summed over the examples: m times that of the cost
    numeric = dnn_utils.numerical_gradient(lambda x: m * cost(parameters, x), X.copy())
    assert dnn_utils.rel_error(grads["dA0"], numeric) < 1e-6
    assert sorted(grads) == sorted([f"dA{l}" for l in range(len(layer_dims) - 1)]
                                   + [f"d{p}{l}" for l in range(1, len(layer_dims)) for p in "Wb"])


def test_update_parameters_returns_new_values_and_leaves_the_caller_alone():
    parameters, grads, lr = fixtures.update_parameters_case()
    before = {k: v.copy() for k, v in parameters.items()}
    new = dnn_utils.update_parameters(parameters, grads, lr)
    assert new is not parameters
    for key in parameters:
        np.testing.assert_array_equal(parameters[key], before[key])
        np.testing.assert_array_equal(new[key], before[key] - lr * grads["d" + key])  # the same numbers


def test_update_parameters_refuses_a_gradient_of_the_wrong_shape():
    parameters, grads, lr = fixtures.update_parameters_case()
    grads = dict(grads, db1=grads["db1"].ravel())
    with pytest.raises(ValueError, match=r"db1 has shape \(\d+,\) but b1 has shape \(\d+, 1\)"):
        dnn_utils.update_parameters(parameters, grads, lr)


def test_numerical_gradient_restores_every_entry_and_handles_any_shape():
    x = np.arange(24, dtype=float).reshape(2, 3, 4)
    before = x.copy()
    grad = dnn_utils.numerical_gradient(lambda a: np.sum(a ** 2), x)
    np.testing.assert_array_equal(x, before)
    np.testing.assert_allclose(grad, 2 * before, rtol=1e-6, atol=1e-6)


def test_numerical_gradient_documented_value():
    x = np.array([[3.0, 4.0], [3.0, 4.0]])
    grad = dnn_utils.numerical_gradient(lambda a: np.sum(a[0] ** 2 + a[1] ** 2), x)
    np.testing.assert_allclose(grad, [[6.0, 8.0], [6.0, 8.0]], rtol=1e-7)


def test_numerical_gradient_refuses_integer_arrays():
    with pytest.raises(TypeError, match="float ndarray"):
        dnn_utils.numerical_gradient(lambda a: float(np.sum(a)), np.arange(3))


def test_rel_error():
    assert dnn_utils.rel_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert dnn_utils.rel_error([1.0], [3.0]) == pytest.approx(0.5)


def test_backprop_can_skip_the_input_gradient():
    rng = np.random.RandomState(7)
    X, Y, parameters = fixtures.random_network(rng, [5, 4, 1], 3)
    AL, caches = dnn_utils.L_model_forward(X, parameters)
    full = dnn_utils.L_model_backward(AL, Y, caches)
    lean = dnn_utils.L_model_backward(AL, Y, caches, need_dA0=False)
    assert "dA0" not in lean and sorted(lean) == sorted(k for k in full if k != "dA0")
    for key, value in lean.items():
        np.testing.assert_array_equal(value, full[key])
