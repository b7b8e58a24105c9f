"""The checks of 01_init: a correct function passes; every catalogued mistake is named."""
import re

import numpy as np
import pytest

import dnn_utils
from testcases import nb01


def two_layer(draw):
    """An initialize_parameters built from ``draw(rng, n_x, n_h, n_y) -> (W1, b1, W2, b2)``."""
    def initialize_parameters(n_x, n_h, n_y, seed=1):
        W1, b1, W2, b2 = draw(np.random.RandomState(seed), n_x, n_h, n_y)
        return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    return initialize_parameters


def deep(scale, reseed=False, transposed=False, keys_up_to=0):
    """An initialize_parameters_deep with a chosen (possibly wrong) scale and drawing."""
    def initialize_parameters_deep(layer_dims, seed=1, init="xavier"):
        if init not in ("small", "xavier", "he"):
            raise ValueError(f"init must be 'small', 'xavier' or 'he'; got {init!r}")
        rng = np.random.RandomState(seed)
        parameters = {}
        for l in range(1, len(layer_dims) + keys_up_to):
            if reseed:
                rng = np.random.RandomState(seed)
            shape = (layer_dims[l - 1], layer_dims[l]) if transposed else (layer_dims[l], layer_dims[l - 1])
            W = rng.randn(*shape)
            parameters["W" + str(l)] = (W.T if transposed else W) * scale(init, layer_dims, l)
            parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
        return parameters
    return initialize_parameters_deep


def right_scale(init, dims, l):
    return {"small": 0.01, "xavier": 1 / np.sqrt(dims[l - 1]), "he": np.sqrt(2 / dims[l - 1])}[init]


def test_reference_passes(capsys):
    nb01.check_initialize_parameters(dnn_utils.initialize_parameters)
    nb01.check_initialize_parameters_deep(dnn_utils.initialize_parameters_deep)
    nb01.hidden_check_initialize_parameters(dnn_utils.initialize_parameters)
    nb01.hidden_check_initialize_parameters_deep(dnn_utils.initialize_parameters_deep)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2, "one success line per visible check, none from the hidden ones"
    assert re.fullmatch(r"initialize_parameters: all \d+ checks passed\.", lines[0])
    assert re.fullmatch(r"initialize_parameters_deep: all \d+ checks passed\.", lines[1])


def test_a_student_style_solution_passes(capsys):
    nb01.check_initialize_parameters_deep(deep(right_scale))
    assert "passed" in capsys.readouterr().out


TWO_LAYER_MISTAKES = {
    "transposed W": (
        two_layer(lambda r, x, h, y: (r.randn(x, h) * 0.01, np.zeros((h, 1)), r.randn(h, y) * 0.01,
                                      np.zeros((y, 1)))),
        "W is transposed"),
    "no scaling": (
        two_layer(lambda r, x, h, y: (r.randn(h, x), np.zeros((h, 1)), r.randn(y, h), np.zeros((y, 1)))),
        "not scaled"),
    "bias not zero": (
        two_layer(lambda r, x, h, y: (r.randn(h, x) * 0.01, r.randn(h, 1) * 0.01, r.randn(y, h) * 0.01,
                                      np.zeros((y, 1)))),
        "biases start at zero"),
    "bias 1-D": (
        two_layer(lambda r, x, h, y: (r.randn(h, x) * 0.01, np.zeros(h), r.randn(y, h) * 0.01,
                                      np.zeros((y, 1)))),
        "a bias is a column"),
    "uniform draws": (
        two_layer(lambda r, x, h, y: (r.rand(h, x) * 0.01, np.zeros((h, 1)), r.rand(y, h) * 0.01,
                                      np.zeros((y, 1)))),
        "uniform distribution"),
    "reseeded per matrix": (
        two_layer(lambda r, x, h, y: (np.random.RandomState(1).randn(h, x) * 0.01, np.zeros((h, 1)),
                                      np.random.RandomState(1).randn(y, h) * 0.01, np.zeros((y, 1)))),
        "starts the random stream again"),
}


@pytest.mark.parametrize("name", TWO_LAYER_MISTAKES)
def test_two_layer_mistakes_are_named(name):
    wrong, advice = TWO_LAYER_MISTAKES[name]
    with pytest.raises(AssertionError, match=advice):
        nb01.check_initialize_parameters(wrong)


