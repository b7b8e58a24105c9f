"""The checks of 02_forward: a correct function passes; every catalogued mistake is named."""
import re

import numpy as np
import pytest

import dnn_utils
from dnn_utils import relu, sigmoid
from testcases import fixtures, nb02


# ---- building blocks for deliberately wrong functions ----------------------------------------------
def linear(z_of, cache_of=lambda A, W, b, Z: (A, W, b)):
    """A linear_forward computing ``z_of(A, W, b)`` and caching ``cache_of(A, W, b, Z)``."""
    def linear_forward(A, W, b):
        Z = z_of(A, W, b)
        return Z, cache_of(A, W, b, Z)
    return linear_forward


def layer(z_of=lambda A, W, b: W @ A + b, g_of=None, cache_of=None, unknown=None):
    """A linear_activation_forward with a chosen (possibly wrong) linear part, activation and cache.

    ``g_of(activation)`` picks the activation function (default: the right one); ``cache_of(A_prev, W,
    b, Z, A)`` builds the cache; ``unknown(activation)`` is what happens for an unknown activation
    (default: the right ValueError).
    """
    def linear_activation_forward(A_prev, W, b, activation):
        if activation not in ("sigmoid", "relu"):
            if unknown is None:
                raise ValueError(f"activation must be 'sigmoid' or 'relu'; got {activation!r}")
            return unknown(A_prev, W, b, activation)
        g = g_of(activation) if g_of else {"sigmoid": sigmoid, "relu": relu}[activation]
        Z = z_of(A_prev, W, b)
        A, _ = g(Z)
        cache = cache_of(A_prev, W, b, Z, A) if cache_of else ((A_prev, W, b), Z)
        return A, cache
    return linear_activation_forward


def model(activation_of=lambda l, L: "sigmoid" if l == L else "relu", layers_of=lambda L: range(1, L + 1),
          keep=lambda caches, cache, A_prev, A, X: caches.append(cache), finish=lambda A, caches: (A, caches)):
    """An L_model_forward over ``layers_of(L)`` with ``activation_of(l, L)``; ``keep`` stores a cache."""
    def L_model_forward(X, parameters):
        L = len(parameters) // 2
        A = X
        caches = []
        for l in layers_of(L):
            A_prev = A
            A, cache = dnn_utils.linear_activation_forward(A_prev, parameters["W" + str(l)],
                                                           parameters["b" + str(l)], activation_of(l, L))
            keep(caches, cache, A_prev, A, X)
        return finish(A, caches)
    return L_model_forward


# ---- the reference passes -------------------------------------------------------------------------
def test_reference_passes(capsys):
    nb02.check_linear_forward(dnn_utils.linear_forward)
    nb02.check_linear_activation_forward(dnn_utils.linear_activation_forward)
    nb02.check_L_model_forward(dnn_utils.L_model_forward)
    nb02.hidden_check_linear_forward(dnn_utils.linear_forward)
    nb02.hidden_check_linear_activation_forward(dnn_utils.linear_activation_forward)
    nb02.hidden_check_L_model_forward(dnn_utils.L_model_forward)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3, "one success line per visible check, none from the hidden ones"
    assert re.fullmatch(r"linear_forward: all \d+ checks passed\.", lines[0])
    assert re.fullmatch(r"linear_activation_forward: all \d+ checks passed\.", lines[1])
    assert re.fullmatch(r"L_model_forward: all \d+ checks passed\.", lines[2])


