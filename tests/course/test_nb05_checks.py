"""The checks of 05_model: the notebook's solution passes, every catalogued mistake is named, the
training loop's costs agree with an independent computation, and (with the original course files)
the notebook reproduces the documented application table."""
import re

import jupytext
import numpy as np
import pytest

import dnn_utils
from autograder.build import notebooks
from dnn_utils import data
from testcases import fixtures, nb05


def notebook_solution():
    """The functions the solution of 05_model defines (its first code cell, the imports, then every
    exercise cell), executed from the text twin in a fresh namespace."""
    nb = jupytext.read(notebooks.twin_path("05_model"), fmt=notebooks.TEXT_FORMAT)
    code = [c for c in nb.cells if c.cell_type == "code"]
    namespace = {}
    exec(code[0].source, namespace)
    for cell in code:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            exec(cell.source, namespace)
    return namespace


@pytest.fixture(scope="module")
def solution():
    return notebook_solution()


# ---- a correct implementation passes ---------------------------------------------------------------
def test_the_reference_passes(capsys):
    def predict(X, y, parameters):
        p = nb05.reference_predict(X, parameters)
        print("Accuracy: " + str(np.mean(p == y)))
        return p
    nb05.check_predict(predict)
    nb05.check_two_layer_model(nb05.reference_two_layer_model)
    nb05.check_L_layer_model(nb05.reference_L_layer_model)
    nb05.hidden_check_predict(predict)
    nb05.hidden_check_two_layer_model(nb05.reference_two_layer_model)
    nb05.hidden_check_L_layer_model(nb05.reference_L_layer_model)
    lines = capsys.readouterr().out.splitlines()
    assert [re.sub(r"\d+", "N", line) for line in lines] == [
        "predict: all N checks passed.", "two_layer_model: all N checks passed.",
        "L_layer_model: all N checks passed."], "one line per visible check, none from the hidden ones"


def test_the_notebook_solution_passes_and_prints_nothing_else(solution, capsys):
    for name in ("predict", "two_layer_model", "L_layer_model"):
        getattr(nb05, "check_" + name)(solution[name])
        getattr(nb05, "hidden_check_" + name)(solution[name])
    out = capsys.readouterr()
    assert len(out.out.splitlines()) == 3
    assert out.err == "", "with print_cost=False a model shows no progress bar"


def test_the_solution_agrees_with_the_reference_to_the_last_bit(solution):
    X, Y = fixtures.model_case(7, 9, 30)
    for ours, reference, dims in [(solution["two_layer_model"], nb05.reference_two_layer_model, (9, 5, 1)),
                                  (solution["L_layer_model"], nb05.reference_L_layer_model, [9, 6, 4, 1])]:
        p1, c1 = ours(X, Y, dims, learning_rate=0.2, num_iterations=250)
        p2, c2 = reference(X, Y, dims, learning_rate=0.2, num_iterations=250)
        assert c1 == c2
        assert all(np.array_equal(p1[k], p2[k]) for k in p2)


def test_print_cost_prints_every_100_iterations_and_records_the_same(solution, capsys):
    X, Y = fixtures.model_case()
    _, costs = solution["L_layer_model"](X, Y, [6, 3, 1], learning_rate=0.1, num_iterations=250, print_cost=True)
    _, quiet = solution["L_layer_model"](X, Y, [6, 3, 1], learning_rate=0.1, num_iterations=250)
    printed = re.findall(r"Cost after iteration (\d+): (\d\.\d{6})", capsys.readouterr().out)
    assert [int(i) for i, _ in printed] == [0, 100, 200]
    assert [float(c) for _, c in printed] == [round(c, 6) for c in costs] and costs == quiet