def test_global_seed_is_named():
    def initialize_parameters(n_x, n_h, n_y, seed=1):
        np.random.seed(seed)
        return {"W1": np.random.randn(n_h, n_x) * 0.01, "b1": np.zeros((n_h, 1)),
                "W2": np.random.randn(n_y, n_h) * 0.01, "b2": np.zeros((n_y, 1))}
    state = np.random.get_state()
    with pytest.raises(AssertionError, match="global random state"):
        nb01.check_initialize_parameters(initialize_parameters)
    assert np.array_equal(np.random.get_state()[1], state[1]), "the check must restore the global state"


def test_a_generator_shared_between_calls_is_named():
    shared = np.random.RandomState(1)

    def initialize_parameters(n_x, n_h, n_y, seed=1):
        return {"W1": shared.randn(n_h, n_x) * 0.01, "b1": np.zeros((n_h, 1)),
                "W2": shared.randn(n_y, n_h) * 0.01, "b2": np.zeros((n_y, 1))}
    with pytest.raises(AssertionError, match="second call"):
        nb01.check_initialize_parameters(initialize_parameters)


def test_unwritten_function_says_so():
    def initialize_parameters(n_x, n_h, n_y, seed=1):
        raise NotImplementedError()
    with pytest.raises(AssertionError, match="not written yet"):
        nb01.check_initialize_parameters(initialize_parameters)


DEEP_MISTAKES = {
    "no scaling": (deep(lambda init, d, l: 1.0), "not scaled"),
    "always 0.01": (deep(lambda init, d, l: 0.01), "whatever `init` says"),
    "he and xavier swapped": (
        deep(lambda init, d, l: {"small": 0.01, "xavier": np.sqrt(2 / d[l - 1]),
                                 "he": 1 / np.sqrt(d[l - 1])}[init]), "sqrt\\(2/n\\[l-1\\]\\)"),
    "divided by n": (deep(lambda init, d, l: {"small": 0.01, "xavier": 1 / d[l - 1],
                                              "he": 2 / d[l - 1]}[init]), "instead of its square root"),
    "n[l] for n[l-1]": (deep(lambda init, d, l: {"small": 0.01, "xavier": 1 / np.sqrt(d[l]),
                                                 "he": np.sqrt(2 / d[l])}[init]), "uses n\\[l\\]"),
    "reseeded per layer": (deep(right_scale, reseed=True), "starts the random stream again"),
    "drawn transposed": (deep(right_scale, transposed=True), "then transposed"),
    "loop stops early": (deep(right_scale, keys_up_to=-1), "wrong keys; missing \\['W2', 'b2'\\]"),
}


@pytest.mark.parametrize("name", DEEP_MISTAKES)
def test_deep_mistakes_are_named(name):
    wrong, advice = DEEP_MISTAKES[name]
    with pytest.raises(AssertionError, match=advice):
        nb01.check_initialize_parameters_deep(wrong)


def test_unknown_init_must_raise():
    def accepts_anything(layer_dims, seed=1, init="xavier"):
        return dnn_utils.initialize_parameters_deep(layer_dims, seed, init if init in ("small", "he") else "xavier")
    with pytest.raises(AssertionError, match="unknown init"):
        nb01.check_initialize_parameters_deep(accepts_anything)


def test_mutated_layer_dims_is_named():
    def initialize_parameters_deep(layer_dims, seed=1, init="xavier"):
        parameters = dnn_utils.initialize_parameters_deep(layer_dims, seed, init)
        layer_dims.append(0)
        return parameters
    with pytest.raises(AssertionError, match="changed its input `layer_dims`"):
        nb01.check_initialize_parameters_deep(initialize_parameters_deep)


def test_failure_shows_expected_and_actual_with_shapes():
    wrong, _ = TWO_LAYER_MISTAKES["no scaling"]
    with pytest.raises(AssertionError) as info:
        nb01.check_initialize_parameters(wrong)
    message = str(info.value)
    assert "expected: ndarray of shape (2, 2)" in message
    assert "got:      ndarray of shape (2, 2)" in message
    assert "0.01624345" in message and "1.62434536" in message