def test_student_style_solutions_pass(capsys):
    """Written the way a student may: np.dot, the activations unpacked, an explicit last layer."""
    def linear_forward(A, W, b):
        Z = np.dot(W, A) + b
        cache = (A, W, b)
        return Z, cache

    def linear_activation_forward(A_prev, W, b, activation):
        if activation == "sigmoid":
            Z, linear_cache = linear_forward(A_prev, W, b)
            A, activation_cache = sigmoid(Z)
        elif activation == "relu":
            Z, linear_cache = linear_forward(A_prev, W, b)
            A, activation_cache = relu(Z)
        else:
            raise ValueError("activation must be sigmoid or relu")
        return A, (linear_cache, activation_cache)

    def L_model_forward(X, parameters):
        caches = []
        A = X
        L = len(parameters) // 2
        for l in range(1, L):
            A_prev = A
            A, cache = linear_activation_forward(A_prev, parameters["W" + str(l)], parameters["b" + str(l)], "relu")
            caches.append(cache)
        AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)], "sigmoid")
        caches.append(cache)
        return AL, caches

    for check in (nb02.check_linear_forward, nb02.hidden_check_linear_forward):
        check(linear_forward)
    for check in (nb02.check_linear_activation_forward, nb02.hidden_check_linear_activation_forward):
        check(linear_activation_forward)
    for check in (nb02.check_L_model_forward, nb02.hidden_check_L_model_forward):
        check(L_model_forward)
    assert capsys.readouterr().out.count("passed") == 3


# ---- linear_forward -------------------------------------------------------------------------------
def linear_forward_mutating_A(A, W, b):
    A -= A.mean()
    return W @ A + b, (A, W, b)


LINEAR_MISTAKES = {
    "product in the wrong order": (linear(lambda A, W, b: A.T @ W.T + b), "wrong order: A.T @ W.T"),
    "W transposed": (linear(lambda A, W, b: W.T @ A + b), "shapes do not line up for a matrix product"),
    "A @ W": (linear(lambda A, W, b: A @ W + b), "shapes do not line up for a matrix product"),
    "* for the product": (linear(lambda A, W, b: W * A + b), "`\\*` multiplies entry by entry"),
    "b missing": (linear(lambda A, W, b: W @ A), "b is missing"),
    "b subtracted": (linear(lambda A, W, b: W @ A - b), "b is subtracted"),
    "cache in the wrong order": (linear(lambda A, W, b: W @ A + b, lambda A, W, b, Z: (W, A, b)),
                                 "in the order \\(W, A, b\\)"),
    "Z cached where A belongs": (linear(lambda A, W, b: W @ A + b, lambda A, W, b, Z: (Z, W, b)),
                                 "holds Z where the layer's input belongs"),
    "b missing from the cache": (linear(lambda A, W, b: W @ A + b, lambda A, W, b, Z: (A, W)),
                                 "should be the tuple \\(A, W, b\\)[\\s\\S]*b is missing"),
    "W.T cached": (linear(lambda A, W, b: W @ A + b, lambda A, W, b, Z: (A, W.T, b)), "the cache holds W.T"),
    "only Z returned": (lambda A, W, b: W @ A + b, "should return 2 values \\(Z, cache\\)"),
    "results swapped": (lambda A, W, b: ((A, W, b), W @ A + b), "the two results are in the wrong order"),
    "A changed in place": (linear_forward_mutating_A, "changed its input `A` in place"),
}


@pytest.mark.parametrize("name", LINEAR_MISTAKES)
def test_linear_forward_mistakes_are_named(name):
    wrong, advice = LINEAR_MISTAKES[name]
    with pytest.raises(AssertionError, match=advice):
        nb02.check_linear_forward(wrong)


def test_transposed_W_is_named_when_W_is_square():
    """A transposed W only gives a value when W is square; one hidden case has a square W."""
    wrong = linear(lambda A, W, b: (W.T if W.shape[0] == W.shape[1] else W) @ A + b)
    with pytest.raises(AssertionError, match="W is transposed"):
        nb02.hidden_check_linear_forward(wrong)


def test_linear_forward_failure_shows_expected_and_actual_with_shapes():
    wrong, _ = LINEAR_MISTAKES["b missing"]
    with pytest.raises(AssertionError) as info:
        nb02.check_linear_forward(wrong)
    message = str(info.value)
    assert message.startswith("linear_forward: Z is wrong.")
    assert "expected: ndarray of shape (1, 2)" in message and "3.26295337" in message
    assert "got:      ndarray of shape (1, 2)" in message
    assert message.splitlines()[-1].startswith("Hint: b is missing")