# ---- an independent computation of the costs ---------------------------------------------------------
def independent_costs(X, Y, layers_dims, learning_rate, num_iterations):
    """Gradient descent written out from the formulas, without dnn_utils: the costs at 0, 100, ..."""
    rng = np.random.RandomState(1)
    W = [None] + [rng.randn(layers_dims[l], layers_dims[l - 1]) / np.sqrt(layers_dims[l - 1])
                  for l in range(1, len(layers_dims))]
    b = [None] + [np.zeros((n, 1)) for n in layers_dims[1:]]
    L, m = len(layers_dims) - 1, X.shape[1]
    costs = []
    for i in range(num_iterations):
        A = [X]
        for l in range(1, L + 1):
            Z = np.dot(W[l], A[-1]) + b[l]
            A.append(1 / (1 + np.exp(-Z)) if l == L else Z * (Z > 0))
        if i % 100 == 0:
            costs.append(-np.mean(Y * np.log(A[L]) + (1 - Y) * np.log(1 - A[L])))
        dZ = A[L] - Y  # sigmoid and cross-entropy together
        for l in range(L, 0, -1):
            dW, db = np.dot(dZ, A[l - 1].T) / m, dZ.mean(axis=1, keepdims=True)
            if l > 1:
                dZ = np.dot(W[l].T, dZ) * (A[l - 1] > 0)
            W[l], b[l] = W[l] - learning_rate * dW, b[l] - learning_rate * db
    return costs


@pytest.mark.parametrize("layers_dims", [[5, 1], [5, 4, 1], [5, 6, 3, 2, 1]])
def test_L_layer_model_costs_agree_with_an_independent_computation(solution, layers_dims):
    X, Y = fixtures.model_case(11, 5, 40)
    _, costs = solution["L_layer_model"](X, Y, layers_dims, learning_rate=0.3, num_iterations=1000)
    expected = independent_costs(X, Y, layers_dims, 0.3, 1000)
    assert len(costs) == 10
    np.testing.assert_allclose(costs, expected, rtol=1e-9, atol=0)
    assert costs[-1] < costs[0] - 0.05, "the fixture must be one the network learns"


# ---- every catalogued mistake is named ---------------------------------------------------------------
def loop(start, *, record=lambda i: i % 100 == 0, update=True, after=False, sign=1.0, rate=None,
         only_printed=False, stop_early=False):
    """A training loop with one thing (possibly) done wrong, as a student might write it."""
    def model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        parameters = start(layers_dims)
        costs = []
        for i in range(num_iterations - (1 if stop_early else 0)):
            AL, caches = dnn_utils.L_model_forward(X, parameters)
            cost = dnn_utils.compute_cost(AL, Y)
            grads = dnn_utils.L_model_backward(AL, Y, caches)
            new = dnn_utils.update_parameters(parameters, grads, sign * (rate or learning_rate))
            if update:
                parameters = new
            if after:
                cost = dnn_utils.compute_cost(dnn_utils.L_model_forward(X, new)[0], Y)
            if record(i) and (print_cost or not only_printed):
                costs.append(cost)
        return parameters, costs
    return model


def two(layers_dims):
    return dnn_utils.initialize_parameters(*layers_dims)


def deep(**kwargs):
    return lambda layers_dims: dnn_utils.initialize_parameters_deep(layers_dims, **{"seed": 1, "init": "xavier",
                                                                                    **kwargs})


LOOP_MISTAKES = {
    "costs only when print_cost": (dict(only_printed=True), "costs is empty"),
    "every iteration": (dict(record=lambda i: True), "cost of every iteration"),
    "at 99, 199, ...": (dict(record=lambda i: i % 100 == 99), r"wrong iterations \(99, 199"),
    "from 100": (dict(record=lambda i: i % 100 == 0 and i > 0), r"wrong iterations \(100, 200"),
    "cost after the update": (dict(after=True), "after that iteration's update"),
    "no update": (dict(update=False), "the parameters are not updated"),
    "gradient ascent": (dict(sign=-1.0), "up the gradient"),
    "learning rate ignored": (dict(rate=0.0075), "the argument learning_rate"),
    "one update short": (dict(stop_early=True), None),
}


