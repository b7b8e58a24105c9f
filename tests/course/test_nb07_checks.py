"""The checks of 07_optimization: the reference passes; every catalogued mistake is named."""
import re

import numpy as np
import pytest

from dnn_utils import optimizers as ref
from testcases import nb07

FUNCTIONS = ["update_parameters_with_gd", "random_mini_batches", "initialize_velocity",
             "update_parameters_with_momentum", "initialize_adam", "update_parameters_with_adam"]


def test_reference_passes(capsys):
    for name in FUNCTIONS:
        getattr(nb07, "check_" + name)(getattr(ref, name))
        getattr(nb07, "hidden_check_" + name)(getattr(ref, name))
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(FUNCTIONS), "one success line per visible check, none from the hidden ones"
    for name, line in zip(FUNCTIONS, lines):
        assert re.fullmatch(rf"{name}: all \d+ checks passed\.", line)


# ---- gd ----
def gd(step):
    def update_parameters_with_gd(parameters, grads, learning_rate):
        return {k: step(parameters[k], grads["d" + k], learning_rate) for k in parameters}
    return update_parameters_with_gd


def gd_split_line(parameters, grads, learning_rate):
    new = {}
    for k in parameters:
        new[k] = parameters[k]
        - learning_rate * grads["d" + k]  # noqa: the classic lost update
    return new


def gd_in_place(parameters, grads, learning_rate):
    for k in parameters:
        parameters[k] -= learning_rate * grads["d" + k]
    return parameters


def gd_last_layer_skipped(parameters, grads, learning_rate):
    L = len(parameters) // 2
    new = dict(parameters)
    for l in range(1, L):
        for p in ("W", "b"):
            new[p + str(l)] = parameters[p + str(l)] - learning_rate * grads["d" + p + str(l)]
    return new


GD_MISTAKES = {
    "uphill": (gd(lambda W, dW, lr: W + lr * dW), "goes uphill"),
    "no learning rate": (gd(lambda W, dW, lr: W - dW), "learning rate is missing"),
    "divided by the learning rate": (gd(lambda W, dW, lr: W - dW / lr), "divided by the learning rate"),
    "update split over two lines": (gd_split_line, "split|lost"),
    "in place": (gd_in_place, "changed its input `parameters` in place"),
    "last layer skipped": (gd_last_layer_skipped, "W2, b2 are not updated"),
}


@pytest.mark.parametrize("name", GD_MISTAKES)
def test_gd_mistakes_are_named(name):
    wrong, advice = GD_MISTAKES[name]
    with pytest.raises(AssertionError, match=advice):
        nb07.check_update_parameters_with_gd(wrong)


# ---- random_mini_batches ----
def batches(cut="right", shuffle="columns", seed_used=None, size_used=None):
    """A random_mini_batches with one thing changed."""
    def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
        size = size_used or mini_batch_size
        m = X.shape[1]
        rng = np.random.RandomState(seed if seed_used is None else seed_used)
        permutation = rng.permutation(m)
        if shuffle == "columns":
            SX, SY = X[:, permutation], Y[:, permutation]
        elif shuffle == "none":
            SX, SY = X, Y
        elif shuffle == "two permutations":
            SX, SY = X[:, permutation], Y[:, rng.permutation(m)]
        elif shuffle == "Y kept":
            SX, SY = X[:, permutation], Y
        elif shuffle == "rows":
            SX, SY = X[permutation, :], Y[:, permutation]
        complete = m // size
        out = []
        for k in range(complete):
            start = 0 if cut == "always first" else k * size
            out.append((SX[:, start:start + size], SY[:, start:start + size]))
        last = (SX[:, complete * size:], SY[:, complete * size:])
        if cut == "dropped":
            return out
        if cut == "twice" and m % size:
            return out + [last, last]
        if cut == "full width" and m % size:
            return out + [(SX[:, m - size:], SY[:, m - size:])]
        if cut == "always empty too":
            return out + [last]
        if m % size:
            out.append(last)
        return out
    return random_mini_batches


def batches_global_state(X, Y, mini_batch_size=64, seed=0):
    np.random.seed(seed)
    permutation = np.random.permutation(X.shape[1])
    return ref.random_mini_batches(X[:, permutation], Y[:, permutation], mini_batch_size, seed)


def batches_overlap(X, Y, mini_batch_size=64, seed=0):
    """Consecutive batches that overlap by one column: every example is not exactly once."""
    good = ref.random_mini_batches(X, Y, mini_batch_size, seed)
    m = X.shape[1]
    perm = np.random.RandomState(seed).permutation(m)
    SX, SY = X[:, perm], Y[:, perm]
    out = []
    for k, (bx, by) in enumerate(good):
        start = max(0, k * mini_batch_size - 1)
        out.append((SX[:, start:start + bx.shape[1]], SY[:, start:start + bx.shape[1]]))
    return out


def batches_transposed(X, Y, mini_batch_size=64, seed=0):
    return [(bx.T, by.T) for bx, by in ref.random_mini_batches(X, Y, mini_batch_size, seed)]