def test_cache_failure_shows_the_structure():
    wrong, _ = LINEAR_MISTAKES["cache in the wrong order"]
    with pytest.raises(AssertionError) as info:
        nb02.check_linear_forward(wrong)
    message = str(info.value)
    assert "expected: the tuple (A, W, b) = (ndarray(3, 2), ndarray(1, 3), ndarray(1, 1))" in message
    assert "got:      tuple of length 3: (ndarray(1, 3), ndarray(3, 2), ndarray(1, 1))" in message


def test_unwritten_function_says_so():
    def linear_forward(A, W, b):
        raise NotImplementedError()
    with pytest.raises(AssertionError, match="not written yet"):
        nb02.check_linear_forward(linear_forward)


# ---- linear_activation_forward --------------------------------------------------------------------
def swapped(activation):
    return {"sigmoid": relu, "relu": sigmoid}[activation]


def returns_the_pair(activation):
    g = {"sigmoid": sigmoid, "relu": relu}[activation]
    return lambda Z: (g(Z), Z)


def linear_activation_forward_mutating_A_prev(A_prev, W, b, activation):
    A, cache = dnn_utils.linear_activation_forward(A_prev, W, b, activation)
    np.maximum(A_prev, 0, out=A_prev)
    return A, cache


def linear_activation_forward_with_its_own_sigmoid(A_prev, W, b, activation):
    if activation not in ("sigmoid", "relu"):
        raise ValueError("activation must be 'sigmoid' or 'relu'")
    Z = W @ A_prev + b
    A = 1 / (1 + np.exp(Z)) if activation == "sigmoid" else np.maximum(0, Z)
    return A, ((A_prev, W, b), Z)


def linear_activation_forward_with_np_max(A_prev, W, b, activation):
    if activation not in ("sigmoid", "relu"):
        raise ValueError("activation must be 'sigmoid' or 'relu'")
    Z = W @ A_prev + b
    A = sigmoid(Z)[0] if activation == "sigmoid" else np.max(Z, 0)
    return A, ((A_prev, W, b), Z)


def without_else(A_prev, W, b, activation):
    if activation == "sigmoid":
        A, Z = sigmoid(W @ A_prev + b)
    elif activation == "relu":
        A, Z = relu(W @ A_prev + b)
    return A, ((A_prev, W, b), Z)


