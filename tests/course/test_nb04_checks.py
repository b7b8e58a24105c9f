"""The checks of 04_backward: the reference passes; every catalogued mistake is named, by the visible
check on the documented case or by the hidden one that compares with numerical gradients."""
import re

import numpy as np
import pytest

import dnn_utils
from dnn_utils import relu_backward, sigmoid_backward
from testcases import nb04


# ---- correct, student-style versions (as the notebook's solutions are written) ------------------------
def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = (1 / m) * np.dot(dZ, A_prev.T)
    db = (1 / m) * np.sum(dZ, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db


def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    if activation == "relu":
        dZ = relu_backward(dA, activation_cache)
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, activation_cache)
    return linear_backward(dZ, linear_cache)


def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    grads["dA" + str(L - 1)], grads["dW" + str(L)], grads["db" + str(L)] = \
        linear_activation_backward(dAL, caches[L - 1], "sigmoid")
    for l in reversed(range(1, L)):
        dA_prev, dW, db = linear_activation_backward(grads["dA" + str(l)], caches[l - 1], "relu")
        grads["dA" + str(l - 1)], grads["dW" + str(l)], grads["db" + str(l)] = dA_prev, dW, db
    return grads


def update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2
    new = {}
    for l in range(1, L + 1):
        new["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        new["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return new


CORRECT = {"linear_backward": linear_backward, "linear_activation_backward": linear_activation_backward,
           "L_model_backward": L_model_backward, "update_parameters": update_parameters}


def test_reference_passes(capsys):
    for name in CORRECT:
        getattr(nb04, "check_" + name)(getattr(dnn_utils, name))
        getattr(nb04, "hidden_check_" + name)(getattr(dnn_utils, name))
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4, "one success line per visible check, none from the hidden ones"
    for line, name in zip(lines, CORRECT):
        assert re.fullmatch(rf"{name}: all \d+ checks passed\.", line)


@pytest.mark.parametrize("name", CORRECT)
def test_a_student_style_solution_passes(name, capsys):
    getattr(nb04, "check_" + name)(CORRECT[name])
    getattr(nb04, "hidden_check_" + name)(CORRECT[name])
    assert capsys.readouterr().out.endswith("checks passed.\n")


def test_hidden_checks_cover_depths_1_to_4_and_m_1_to_5():
    depths = {len(dims) - 1 for _, dims, _ in nb04.RANDOM_NETWORKS}
    ms = {m for _, _, m in nb04.RANDOM_NETWORKS} | {m for *_, m in nb04.RANDOM_LAYERS}
    assert depths == {1, 2, 3, 4} and ms == {1, 2, 3, 4, 5}


def test_random_cases_keep_away_from_the_relu_kink():
    for seed, dims, m in nb04.RANDOM_NETWORKS:
        *_, caches = nb04._random_network(seed, dims, m)
        assert all(np.min(np.abs(Z)) > nb04.KINK for _, Z in caches[:-1])


def test_numerical_gradients_agree_with_the_reference():
    """The hidden checks' yardstick: dnn_utils.numerical_gradient against the reference backward pass."""
    for seed, dims, m in nb04.RANDOM_NETWORKS:
        X, Y, parameters, AL, caches = nb04._random_network(seed, dims, m)
        numeric = nb04._numeric_grads(X, Y, parameters)
        reference = dnn_utils.L_model_backward(AL, Y, caches)
        assert set(numeric) == set(reference)
        for key in reference:
            assert dnn_utils.rel_error(reference[key], numeric[key]) < 1e-7, key


# ---- linear_backward ------------------------------------------------------------------------------
def linear(dA_prev=None, dW=None, db=None):
    """A linear_backward with some of its three formulas replaced by f(dZ, A_prev, W, m)."""
    def wrong(dZ, cache):
        A_prev, W, b = cache
        m = A_prev.shape[1]
        right = linear_backward(dZ, cache)
        return tuple(right[i] if f is None else f(dZ, A_prev, W, m) for i, f in enumerate((dA_prev, dW, db)))
    return wrong


LINEAR_MISTAKES = {
    "dW without 1/m": (linear(dW=lambda dZ, A, W, m: dZ @ A.T), "dW misses the 1/m"),
    "db without 1/m": (linear(db=lambda dZ, A, W, m: np.sum(dZ, axis=1, keepdims=True)), "db misses the 1/m"),
    "dW wrong sign": (linear(dW=lambda dZ, A, W, m: -(dZ @ A.T) / m), "wrong sign"),
    "dA_prev wrong sign": (linear(dA_prev=lambda dZ, A, W, m: -W.T @ dZ), "wrong sign"),
    "db without keepdims": (linear(db=lambda dZ, A, W, m: np.sum(dZ, axis=1) / m),
                            "db is 1-D, shape \\(n,\\)[\\s\\S]*keepdims=True"),
    "db summed over every axis": (linear(db=lambda dZ, A, W, m: np.sum(dZ) / m), "db is a single number"),
    "db summed over axis 0": (linear(db=lambda dZ, A, W, m: np.sum(dZ, axis=0, keepdims=True) / m),
                              "sum over axis=1"),
    "W instead of W.T": (linear(dA_prev=lambda dZ, A, W, m: W @ dZ), "a W where W.T belongs"),
    "A_prev @ dZ.T for dW": (linear(dW=lambda dZ, A, W, m: (A @ dZ.T) / m), "dW is the transpose"),
    "dA_prev with 1/m": (linear(dA_prev=lambda dZ, A, W, m: W.T @ dZ / m), "dA_prev has a 1/m it must not have"),
}


@pytest.mark.parametrize("name", LINEAR_MISTAKES)
def test_linear_backward_mistakes_are_named(name):
    wrong, advice = LINEAR_MISTAKES[name]
    with pytest.raises(AssertionError, match=advice):
        nb04.check_linear_backward(wrong)


@pytest.mark.parametrize("name", LINEAR_MISTAKES)
def test_hidden_linear_backward_names_them_too(name):
    wrong, advice = LINEAR_MISTAKES[name]
    with pytest.raises(AssertionError, match=advice):
        nb04.hidden_check_linear_backward(wrong)


def test_W_instead_of_W_T_is_named_where_it_does_not_raise():
    """With a square W, W @ dZ runs: the hidden check's square layer names the transpose by its values."""
    with pytest.raises(AssertionError, match="dA_prev is W @ dZ: it is W.T @ dZ"):
        nb04.hidden_check_linear_backward(linear(dA_prev=lambda dZ, A, W, m: W @ dZ if W.shape[0] == W.shape[1]
                                                 else W.T @ dZ))


def test_a_hard_coded_m_fails_the_visible_check_on_a_random_layer():
    """No surprise at grading: m hard-coded from the documented case fails in the lab already."""
    hard_coded = linear(dW=lambda dZ, A, W, m: dZ @ A.T / 2, db=lambda dZ, A, W, m: np.sum(dZ, 1, keepdims=True) / 2)
    with pytest.raises(AssertionError, match="random layer[\\s\\S]*numerical gradient[\\s\\S]*1/m"):
        nb04.check_linear_backward(hard_coded)


def test_unpacking_the_wrong_cache_is_named():
    def linear_backward_of_layer_cache(dZ, cache):
        (A_prev, W, b), Z = cache
        return linear_backward(dZ, (A_prev, W, b))
    with pytest.raises(AssertionError, match="A_prev, W, b = cache"):
        nb04.check_linear_backward(linear_backward_of_layer_cache)


# ---- linear_activation_backward -------------------------------------------------------------------
def swapped(dA, cache, activation):
    linear_cache, Z = cache
    dZ = sigmoid_backward(dA, Z) if activation == "relu" else relu_backward(dA, Z)
    return linear_backward(dZ, linear_cache)


def no_activation(dA, cache, activation):
    return linear_backward(dA, cache[0])


def relu_zeroing_dA(dA, cache, activation):
    linear_cache, Z = cache
    if activation == "relu":
        dA[Z <= 0] = 0
        return linear_backward(dA, linear_cache)
    return linear_backward(sigmoid_backward(dA, Z), linear_cache)


def whole_cache(dA, cache, activation):
    linear_cache, Z = cache
    dZ = relu_backward(dA, Z) if activation == "relu" else sigmoid_backward(dA, Z)
    return linear_backward(dZ, cache)


def calling_a_wrong_linear_backward(dA, cache, activation):
    linear_cache, Z = cache
    dZ = relu_backward(dA, Z) if activation == "relu" else sigmoid_backward(dA, Z)
    A_prev, W, b = linear_cache
    dA_prev, dW, db = linear_backward(dZ, linear_cache)
    return dA_prev, dW, np.sum(dZ, axis=1) / A_prev.shape[1]


ACTIVATION_MISTAKES = {
    "relu and sigmoid derivatives swapped": (swapped, "the relu and sigmoid derivatives are swapped"),
    "no activation derivative": (no_activation, "the activation's derivative is missing"),
    "relu zeroing the caller's dA": (relu_zeroing_dA, "changed its input `dA` in place[\\s\\S]*start from a copy"),
    "the whole layer cache to linear_backward": (whole_cache, "linear_cache, Z = cache"),
    "a linear_backward without keepdims": (calling_a_wrong_linear_backward, "keepdims=True"),
}


@pytest.mark.parametrize("name", ACTIVATION_MISTAKES)
def test_linear_activation_backward_mistakes_are_named(name):
    wrong, advice = ACTIVATION_MISTAKES[name]
    with pytest.raises(AssertionError, match=advice):
        nb04.check_linear_activation_backward(wrong)


@pytest.mark.parametrize("name", ACTIVATION_MISTAKES)
def test_hidden_linear_activation_backward_names_them_too(name):
    wrong, advice = ACTIVATION_MISTAKES[name]
    with pytest.raises(AssertionError, match=advice):
        nb04.hidden_check_linear_activation_backward(wrong)


# ---- L_model_backward -----------------------------------------------------------------------------
def L_model(dAL=None, output="sigmoid", hidden="relu", key_offset=0, last_hidden=1, store_dAL=False):
    """An L_model_backward with (possibly) one thing changed.

    key_offset=1 stores the gradient with respect to A[l-1] as 'dA' + str(l) (the older naming);
    last_hidden=2 makes the loop stop before layer 1 (a wrong range)."""
    def wrong(AL, Y, caches):
        L = len(caches)
        Y = Y.reshape(AL.shape)
        dA = -(Y / AL - (1 - Y) / (1 - AL)) if dAL is None else dAL(AL, Y)
        grads = {"dA" + str(L): dA} if store_dAL else {}
        for l in reversed(range(last_hidden, L + 1)):
            dA, dW, db = linear_activation_backward(dA, caches[l - 1], output if l == L else hidden)
            grads["dA" + str(l - 1 + key_offset)], grads["dW" + str(l)], grads["db" + str(l)] = dA, dW, db
        return grads
    return wrong


def loop_one_too_far(AL, Y, caches):
    """The original course's layout with range(L) where range(L - 1) belongs."""
    grads = {}
    L = len(caches)
    dAL = -(Y / AL - (1 - Y) / (1 - AL))
    grads["dA" + str(L - 1)], grads["dW" + str(L)], grads["db" + str(L)] = \
        linear_activation_backward(dAL, caches[L - 1], "sigmoid")
    for l in reversed(range(L)):
        dA_prev, dW, db = linear_activation_backward(grads["dA" + str(l + 1)], caches[l], "relu")
        grads["dA" + str(l)], grads["dW" + str(l + 1)], grads["db" + str(l + 1)] = dA_prev, dW, db
    return grads


L_MODEL_MISTAKES = {
    "dA keys off by one (the older dA1 naming)": (L_model(key_offset=1),
                                                  "keys dA1, dA2 and no dA0[\\s\\S]*older naming[\\s\\S]*"
                                                  "gradient with respect to A\\[l\\], for l = 0 .. L-1"),
    "loop over the wrong range (stops before layer 1)": (L_model(last_hidden=2),
                                                         "missing \\['dA0', 'dW1', 'db1'\\][\\s\\S]*check its range"),
    "loop over the wrong range (one too far)": (loop_one_too_far, "KeyError[\\s\\S]*range of the loop"),
    "dAL stored as well": (L_model(store_dAL=True), "unexpected \\['dA2'\\][\\s\\S]*dA2 itself is not stored"),
    "dAL with the wrong sign": (L_model(dAL=lambda AL, Y: Y / AL - (1 - Y) / (1 - AL)), "dAL has the wrong sign"),
    "dAL with a 1/m": (L_model(dAL=lambda AL, Y: -(Y / AL - (1 - Y) / (1 - AL)) / AL.shape[1]),
                       "dAL carries a 1/m"),
    "AL - Y through the sigmoid again": (L_model(dAL=lambda AL, Y: AL - Y), "AL - Y is already dZ"),
    "activations swapped": (L_model(output="relu", hidden="sigmoid"), "the activations are swapped"),
    "relu on the output layer": (L_model(output="relu"), "output layer L is LINEAR -> SIGMOID"),
    "sigmoid on the hidden layers": (L_model(hidden="sigmoid"), "hidden layers 1 .. L-1 are LINEAR -> RELU"),
}


@pytest.mark.parametrize("name", L_MODEL_MISTAKES)
def test_L_model_backward_mistakes_are_named(name):
    wrong, advice = L_MODEL_MISTAKES[name]
    with pytest.raises(AssertionError, match=advice):
        nb04.check_L_model_backward(wrong)


#: on the 1-layer network of the hidden check, swapped activations are just a relu output layer
HIDDEN_L_MODEL_ADVICE = {"activations swapped": "output layer L is LINEAR -> SIGMOID"}


@pytest.mark.parametrize("name", [n for n in L_MODEL_MISTAKES if "dAL stored" not in n and "older" not in n])
def test_hidden_L_model_backward_names_them_too(name):
    wrong, advice = L_MODEL_MISTAKES[name]
    advice = HIDDEN_L_MODEL_ADVICE.get(name, advice)
    with pytest.raises(AssertionError, match=advice):
        nb04.hidden_check_L_model_backward(wrong)


def test_hidden_L_model_backward_explains_the_older_naming_at_any_depth():
    with pytest.raises(AssertionError, match="keys dA1 and no dA0[\\s\\S]*older naming"):
        nb04.hidden_check_L_model_backward(L_model(key_offset=1))


def test_a_two_layer_only_L_model_backward_fails_the_visible_check():
    """Written for the documented 2-layer case: the visible check's random networks of depths 1 and 3
    show it in the lab (no surprise at grading)."""
    def two_layers_only(AL, Y, caches):
        Y = Y.reshape(AL.shape)
        dAL = -(Y / AL - (1 - Y) / (1 - AL))
        dA1, dW2, db2 = linear_activation_backward(dAL, caches[1], "sigmoid")
        dA0, dW1, db1 = linear_activation_backward(dA1, caches[0], "relu")
        return {"dA0": dA0, "dA1": dA1, "dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    with pytest.raises(AssertionError, match="random network \\(layer_dims = \\[3, 1\\]"):
        nb04.check_L_model_backward(two_layers_only)


def test_mutating_the_caches_is_named():
    def L_model_backward_mutating(AL, Y, caches):
        grads = dnn_utils.L_model_backward(AL, Y, caches)
        caches[0][1][:] = 0
        return grads
    with pytest.raises(AssertionError, match="changed its input `caches` in place"):
        nb04.check_L_model_backward(L_model_backward_mutating)


# ---- update_parameters ----------------------------------------------------------------------------
def update_split_over_two_lines(parameters, grads, learning_rate):
    L = len(parameters) // 2
    new = {}
    for l in range(1, L + 1):
        new["W" + str(l)] = parameters["W" + str(l)]
        - learning_rate * grads["dW" + str(l)]  # noqa: a separate statement: its result is lost
        new["b" + str(l)] = parameters["b" + str(l)]
        - learning_rate * grads["db" + str(l)]  # noqa
    return new


def update_in_place(parameters, grads, learning_rate):
    for l in range(1, len(parameters) // 2 + 1):
        parameters["W" + str(l)] -= learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] -= learning_rate * grads["db" + str(l)]
    return parameters


def update_callers_dict(parameters, grads, learning_rate):
    for l in range(1, len(parameters) // 2 + 1):
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return parameters


def update(step, first=1, last_offset=1, start=None):
    """An update_parameters with step(W, dW, learning_rate) and the loop range(first, L + last_offset)."""
    def wrong(parameters, grads, learning_rate):
        L = len(parameters) // 2
        new = dict(parameters) if start == "copy" else {}
        for l in range(first, L + last_offset):
            for p in ("W", "b"):
                new[p + str(l)] = step(parameters[p + str(l)], grads["d" + p + str(l)], learning_rate)
        return new
    return wrong


def right_step(W, dW, lr):
    return W - lr * dW


UPDATE_MISTAKES = {
    "update split over two lines": (update_split_over_two_lines,
                                    "no parameter changed[\\s\\S]*separate statement"),
    "in-place mutation (-=)": (update_in_place, "changed its input `parameters` in place"),
    "the caller's dict rebound": (update_callers_dict, "changed its input `parameters` in place"),
    "gradient ascent": (update(lambda W, dW, lr: W + lr * dW), "the step goes uphill"),
    "no learning rate": (update(lambda W, dW, lr: W - dW), "the learning rate is missing"),
    "divided by the learning rate": (update(lambda W, dW, lr: W - dW / lr), "divided by the learning rate"),
    "loop over the wrong range (misses the last layer)": (update(right_step, last_offset=0),
                                                          "missing \\['W2', 'b2'\\][\\s\\S]*range\\(1, L \\+ 1\\)"),
    "loop over the wrong range, on a copy": (update(right_step, last_offset=0, start="copy"),
                                             "W2, b2 are not updated[\\s\\S]*range\\(1, L \\+ 1\\)"),
    "loop from 0": (update(right_step, first=0), "KeyError[\\s\\S]*range of your loop"),
}


@pytest.mark.parametrize("name", UPDATE_MISTAKES)
def test_update_parameters_mistakes_are_named(name):
    wrong, advice = UPDATE_MISTAKES[name]
    with pytest.raises(AssertionError, match=advice):
        nb04.check_update_parameters(wrong)


def test_update_leaves_the_callers_parameters_unchanged_in_the_hidden_check_too():
    with pytest.raises(AssertionError, match="random network[\\s\\S]*changed its input `parameters` in place"):
        nb04.hidden_check_update_parameters(update_in_place)


def test_update_returning_the_callers_dict_is_named():
    """With learning rate 0 nothing changes: returning the caller's dict itself is still a mistake."""
    c = nb04._Check("update_parameters")
    parameters, grads, _ = nb04.fixtures.update_parameters_case()
    with pytest.raises(AssertionError, match="returned the caller's dict itself"):
        nb04._check_update(c, lambda p, g, lr: p, parameters, grads, 0.0)


def test_update_looping_over_the_keys_of_grads_fails_on_real_grads():
    """grads from L_model_backward hold dA0, ...: the visible check's random updates pass such grads."""
    def over_grads(parameters, grads, learning_rate):
        return {k[1:]: parameters[k[1:]] - learning_rate * g for k, g in grads.items()}
    with pytest.raises(AssertionError, match="KeyError"):
        nb04.check_update_parameters(over_grads)


def test_unwritten_functions_say_so():
    def stub(*args):
        raise NotImplementedError()
    for name in CORRECT:
        with pytest.raises(AssertionError, match="not written yet"):
            getattr(nb04, "check_" + name)(stub)


def test_failure_shows_expected_and_actual_with_shapes():
    wrong, _ = LINEAR_MISTAKES["db without keepdims"]
    with pytest.raises(AssertionError) as info:
        nb04.check_linear_backward(wrong)
    message = str(info.value)
    assert "expected: ndarray of shape (1, 1)" in message
    assert "got:      ndarray of shape (1,)" in message
    assert "0.50629448" in message