BATCH_MISTAKES = {
    "always the first batch": (batches(cut="always first"), "widely shared version"),
    "partial batch dropped": (batches(cut="dropped"), "partial mini-batch is missing"),
    "partial batch twice": (batches(cut="twice"), "partial mini-batch is there twice"),
    "partial batch full width": (batches(cut="full width"), "full-width slice"),
    "not shuffled": (batches(shuffle="none"), "not shuffled"),
    "labels not shuffled": (batches(shuffle="Y kept"), "labels are not shuffled"),
    "two permutations": (batches(shuffle="two permutations"), "two different permutations"),
    "rows shuffled": (batches(shuffle="rows"), "rows are shuffled"),
    "global random state": (batches_global_state, "global random state"),
    "overlapping batches": (batches_overlap, "more than one mini-batch"),
    "transposed batches": (batches_transposed, "examples as columns"),
}


@pytest.mark.parametrize("name", BATCH_MISTAKES)
def test_mini_batch_mistakes_are_named(name):
    wrong, advice = BATCH_MISTAKES[name]
    with pytest.raises(AssertionError, match=advice):
        nb07.check_random_mini_batches(wrong)


HIDDEN_BATCH_MISTAKES = {
    "empty last batch when m is a multiple": (batches(cut="always empty too"), "empty last mini-batch"),
    "size ignored": (batches(size_used=64), "mini_batch_size is ignored"),
    "seed ignored": (batches(seed_used=0), "seed is ignored"),
}


@pytest.mark.parametrize("name", HIDDEN_BATCH_MISTAKES)
def test_mini_batch_mistakes_of_other_sizes_are_named_in_the_lab_and_while_grading(name):
    """The documented case cannot see these; the visible check's other cases (m smaller than a batch, m a
    multiple of the batch size, other seeds) do, so that no kind of case is first met while grading."""
    wrong, advice = HIDDEN_BATCH_MISTAKES[name]
    with pytest.raises(AssertionError, match=advice):
        nb07.check_random_mini_batches(wrong)
    with pytest.raises(AssertionError, match=advice):
        nb07.hidden_check_random_mini_batches(wrong)


# ---- initialize_velocity / initialize_adam ----
def velocity(make):
    def initialize_velocity(parameters):
        return {make[0](k): make[1](v) for k, v in parameters.items()}
    return initialize_velocity


VELOCITY_MISTAKES = {
    "keys of the parameters": (velocity((lambda k: k, np.zeros_like)), "keys of the parameters"),
    "copies of the parameters": (velocity((lambda k: "d" + k, np.copy)), "not zero"),
    "1-D biases": (velocity((lambda k: "d" + k,
                             lambda v: np.zeros(v.shape[0]) if v.shape[1] == 1 else np.zeros_like(v))), "wrong shape"),
}


@pytest.mark.parametrize("name", VELOCITY_MISTAKES)
def test_velocity_mistakes_are_named(name):
    wrong, advice = VELOCITY_MISTAKES[name]
    with pytest.raises(AssertionError, match=advice):
        nb07.check_initialize_velocity(wrong)


def test_adam_state_must_be_two_dicts():
    with pytest.raises(AssertionError, match="should return 2 values"):
        nb07.check_initialize_adam(ref.initialize_velocity)
    with pytest.raises(AssertionError, match="not zero"):
        nb07.check_initialize_adam(lambda p: (ref.initialize_velocity(p),
                                              {"d" + k: np.ones_like(v) for k, v in p.items()}))


# ---- momentum ----
def momentum(new_v, step="v_new"):
    def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
        v2 = {d: new_v(v[d], grads[d], beta) for d in v}
        used = {"v_new": v2, "v_old": v, "grads": grads}[step]
        return {k: parameters[k] - learning_rate * used["d" + k] for k in parameters}, v2
    return update_parameters_with_momentum


def momentum_in_place_v(parameters, grads, v, beta, learning_rate):
    for d in v:
        v[d] = beta * v[d] + (1 - beta) * grads[d]
    return {k: parameters[k] - learning_rate * v["d" + k] for k in parameters}, v


MOMENTUM_MISTAKES = {
    "without (1 - beta)": (momentum(lambda v, g, b: b * v + g), "misses the \\(1 - beta\\)"),
    "beta swapped": (momentum(lambda v, g, b: (1 - b) * v + b * g), "swapped"),
    "step with the gradient": (momentum(lambda v, g, b: b * v + (1 - b) * g, step="grads"),
                               "uses the gradient, not the velocity"),
    "step with the old velocity": (momentum(lambda v, g, b: b * v + (1 - b) * g, step="v_old"),
                                   "did not move|old velocity"),
    "v changed in place": (momentum_in_place_v, "changed its input `v` in place"),
    "v not returned updated": (lambda p, g, v, b, lr: (ref.update_parameters_with_momentum(p, g, v, b, lr)[0], dict(v)),
                               "returned unchanged"),
}


@pytest.mark.parametrize("name", MOMENTUM_MISTAKES)
def test_momentum_mistakes_are_named(name):
    wrong, advice = MOMENTUM_MISTAKES[name]
    with pytest.raises(AssertionError, match=advice):
        nb07.check_update_parameters_with_momentum(wrong)