@pytest.mark.parametrize("name", LOOP_MISTAKES)
@pytest.mark.parametrize("which", ["two_layer_model", "L_layer_model"])
def test_training_loop_mistakes_are_named(name, which):
    kwargs, advice = LOOP_MISTAKES[name]
    start = two if which == "two_layer_model" else deep()
    with pytest.raises(AssertionError, match=advice) as info:
        getattr(nb05, "check_" + which)(loop(start, **kwargs))
    if advice is None:  # one update short: the costs agree, the parameters are those before the last update
        assert "before the last update" in str(info.value)


INIT_MISTAKES = {
    "two_layer_model": [(deep(), "deep initialisation"), (lambda d: dnn_utils.initialize_parameters(*d, seed=3), "seed=3"),
                        (lambda d: dnn_utils.initialize_parameters(*d, seed=0), "seed=0"),
                        (lambda d: dnn_utils.initialize_parameters(d[1], d[0], d[2]), None)],
    "L_layer_model": [(deep(init="he"), "init='he'"), (deep(init="small"), "init='small'"), (deep(seed=3), "seed=3"),
                      (deep(seed=0), "seed=0")],
}


@pytest.mark.parametrize("which, index", [(w, i) for w, cases in INIT_MISTAKES.items() for i in range(len(cases))])
def test_wrong_initialisations_are_named(which, index):
    start, advice = INIT_MISTAKES[which][index]
    with pytest.raises(AssertionError) as info:
        getattr(nb05, "check_" + which)(loop(start))
    if advice is None:  # sizes swapped: the parameters do not even have the right shapes
        assert "calling it raised" in str(info.value) or "wrong" in str(info.value)
    else:
        assert "the costs match" in str(info.value) and advice in str(info.value)


def test_an_unwritten_model_says_so():
    def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        raise NotImplementedError()
    with pytest.raises(AssertionError, match="not written yet"):
        nb05.check_two_layer_model(two_layer_model)


def test_a_model_that_returns_only_the_parameters_is_told():
    def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        return loop(deep())(X, Y, layers_dims, learning_rate, num_iterations)[0]
    with pytest.raises(AssertionError, match=r"return parameters, costs"):
        nb05.check_L_layer_model(L_layer_model)


def test_the_global_random_state_is_named():
    def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        np.random.seed(1)
        return loop(deep())(X, Y, layers_dims, learning_rate, num_iterations)
    with pytest.raises(AssertionError, match="global random state"):
        nb05.check_L_layer_model(L_layer_model)


def test_scaling_X_in_place_is_named():
    def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        X *= 1.0 + 1e-9
        return loop(two)(X, Y, layers_dims, learning_rate, num_iterations)
    with pytest.raises(AssertionError, match="changed its input `X` in place"):
        nb05.check_two_layer_model(two_layer_model)


def make_predict(transform, show=True):
    def predict(X, y, parameters):
        AL, _ = dnn_utils.L_model_forward(X, parameters)
        p = transform(AL, y)
        if show:
            print("Accuracy: " + str(np.mean((AL > 0.5) == y)))
        return p
    return predict


PREDICT_MISTAKES = {
    "classes swapped": (lambda AL, y: (AL <= 0.5).astype(int), "classes are swapped"),
    "flattened": (lambda AL, y: (AL > 0.5).astype(int).ravel(), r"shape \(m,\)"),
    "probabilities": (lambda AL, y: AL, "holds the probabilities"),
    "labels copied": (lambda AL, y: y.copy(), "p is the labels y"),
    "transposed": (lambda AL, y: (AL > 0.5).astype(int).T, "transpose"),
}


@pytest.mark.parametrize("name", PREDICT_MISTAKES)
def test_predict_mistakes_are_named(name):
    transform, advice = PREDICT_MISTAKES[name]
    with pytest.raises(AssertionError, match=advice):
        nb05.check_predict(make_predict(transform))


