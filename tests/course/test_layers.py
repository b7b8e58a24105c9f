"""dnn_utils.functions, dnn_utils.layers, dnn_utils.vectorize and dnn_utils.digits."""
import warnings

import numpy as np
import pytest

from dnn_utils import numerical_gradient
from dnn_utils.functions import cross_entropy_error, softmax
from dnn_utils.layers import Affine, AddLayer, MulLayer, Relu, Sigmoid, SoftmaxWithLoss, TwoLayerNet
from dnn_utils.vectorize import dictionary_to_vector, gradients_to_vector, vector_to_dictionary
from testcases import fixtures
from testcases.expected import OTHER_EXPECTED


def relative(a, b):
    return np.linalg.norm(a - b) / max(1e-12, np.linalg.norm(a) + np.linalg.norm(b))


# ---- softmax and the cross-entropy error ----
def test_softmax_documented_values_without_any_warning():
    documented = OTHER_EXPECTED["softmax"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise", under="ignore"):
            np.testing.assert_allclose(softmax(documented["a"]), documented["y"], atol=5e-9, rtol=0)
            np.testing.assert_allclose(softmax(documented["a_large"]), documented["y_large"], rtol=1e-7)
            batch = softmax(fixtures.softmax_batch_case())
    np.testing.assert_allclose(batch.sum(axis=1), 1.0)
    np.testing.assert_allclose(batch[1], softmax(fixtures.softmax_batch_case()[1]))


def test_softmax_leaves_its_input_alone():
    a = fixtures.softmax_batch_case()
    before = a.copy()
    softmax(a)
    np.testing.assert_array_equal(a, before)


def test_cross_entropy_one_hot_labels_and_single_examples_agree():
    y, labels, one_hot = fixtures.cross_entropy_case()
    expected = -np.mean(np.log(y[np.arange(4), labels] + 1e-7))
    assert cross_entropy_error(y, one_hot) == pytest.approx(expected)
    assert cross_entropy_error(y, labels) == pytest.approx(expected)
    assert cross_entropy_error(y[1], one_hot[1]) == pytest.approx(-np.log(y[1, labels[1]] + 1e-7))
    assert cross_entropy_error(y[1], labels[1]) == pytest.approx(-np.log(y[1, labels[1]] + 1e-7))


def test_cross_entropy_is_finite_where_a_probability_is_zero():
    with np.errstate(all="raise"):
        value = cross_entropy_error(np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([0, 0]))
    assert np.isfinite(value) and value == pytest.approx(-np.log(1e-7) / 2 - np.log(1 + 1e-7) / 2)


# ---- the layers: gradients against the numerical gradient, and no mutation ----
def test_mul_and_add_layers():
    mul, add = MulLayer(), AddLayer()
    assert mul.forward(3.0, 4.0) == 12.0 and mul.backward(2.0) == (8.0, 6.0)
    assert add.forward(3.0, 4.0) == 7.0 and add.backward(2.0) == (2.0, 2.0)


@pytest.mark.parametrize("layer_class", [Relu, Sigmoid])
def test_activation_layers_match_numerical_gradients_and_leave_inputs_alone(layer_class):
    x, _, _, dout = fixtures.layer_case(3, 4, 5, 5)
    x[np.abs(x) < 1e-3] = 0.5  # away from the ReLU kink
    x_before, dout_before = x.copy(), dout.copy()
    layer = layer_class()
    layer.forward(x)
    dx = layer.backward(dout)
    np.testing.assert_array_equal(x, x_before)
    np.testing.assert_array_equal(dout, dout_before)
    xc = x.copy()
    numeric = numerical_gradient(lambda _: np.sum(dout * layer_class().forward(xc)), xc)
    assert relative(dx, numeric) < 1e-8


def test_affine_matches_numerical_gradients_and_shares_its_parameters():
    x, W, b, dout = fixtures.layer_case(4, 3, 4, 5)
    layer = Affine(W, b)
    out = layer.forward(x)
    assert out.shape == (3, 5)
    dout_before = dout.copy()
    dx = layer.backward(dout)
    np.testing.assert_array_equal(dout, dout_before)

    def f(_):
        return np.sum(dout * (x @ W + b))
    for analytic, array in ((dx, x), (layer.dW, W), (layer.db, b)):
        assert analytic.shape == array.shape and relative(analytic, numerical_gradient(f, array)) < 1e-8
    W -= 1.0  # an in-place update is seen by the layer
    np.testing.assert_allclose(layer.forward(x), out - x.sum(axis=1, keepdims=True))


@pytest.mark.parametrize("kind", ["one-hot", "labels"])
def test_softmax_with_loss_gradient(kind):
    scores, labels, one_hot = fixtures.classification_batch(5, 6, 4, 4)
    t = one_hot if kind == "one-hot" else labels
    layer = SoftmaxWithLoss()
    loss = layer.forward(scores, t)
    assert loss == pytest.approx(cross_entropy_error(softmax(scores), t))
    np.testing.assert_allclose(layer.backward(), (softmax(scores) - one_hot) / 6)


def test_two_layer_net_gradient_check_passes_and_the_parameters_are_shared():
    x, labels, one_hot = fixtures.classification_batch(2, 5, 4, 3)
    net = TwoLayerNet(4, 6, 3, weight_init_std=0.5, seed=1)
    numeric = net.numerical_gradient(x, one_hot)
    backprop = net.gradient(x, one_hot)
    for key in ("W1", "b1", "W2", "b2"):
        assert relative(backprop[key], numeric[key]) < 1e-6
    scores = net.predict(x)
    net.params["b2"] += 1.0  # a training step changes params in place; the layers see it
    np.testing.assert_allclose(net.predict(x), scores + 1.0)
    assert net.accuracy(x, labels) == net.accuracy(x, one_hot)


def test_two_layer_net_initialisation_is_seeded():
    a, b = TwoLayerNet(3, 4, 2, seed=5), TwoLayerNet(3, 4, 2, seed=5)
    rng = np.random.RandomState(5)
    np.testing.assert_array_equal(a.params["W1"], 0.01 * rng.randn(3, 4))
    np.testing.assert_array_equal(a.params["W2"], 0.01 * rng.randn(4, 2))
    np.testing.assert_array_equal(a.params["W1"], b.params["W1"])
    assert a.params["b1"].shape == (4,) and not a.params["b1"].any()


# ---- vectorize ----
def test_vectors_and_dictionaries_round_trip():
    X, Y, parameters = fixtures.gradient_check_n_case()
    theta = dictionary_to_vector(parameters)
    assert theta.shape == (47, 1)
    back = vector_to_dictionary(theta, parameters)
    assert list(back) == list(parameters)
    for key in parameters:
        np.testing.assert_array_equal(back[key], parameters[key])
    back["W1"][0, 0] = 99.0
    assert parameters["W1"][0, 0] != 99.0 and theta[0, 0] != 99.0, "new arrays, not views"
    grads = {"dA0": np.ones((4, 3))}
    grads.update({"d" + k: v for k, v in parameters.items()})
    np.testing.assert_array_equal(gradients_to_vector(grads, parameters), theta)
    with pytest.raises(ValueError, match="47"):
        vector_to_dictionary(theta[:-1], parameters)


# ---- digits ----
def test_the_digits_split():
    from dnn_utils.digits import load_digits_split
    x_train, t_train, x_test, t_test = load_digits_split()
    assert x_train.shape == (1438, 64) and x_test.shape == (359, 64)
    assert t_train.shape == (1438, 10) and t_test.shape == (359, 10)
    assert x_train.min() >= 0 and x_train.max() <= 1
    np.testing.assert_array_equal(t_train.sum(axis=1), 1)
    again = load_digits_split(one_hot=False)
    np.testing.assert_array_equal(again[0], x_train)
    np.testing.assert_array_equal(again[1], t_train.argmax(axis=1))
    assert not np.array_equal(load_digits_split(seed=1)[0], x_train)