def test_momentum_with_the_old_velocity_is_named_when_v_is_not_zero():
    wrong, _ = MOMENTUM_MISTAKES["step with the old velocity"]
    with pytest.raises(AssertionError, match="old velocity"):
        nb07.hidden_check_update_parameters_with_momentum(wrong)


# ---- Adam ----
def adam(variant):
    """An update_parameters_with_adam with one change."""
    def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999,
                                    epsilon=1e-8):
        new_p, new_v, new_s = {}, {}, {}
        for k in parameters:
            d = "d" + k
            g = grads[d]
            new_v[d] = beta1 * v[d] + (1 - beta1) * g
            new_s[d] = beta2 * s[d] + (1 - beta2) * (g if variant == "s of dW" else g ** 2)
            c1, c2 = 1 - beta1 ** t, 1 - beta2 ** t
            if variant == "no correction":
                c1 = c2 = 1.0
            if variant == "power of (1 - beta)":
                c1, c2 = (1 - beta1) ** t, (1 - beta2) ** t
            if variant == "t + 1":
                c1, c2 = 1 - beta1 ** (t + 1), 1 - beta2 ** (t + 1)
            v_c, s_c = new_v[d] / c1, new_s[d] / c2
            if variant == "epsilon inside":
                step = v_c / np.sqrt(s_c + epsilon)
            elif variant == "no sqrt":
                step = v_c / (s_c + epsilon)
            else:
                step = v_c / (np.sqrt(s_c) + epsilon)
            new_p[k] = parameters[k] - learning_rate * step
            if variant == "returns corrected":
                new_v[d], new_s[d] = v_c, s_c
        return new_p, new_v, new_s
    return update_parameters_with_adam


ADAM_MISTAKES = {
    "no bias correction": (adam("no correction"), "bias correction is missing"),
    "epsilon inside the square root": (adam("epsilon inside"), "epsilon is inside the square root"),
    "power of (1 - beta)": (adam("power of (1 - beta)"), "raises \\(1 - beta1\\) to the power t"),
    "t + 1": (adam("t + 1"), "the power 3 where this step has t = 2: t \\+ 1"),
    "no square root": (adam("no sqrt"), "square root is missing"),
    "s of the gradient": (adam("s of dW"), "not its square"),
    "corrected moments returned": (adam("returns corrected"), "returned bias-corrected"),
}


@pytest.mark.parametrize("name", ADAM_MISTAKES)
def test_adam_mistakes_are_named(name):
    wrong, advice = ADAM_MISTAKES[name]
    with pytest.raises(AssertionError, match=advice):
        nb07.check_update_parameters_with_adam(wrong)


def test_the_widely_copied_adam_does_not_reproduce_the_documented_values():
    """epsilon inside the square root moves W2 in the 7th decimal: not the documented 8 decimals."""
    from testcases import fixtures
    from testcases.expected import EXPECTED
    new, _, _ = adam("epsilon inside")(*fixtures.update_parameters_with_adam_case())
    documented = EXPECTED["update_parameters_with_adam"]
    assert not np.allclose(new["W2"], documented["W2"], atol=1e-8, rtol=0)
    assert np.allclose(new["W2"], documented["W2"], atol=1e-6, rtol=0), "close, which is why it is easy to miss"
    with pytest.raises(AssertionError, match="W2 is wrong.*\n(.*\n)*Hint: epsilon is inside"):
        nb07.check_update_parameters_with_adam(adam("epsilon inside"))


def test_unwritten_functions_say_so():
    def stub(*args, **kwargs):
        raise NotImplementedError()
    for name in FUNCTIONS:
        with pytest.raises(AssertionError, match="not written yet"):
            getattr(nb07, "check_" + name)(stub)


#: (catalogue, exercise) of every catalogue above, and the hidden check's words where its cases name the
#: mistake otherwise than the documented one (one layer, fewer rows than examples, t = 1)
CATALOGUES = [(GD_MISTAKES, "update_parameters_with_gd"), (BATCH_MISTAKES, "random_mini_batches"),
              (VELOCITY_MISTAKES, "initialize_velocity"), (MOMENTUM_MISTAKES, "update_parameters_with_momentum"),
              (ADAM_MISTAKES, "update_parameters_with_adam")]
HIDDEN_WORDS = {"last layer skipped": "range\\(1, L \\+ 1\\)", "rows shuffled": "X\\[:, permutation\\]",
                "t + 1": "t \\+ 1, or a fixed"}


@pytest.mark.parametrize("exercise, case", [(exercise, case) for catalogue, exercise in CATALOGUES for case in catalogue])
def test_the_hidden_check_names_every_catalogued_mistake_too(exercise, case):
    """What the lab names, grading names as well (issue 21)."""
    wrong, advice = dict(CATALOGUES_BY_NAME[exercise])[case]
    with pytest.raises(AssertionError, match=HIDDEN_WORDS.get(case, advice)):
        getattr(nb07, "hidden_check_" + exercise)(wrong)


CATALOGUES_BY_NAME = {exercise: catalogue for catalogue, exercise in CATALOGUES}
