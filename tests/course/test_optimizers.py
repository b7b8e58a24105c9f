"""dnn_utils.optimizers: the documented values, purity, mini-batches, and the training model."""
import copy

import numpy as np
import pytest

from dnn_utils import optimizers as opt
from dnn_utils.moons import load_moons
from testcases import fixtures
from testcases.expected import EXPECTED


def close(actual, expected):
    actual, expected = np.asarray(actual), np.asarray(expected)
    assert actual.shape == expected.shape
    np.testing.assert_allclose(actual, expected, rtol=0, atol=5e-9)  # 8 decimals


def test_gd_reproduces_the_documented_values():
    new = opt.update_parameters_with_gd(*fixtures.update_parameters_with_gd_case())
    for key, value in EXPECTED["update_parameters_with_gd"].items():
        close(new[key], value)


def test_mini_batches_reproduce_the_documented_values():
    batches = opt.random_mini_batches(*fixtures.random_mini_batches_case())
    close([bx.shape for bx, _ in batches], EXPECTED["random_mini_batches"]["shapes"])
    close(batches[0][0][0, :3], EXPECTED["random_mini_batches"]["first3"])


def test_momentum_reproduces_the_documented_values():
    new, v = opt.update_parameters_with_momentum(*fixtures.update_parameters_with_momentum_case())
    documented = EXPECTED["update_parameters_with_momentum"]
    for key in ("W1", "b1", "W2", "b2"):
        close(new[key], documented[key])
    close(v["dW1"], documented["vdW1"])
    close(v["db2"], documented["vdb2"])


def test_adam_reproduces_the_documented_values():
    new, v, s = opt.update_parameters_with_adam(*fixtures.update_parameters_with_adam_case())
    documented = EXPECTED["update_parameters_with_adam"]
    for key in ("W1", "b1", "W2", "b2"):
        close(new[key], documented[key])
    close(s["dW1"], documented["sdW1"])
    np.testing.assert_allclose(s["db2"], documented["sdb2"], rtol=1e-8)


def adam_variant(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon, variant):
    new = {}
    for key in parameters:
        g = grads["d" + key]
        m1 = beta1 * v["d" + key] + (1 - beta1) * g
        m2 = beta2 * s["d" + key] + (1 - beta2) * g ** 2
        if variant == "no correction":
            step = m1 / (np.sqrt(m2) + epsilon)
        else:  # epsilon inside the square root, a widely copied version
            step = (m1 / (1 - beta1 ** t)) / np.sqrt(m2 / (1 - beta2 ** t) + epsilon)
        new[key] = parameters[key] - learning_rate * step
    return new


@pytest.mark.parametrize("variant", ["no correction", "epsilon inside"])
def test_the_usual_wrong_adams_do_not_reproduce_the_documented_values(variant):
    new = adam_variant(*fixtures.update_parameters_with_adam_case(), variant)
    documented = EXPECTED["update_parameters_with_adam"]
    assert not all(np.allclose(new[k], documented[k], rtol=0, atol=5e-9) for k in ("W1", "b1", "W2", "b2"))


@pytest.mark.parametrize("name,case", [
    ("update_parameters_with_gd", fixtures.update_parameters_with_gd_case),
    ("update_parameters_with_momentum", fixtures.update_parameters_with_momentum_case),
    ("update_parameters_with_adam", fixtures.update_parameters_with_adam_case),
    ("random_mini_batches", fixtures.random_mini_batches_case),
])
def test_no_function_changes_its_inputs_or_the_global_random_state(name, case):
    args = case()
    before = copy.deepcopy(args)
    state = np.random.get_state()
    getattr(opt, name)(*args)
    assert np.array_equal(np.random.get_state()[1], state[1])
    for a, b in zip(args, before):
        if isinstance(a, dict):
            assert a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)
        else:
            assert np.array_equal(a, b)