@pytest.mark.parametrize("transform", [lambda AL, y: (AL >= 0.5).astype(int), lambda AL, y: AL > 0.5,
                                       lambda AL, y: np.round(AL), lambda AL, y: (AL > 0.5) * 1.0])
def test_predict_accepts_any_faithful_form(transform, capsys):
    nb05.check_predict(make_predict(transform))
    nb05.hidden_check_predict(make_predict(transform))
    assert "passed" in capsys.readouterr().out


def test_predict_must_print_the_accuracy():
    with pytest.raises(AssertionError, match="print the accuracy"):
        nb05.check_predict(make_predict(lambda AL, y: (AL > 0.5).astype(int), show=False))


def test_predict_may_print_a_percentage(capsys):
    def predict(X, y, parameters):
        p = nb05.reference_predict(X, parameters)
        print(f"accuracy {100 * np.mean(p == y):.1f}%")
        return p
    nb05.check_predict(predict)


def test_the_fixtures_keep_the_mistakes_apart():
    """The visible cases are chosen so that every catalogued mistake gives another result."""
    X, y, parameters = fixtures.predict_case()
    p = nb05.reference_predict(X, parameters)
    assert not np.array_equal(p, y) and 0 < p.sum() < p.size
    X, Y = fixtures.model_case()
    assert 0 < Y.sum() < Y.size / 2


# ---- the application, reproduced with the original course files -------------------------------------
TABLE = {  # reference/expected_outputs.md, the cat / non-cat application
    (12288, 20, 7, 5, 1): ("0.771749 0.672053 0.648263 0.611507 0.567047 0.540138 0.527930 0.465477 0.369126 "
                           "0.391747 0.315187 0.272700 0.237419 0.199601 0.189263 0.161189 0.148214 0.137775 "
                           "0.129740 0.121225 0.113821 0.107839 0.102855 0.100897 0.092878", 0.9856, 0.80),
    (12288, 7, 1): ("0.695046 0.589260 0.523261 0.449769 0.420900 0.372464 0.347421 0.317192 0.266438 0.219914 "
                    "0.143579 0.453092 0.094994 0.080141 0.069402 0.060217 0.053274 0.047629 0.042976 0.039036 "
                    "0.035683 0.032915 0.030472 0.028388 0.026615", 1.0, 0.74),
}
ORIGINALS_PRESENT = all(p.exists() for p in data.file_paths(data.DATASETS_DIR).values())


@pytest.mark.slow
@pytest.mark.skipif(not ORIGINALS_PRESENT, reason="the original course files datasets/train_catvnoncat.h5 and "
                    "datasets/test_catvnoncat.h5 are not there (they are not redistributed); put them there to "
                    "check that the notebook reproduces the documented application table")
@pytest.mark.parametrize("layers_dims", list(TABLE))
def test_the_notebook_reproduces_the_documented_table(solution, layers_dims, capsys):
    train_x_orig, train_y, test_x_orig, test_y, _ = data.load_data(source="original")
    train_x = train_x_orig.reshape(train_x_orig.shape[0], -1).T / 255.0
    test_x = test_x_orig.reshape(test_x_orig.shape[0], -1).T / 255.0
    parameters, costs = solution["L_layer_model"](train_x, train_y, list(layers_dims), learning_rate=0.0075,
                                                  num_iterations=2500)
    documented, train_accuracy, test_accuracy = TABLE[layers_dims]
    assert " ".join(f"{c:.6f}" for c in costs) == documented
    p_train = solution["predict"](train_x, train_y, parameters)
    p_test = solution["predict"](test_x, test_y, parameters)
    assert round(float(np.mean(p_train == train_y)), 4) == train_accuracy
    assert round(float(np.mean(p_test == test_y)), 2) == test_accuracy
