"""dnn_utils.three_layer: the 3-layer network of 06_regularization, its references, its training loop, and
the story the notebook tells with them on the bundled football data."""
import copy
import re
from pathlib import Path

import numpy as np
import pytest

from dnn_utils import compute_cost, numerical_gradient, rel_error
from dnn_utils import three_layer as t
from dnn_utils.football import load_football
from testcases import fixtures
from testcases.expected import EXPECTED

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "06_regularization.py"
#: the documented dropout gradients come from a cache the course typed in with 8 decimals; through the
#: public API they come out within 7e-9 of the table (dA1[0, 2] is -0.0018823360, documented -0.00188233)
DOCUMENTED_ATOL = 1e-8


def close(actual, expected):
    actual, expected = np.asarray(actual), np.asarray(expected)
    assert actual.shape == expected.shape
    np.testing.assert_allclose(actual, expected, rtol=0, atol=DOCUMENTED_ATOL)


# ---- the documented values, through the public API -------------------------------------------------
def test_documented_cost():
    A3, Y, parameters, lambd = fixtures.compute_cost_with_regularization_case()
    cost = t.compute_cost_with_regularization(A3, Y, parameters, lambd)
    assert isinstance(cost, float)
    assert f"{cost:.11f}" == "1.78648594516" == f"{EXPECTED['compute_cost_with_regularization']['value']:.11f}"


def test_documented_l2_gradients():
    grads = t.backward_propagation_with_regularization(*fixtures.backward_propagation_with_regularization_case())
    for key, value in EXPECTED["backward_propagation_with_regularization"].items():
        close(grads[key], value)


def test_documented_dropout_forward():
    X, parameters, keep_prob = fixtures.forward_propagation_with_dropout_case()
    A3, _ = t.forward_propagation_with_dropout(X, parameters, keep_prob)
    close(A3, EXPECTED["forward_propagation_with_dropout"]["A3"])
    A3_rng, _ = t.forward_propagation_with_dropout(X, parameters, keep_prob, rng=np.random.RandomState(1))
    np.testing.assert_array_equal(A3, A3_rng)


def test_documented_dropout_backward():
    grads = t.backward_propagation_with_dropout(*fixtures.backward_propagation_with_dropout_case())
    for key, value in EXPECTED["backward_propagation_with_dropout"].items():
        close(grads[key], value)


# ---- the building blocks ---------------------------------------------------------------------------
def small_network(seed=0, dims=(3, 4, 3, 1), m=5, away_from_kinks=True):
    """A random network (redrawn until no ReLU input is near 0, if asked), its data and its plain cache."""
    rng = np.random.RandomState(seed)
    while True:
        X, Y, parameters = fixtures.random_network(rng, list(dims), m)
        _, cache = t.forward_propagation(X, parameters)
        if not away_from_kinks or min(np.min(np.abs(cache[0])), np.min(np.abs(cache[4]))) > 1e-2:
            return X, Y, parameters, cache


def test_initialisation_is_the_courses():
    parameters = t.initialize_parameters()
    assert [parameters["W" + str(l)].shape for l in (1, 2, 3)] == [(20, 2), (3, 20), (1, 3)]
    rng = np.random.RandomState(3)
    np.testing.assert_allclose(parameters["W1"], rng.randn(20, 2) / np.sqrt(2), rtol=1e-15)
    np.testing.assert_allclose(parameters["W2"], rng.randn(3, 20) / np.sqrt(20), rtol=1e-15)
    assert all(not parameters["b" + str(l)].any() for l in (1, 2, 3))


def test_plain_cache_and_gradients_match_numerical_ones():
    X, Y, parameters, cache = small_network()
    assert len(cache) == 12 and cache[2] is parameters["W1"]
    grads = t.backward_propagation(X, Y, cache)
    p = copy.deepcopy(parameters)
    for key in p:
        numeric = numerical_gradient(lambda _: compute_cost(t.forward_propagation(X, p)[0], Y), p[key])
        assert rel_error(grads["d" + key], numeric) < 1e-6, key