ACTIVATION_MISTAKES = {
    "sigmoid and relu swapped": (layer(g_of=swapped), "with activation='sigmoid' this is relu\\(Z\\)"),
    "always sigmoid": (layer(g_of=lambda activation: sigmoid),
                       "with activation='relu' this is sigmoid\\(Z\\): are 'sigmoid' and 'relu' swapped, "
                       "or is `activation` not used"),
    "no activation": (layer(g_of=lambda activation: (lambda Z: (Z, Z))), "the activation is not applied"),
    "A is the pair (A, Z)": (layer(g_of=returns_the_pair), "A is the pair \\(A, Z\\)"),
    "sigmoid without the minus": (linear_activation_forward_with_its_own_sigmoid, "with a minus"),
    "np.max for relu": (linear_activation_forward_with_np_max, "np.max\\(Z, 0\\) is the largest entry"),
    "b missing": (layer(z_of=lambda A, W, b: W @ A), "in the linear part: b is missing"),
    "product in the wrong order": (layer(z_of=lambda A, W, b: A.T @ W.T + b),
                                   "in the linear part: the product is in the wrong order"),
    "* for the product": (layer(z_of=lambda A, W, b: W * A + b), "`\\*` multiplies entry by entry"),
    "flat cache": (layer(cache_of=lambda A_prev, W, b, Z, A: (A_prev, W, b, Z)), "the cache is flat"),
    "cache (Z, linear_cache)": (layer(cache_of=lambda A_prev, W, b, Z, A: (Z, (A_prev, W, b))),
                                "the layer cache is \\(linear_cache, Z\\), the linear cache first"),
    "A cached where Z belongs": (layer(cache_of=lambda A_prev, W, b, Z, A: ((A_prev, W, b), A)),
                                 "the cache holds A where Z belongs"),
    "linear cache in the wrong order": (layer(cache_of=lambda A_prev, W, b, Z, A: ((A_prev, b, W), Z)),
                                        "in the order \\(A_prev, b, W\\)"),
    "linear cache holds Z": (layer(cache_of=lambda A_prev, W, b, Z, A: ((Z, W, b), Z)),
                             "holds Z where the layer's input belongs"),
    "linear_forward's pair as linear cache": (
        layer(cache_of=lambda A_prev, W, b, Z, A: ((Z, (A_prev, W, b)), Z)), "unpack it, `Z, linear_cache"),
    "activation's pair as activation cache": (
        layer(cache_of=lambda A_prev, W, b, Z, A: ((A_prev, W, b), (A, Z))), "keep only activation_cache"),
    "Z missing from the cache": (layer(cache_of=lambda A_prev, W, b, Z, A: (A_prev, W, b)),
                                 "the cache holds only the linear cache: Z is missing"),
    "unknown activation falls back to relu": (
        layer(unknown=lambda A_prev, W, b, activation: dnn_utils.linear_activation_forward(A_prev, W, b, "relu")),
        "an unknown activation \\('tanh'\\) was accepted"),
    "unknown activation returns None": (layer(unknown=lambda *args: None), "was accepted"),
    "ValueError without the allowed values": (
        layer(unknown=lambda A_prev, W, b, activation: (_ for _ in ()).throw(ValueError("bad activation"))),
        "should name the allowed values"),
    "no else branch": (without_else, "raised UnboundLocalError .*not a ValueError"),
    "A_prev changed in place": (linear_activation_forward_mutating_A_prev, "changed its input `A_prev` in place"),
}


@pytest.mark.parametrize("name", ACTIVATION_MISTAKES)
def test_linear_activation_forward_mistakes_are_named(name):
    wrong, advice = ACTIVATION_MISTAKES[name]
    with np.errstate(over="ignore"):
        with pytest.raises(AssertionError, match=advice):
            nb02.check_linear_activation_forward(wrong)


def test_activation_failure_names_the_activation_and_shows_values():
    wrong, _ = ACTIVATION_MISTAKES["always sigmoid"]
    with pytest.raises(AssertionError) as info:
        nb02.check_linear_activation_forward(wrong)
    message = str(info.value)
    assert message.startswith("linear_activation_forward(A_prev, W, b, activation='relu'): A is wrong.")
    assert "expected: ndarray of shape (1, 2)" in message and "3.43896131" in message


# ---- L_model_forward ------------------------------------------------------------------------------
def mutating_parameters(X, parameters):
    AL, caches = dnn_utils.L_model_forward(X, parameters)
    parameters.pop("W1")
    return AL, caches


def mutating_X(X, parameters):
    X /= np.abs(X).max()
    return dnn_utils.L_model_forward(X, parameters)


def keys_from_len(X, parameters):
    A, caches = X, []
    L = len(parameters)
    for l in range(1, L):
        A, cache = dnn_utils.linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)],
                                                       "relu")
        caches.append(cache)
    return A, caches