def test_updates_ignore_extra_gradient_keys_and_return_new_dicts():
    parameters, grads, v, s = fixtures.random_optimizer_case(3, [4, 3, 2, 1])
    assert "dA0" in grads
    new, new_v, new_s = opt.update_parameters_with_adam(parameters, grads, v, s, 3)
    assert sorted(new) == sorted(parameters) and sorted(new_v) == sorted(v) and sorted(new_s) == sorted(s)
    assert new is not parameters and new_v is not v and new_s is not s


@pytest.mark.parametrize("m,size", [(148, 64), (128, 64), (10, 3), (5, 16), (1, 1)])
def test_every_example_is_in_exactly_one_batch(m, size):
    rng = np.random.RandomState(m)
    X = rng.randn(3, m)
    Y = np.arange(m).reshape(1, m)
    batches = opt.random_mini_batches(X, Y, size, seed=2)
    widths = [bx.shape[1] for bx, _ in batches]
    assert widths == [size] * (m // size) + ([m % size] if m % size else [])
    labels = np.concatenate([by for _, by in batches], axis=1).ravel()
    assert sorted(labels) == list(range(m))
    for bx, by in batches:  # each example keeps its label
        np.testing.assert_array_equal(bx, X[:, by.ravel()])
    np.testing.assert_array_equal(labels, np.random.RandomState(2).permutation(m))


def test_velocity_and_adam_start_at_zero():
    parameters, _, _ = fixtures.update_parameters_with_gd_case()
    v = opt.initialize_velocity(parameters)
    v2, s = opt.initialize_adam(parameters)
    for state in (v, v2, s):
        assert sorted(state) == sorted("d" + k for k in parameters)
        for key, value in state.items():
            assert value.shape == parameters[key[1:]].shape and not value.any()


def test_the_model_trains_deterministically_and_fast():
    train_X, train_Y, _, _ = load_moons()
    results = [opt.model(train_X, train_Y, [2, 5, 2, 1], optimizer=name, num_epochs=60, print_cost=False)
               for name in ("gd", "momentum", "adam", "adam")]
    (_, costs_gd), _, (p1, costs_adam), (p2, costs_adam_again) = results
    assert len(costs_gd) == 1 and len(costs_adam) == 1
    assert costs_adam == costs_adam_again and all(np.array_equal(p1[k], p2[k]) for k in p1)
    predictions = opt.predict(train_X, p1)
    assert predictions.shape == (1, 300) and set(np.unique(predictions)) <= {0, 1}


def test_adam_beats_gd_on_the_moons():
    train_X, train_Y, _, _ = load_moons()
    accuracy = {}
    for name in ("gd", "adam"):
        parameters, _ = opt.model(train_X, train_Y, [2, 5, 2, 1], optimizer=name, num_epochs=600, print_cost=False)
        accuracy[name] = np.mean(opt.predict(train_X, parameters) == train_Y)
    assert accuracy["adam"] > accuracy["gd"] + 0.05


def test_the_model_uses_the_functions_it_is_given(capsys):
    train_X, train_Y, _, _ = load_moons()
    calls = []

    def counting_batches(X, Y, mini_batch_size=64, seed=0):
        calls.append(seed)
        return opt.random_mini_batches(X, Y, mini_batch_size, seed)
    opt.model(train_X, train_Y, [2, 3, 1], optimizer="gd", num_epochs=3, print_every=1,
              functions={"random_mini_batches": counting_batches})
    assert calls == [2, 3, 4], "epoch e shuffles with seed + 1 + e"
    assert capsys.readouterr().out.count("cost after epoch") == 3


def test_the_model_names_what_it_accepts():
    train_X, train_Y, _, _ = load_moons()
    with pytest.raises(ValueError, match="'gd', 'momentum' or 'adam'"):
        opt.model(train_X, train_Y, [2, 1], optimizer="rmsprop")
    with pytest.raises(ValueError, match="functions may replace"):
        opt.model(train_X, train_Y, [2, 1], functions={"update_parameters": None})