@pytest.mark.parametrize("lambd", [0.0, 0.7])
def test_l2_gradients_match_the_l2_cost(lambd):
    X, Y, parameters, cache = small_network(seed=1)
    grads = t.backward_propagation_with_regularization(X, Y, cache, lambd)
    p = copy.deepcopy(parameters)
    for key in p:
        numeric = numerical_gradient(
            lambda _: t.compute_cost_with_regularization(t.forward_propagation(X, p)[0], Y, p, lambd), p[key])
        assert rel_error(grads["d" + key], numeric) < 1e-6, key


def test_no_function_changes_its_inputs_or_the_global_random_state():
    X, Y, parameters, cache = small_network(seed=2)
    before = copy.deepcopy((X, Y, parameters, cache))
    state = np.random.get_state()
    t.compute_cost_with_regularization(cache[9], Y, parameters, 0.7)
    t.backward_propagation(X, Y, cache)
    t.backward_propagation_with_regularization(X, Y, cache, 0.7)
    _, dropout_cache = t.forward_propagation_with_dropout(X, parameters, 0.8)
    dropout_before = copy.deepcopy(dropout_cache)
    t.backward_propagation_with_dropout(X, Y, dropout_cache, 0.8)
    t.predict(X, Y, parameters, print_accuracy=False)
    assert np.array_equal(np.random.get_state()[1], state[1])
    for a, b in zip(before[:3], (X, Y, parameters)):
        if isinstance(a, dict):
            assert all(np.array_equal(a[k], b[k]) for k in a)
        else:
            assert np.array_equal(a, b)
    assert all(np.array_equal(a, b) for a, b in zip(before[3], cache))
    assert all(np.array_equal(a, b) for a, b in zip(dropout_before, dropout_cache))


def test_dropout_keeps_the_expected_value_and_the_share_of_units():
    """Inverted dropout: each unit is kept with probability keep_prob, and the kept ones are scaled by
    1 / keep_prob, so that on average A1 is what it is without dropout."""
    X, _, parameters, cache = small_network(seed=3, dims=(3, 50, 3, 1), m=40, away_from_kinks=False)
    rng = np.random.RandomState(0)
    draws = [t.forward_propagation_with_dropout(X, parameters, 0.8, rng)[1] for _ in range(400)]
    kept = np.mean([d[1].mean() for d in draws])
    assert abs(kept - 0.8) < 0.01
    mean_A1 = np.mean([d[2] for d in draws], axis=0)
    assert np.abs(mean_A1 - cache[1]).max() < 0.1 * np.abs(cache[1]).max()


def test_keep_prob_1_is_the_plain_forward_pass():
    X, _, parameters, cache = small_network(seed=4)
    A3, dropout_cache = t.forward_propagation_with_dropout(X, parameters, 1.0, np.random.RandomState(5))
    np.testing.assert_array_equal(A3, cache[9])
    assert dropout_cache[1].all() and dropout_cache[6].all()


def test_one_rng_gives_fresh_masks_and_a_reseeded_one_does_not():
    X, _, parameters, _ = small_network(seed=5, dims=(3, 20, 3, 1), m=30, away_from_kinks=False)
    rng = np.random.RandomState(1)
    first = t.forward_propagation_with_dropout(X, parameters, 0.86, rng)[1][1]
    second = t.forward_propagation_with_dropout(X, parameters, 0.86, rng)[1][1]
    again = t.forward_propagation_with_dropout(X, parameters, 0.86, np.random.RandomState(1))[1][1]
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(first, again)


def test_predictions_use_no_dropout():
    X, Y, parameters, cache = small_network(seed=6)
    p = t.predict(X, Y, parameters, print_accuracy=False)
    np.testing.assert_array_equal(p, (cache[9] > 0.5).astype(int))
    np.testing.assert_array_equal(p, t.classify(X, parameters))
    assert t.accuracy(X, Y, parameters) == np.mean(p == Y)


def test_predict_prints_the_accuracy(capsys):
    X, Y, parameters, _ = small_network(seed=6)
    t.predict(X, Y, parameters)
    assert re.fullmatch(r"Accuracy: \d\.\d{4}\n", capsys.readouterr().out)


# ---- the training loop -----------------------------------------------------------------------------
def tiny_data(m=30):
    rng = np.random.RandomState(0)
    X = rng.uniform(-1, 1, (2, m))
    return X, (X[0] > X[1]).astype(int).reshape(1, m)