MODEL_MISTAKES = {
    "relu at the output": (model(activation_of=lambda l, L: "relu"), "the output layer uses relu"),
    "sigmoid everywhere": (model(activation_of=lambda l, L: "sigmoid"), "every layer uses sigmoid"),
    # on the documented case sigmoid-then-relu and relu-everywhere both give AL = 0: the output is named
    "activations swapped": (model(activation_of=lambda l, L: "relu" if l == L else "sigmoid"),
                            "the output layer uses relu"),
    "output layer missing": (model(layers_of=lambda L: range(1, L)), "the output layer L, LINEAR->SIGMOID"),
    "loop one layer too many": (
        model(layers_of=lambda L: list(range(1, L + 1)) + [L], activation_of=lambda l, L: "relu"),
        "the loop covers one layer too many or too few"),
    "loop one layer too few": (model(layers_of=lambda L: list(range(1, L - 1)) + [L]),
                               "the loop covers one layer too many or too few"),
    "loop from 0": (model(layers_of=lambda L: range(0, L)), "the key 'W0' is not there"),
    "L = len(parameters)": (keys_from_len, "loop reaches layer 3[\\s\\S]*L = len\\(parameters\\) // 2"),
    "output cache missing": (model(keep=lambda caches, cache, A_prev, A, X: caches.append(cache)
                                   if len(caches) < 1 else None), "one cache is missing"),
    "each cache appended twice": (model(keep=lambda caches, cache, A_prev, A, X: caches.extend([cache, cache])),
                                  "more caches than layers"),
    "linear cache and Z appended apart": (model(keep=lambda caches, cache, A_prev, A, X: caches.extend(cache)),
                                          "appended as separate entries"),
    "flat caches": (model(keep=lambda caches, cache, A_prev, A, X: caches.append((*cache[0], cache[1]))),
                    "caches\\[0\\] is flat"),
    "cache holds the layer's output": (
        model(keep=lambda caches, cache, A_prev, A, X: caches.append(((A,) + cache[0][1:], cache[1]))),
        "holds the layer's output A\\[1\\] where its input A\\[0\\] belongs"),
    "every cache holds X": (
        model(keep=lambda caches, cache, A_prev, A, X: caches.append(((X,) + cache[0][1:], cache[1]))),
        "the linear cache of layer 2 holds X"),
    "A cached where Z belongs": (model(keep=lambda caches, cache, A_prev, A, X: caches.append((cache[0], A))),
                                 "the cache holds A where Z belongs"),
    "caches reversed": (model(keep=lambda caches, cache, A_prev, A, X: caches.insert(0, cache)),
                        "the caches are in reverse order"),
    "results swapped": (model(finish=lambda A, caches: (caches, A)), "the two results are in the wrong order"),
    "parameters changed in place": (mutating_parameters, "changed its input `parameters` in place"),
    "X changed in place": (mutating_X, "changed its input `X` in place"),
}


@pytest.mark.parametrize("name", MODEL_MISTAKES)
def test_L_model_forward_mistakes_are_named(name):
    wrong, advice = MODEL_MISTAKES[name]
    with pytest.raises(AssertionError, match=advice):
        nb02.check_L_model_forward(wrong)


@pytest.mark.parametrize("name", ["loop one layer too many", "output layer missing", "relu at the output",
                                  "caches reversed", "every cache holds X"])
def test_hidden_cases_name_the_same_mistakes(name):
    wrong, advice = MODEL_MISTAKES[name]
    with pytest.raises(AssertionError, match=advice):
        nb02.hidden_check_L_model_forward(wrong)


def test_swapped_activations_are_named_on_a_deeper_network():
    wrong = model(activation_of=lambda l, L: "relu" if l == L else "sigmoid")
    X, _, parameters = fixtures.random_network(np.random.RandomState(6), [5, 4, 3, 1], 3)
    expected_AL, _ = dnn_utils.L_model_forward(X, parameters)
    with pytest.raises(AssertionError, match="the activations are swapped"):
        nb02._check_L_model_forward(wrong, X, parameters, expected_AL, 3, "L_model_forward", quiet=True)


def test_model_failure_names_the_layer():
    wrong, _ = MODEL_MISTAKES["A cached where Z belongs"]
    with pytest.raises(AssertionError) as info:
        nb02.check_L_model_forward(wrong)
    message = str(info.value)
    assert message.startswith("L_model_forward: caches[0][1] (Z of layer 1) is wrong.")
    assert "expected: ndarray of shape (3, 2)" in message