def test_model_is_deterministic_and_records_the_cost_every_100_iterations(capsys):
    X, Y = tiny_data()
    p1, costs1 = t.model(X, Y, num_iterations=250, print_every=100, keep_prob=0.8)
    p2, costs2 = t.model(X, Y, num_iterations=250, print_cost=False, keep_prob=0.8)
    assert len(costs1) == 3 and costs1 == costs2
    assert all(np.array_equal(p1[k], p2[k]) for k in p1)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == [f"Cost after iteration {i}" for i in (0, 100, 200, 249)]


def test_model_passes_one_rng_through_the_iterations():
    X, Y = tiny_data()
    masks = []

    def recording(X, parameters, keep_prob, rng):
        A3, cache = t.forward_propagation_with_dropout(X, parameters, keep_prob, rng)
        masks.append(cache[1])
        return A3, cache
    t.model(X, Y, num_iterations=3, print_cost=False, keep_prob=0.5,
            functions={"forward_propagation_with_dropout": recording})
    assert len(masks) == 3 and not np.array_equal(masks[0], masks[1]) and not np.array_equal(masks[1], masks[2])
    rng = np.random.RandomState(1)
    assert np.array_equal(masks[0], rng.rand(*masks[0].shape) < 0.5), "the default rng is RandomState(1)"


def test_model_uses_the_functions_it_is_given():
    X, Y = tiny_data()
    calls = []

    def cost(A3, Y, parameters, lambd):
        calls.append(lambd)
        return t.compute_cost_with_regularization(A3, Y, parameters, lambd)
    t.model(X, Y, num_iterations=2, print_cost=False, lambd=0.3, functions={"compute_cost_with_regularization": cost})
    assert calls == [0.3, 0.3]
    with pytest.raises(ValueError, match="functions may replace"):
        t.model(X, Y, num_iterations=1, functions={"compute_cost": cost})


def test_model_refuses_l2_and_dropout_together_and_a_bad_keep_prob():
    X, Y = tiny_data()
    with pytest.raises(ValueError, match="not both"):
        t.model(X, Y, num_iterations=1, lambd=0.7, keep_prob=0.8)
    with pytest.raises(ValueError, match="keep_prob"):
        t.model(X, Y, num_iterations=1, keep_prob=0)


def test_model_leaves_its_data_and_the_global_random_state_alone():
    X, Y = tiny_data()
    X0, Y0 = X.copy(), Y.copy()
    state = np.random.get_state()
    t.model(X, Y, num_iterations=5, print_cost=False, keep_prob=0.7)
    assert np.array_equal(np.random.get_state()[1], state[1])
    assert np.array_equal(X, X0) and np.array_equal(Y, Y0)


# ---- the notebook's story on the bundled data --------------------------------------------------------
def notebook_iterations():
    """The number of iterations notebook 06 trains with, and the one it uses while autograded."""
    match = re.search(r'num_iterations = (\d+) if os\.environ\.get\("NBGRADER_EXECUTION"\) else (\d+)',
                      NOTEBOOK.read_text())
    assert match, "06_regularization.py sets num_iterations from NBGRADER_EXECUTION"
    return int(match.group(2)), int(match.group(1))


def test_the_notebook_shortens_training_while_autograded():
    full, autograded = notebook_iterations()
    assert autograded <= 500 < full


@pytest.mark.slow
def test_plain_overfits_and_both_regularised_models_do_better_on_the_test_set():
    train_X, train_Y, test_X, test_Y = load_football()
    iterations, _ = notebook_iterations()
    results = {}
    for name, options in {"plain": {}, "l2": {"lambd": 0.7}, "dropout": {"keep_prob": 0.86}}.items():
        parameters, _ = t.model(train_X, train_Y, num_iterations=iterations, print_cost=False, **options)
        results[name] = (t.accuracy(train_X, train_Y, parameters), t.accuracy(test_X, test_Y, parameters))
    plain_train, plain_test = results["plain"]
    assert plain_train - plain_test > 0.05, f"the plain network should overfit: {results}"
    for name in ("l2", "dropout"):
        train, test = results[name]
        assert test > plain_test + 0.02, f"{name} should beat the plain network on the test set: {results}"
        assert train - test < plain_train - plain_test, f"{name} should close the gap: {results}"
