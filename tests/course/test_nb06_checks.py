"""The checks of 06_regularization: the reference and student-style solutions pass; every catalogued
mistake is named, by the visible check on the documented case or by the hidden one."""
import re

import numpy as np
import pytest

from dnn_utils import compute_cost, relu, sigmoid
from dnn_utils import three_layer
from testcases import nb06

NAMES = ("compute_cost_with_regularization", "backward_propagation_with_regularization",
         "forward_propagation_with_dropout", "backward_propagation_with_dropout")


# ---- student-style functions, correct unless told otherwise ------------------------------------------
def cost_with(l2_factor=lambda lambd, m: lambd / (2 * m), with_biases=False, squares=True, as_array=False):
    def compute_cost_with_regularization(A3, Y, parameters, lambd):
        m = Y.shape[1]
        keys = ("W1", "W2", "W3") + (("b1", "b2", "b3") if with_biases else ())
        total = sum(np.sum(np.square(parameters[k]) if squares else parameters[k]) for k in keys)
        cost = compute_cost(A3, Y) + l2_factor(lambd, m) * total
        return np.array([[cost]]) if as_array else float(cost)
    return compute_cost_with_regularization


def backward(term=lambda lambd, m, W: lambd / m * W, bias_term=None, only=("dW1", "dW2", "dW3"),
             dropout=False, mask=True, scale=True, relu_of="A"):
    """A backward pass with L2 terms (term, bias_term, only) or dropout (mask, scale)."""
    def gradients(X, Y, cache, arg):
        m = X.shape[1]
        if dropout:
            Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3 = cache
            keep_prob, lambd = arg, 0.0
        else:
            Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3 = cache
            keep_prob, lambd = 1.0, arg

        def add(key, value, W):
            return value + term(lambd, m, W) if key in only and not dropout else value

        def add_b(value, b):
            return value + bias_term(lambd, m, b) if bias_term and not dropout else value

        def through(dA, D):
            if dropout and mask:
                dA = dA * D
            if dropout and scale:
                dA = dA / keep_prob
            return dA
        dZ3 = A3 - Y
        dW3 = add("dW3", dZ3 @ A2.T / m, W3)
        db3 = add_b(np.sum(dZ3, axis=1, keepdims=True) / m, b3)
        dA2 = through(W3.T @ dZ3, D2 if dropout else None)
        dZ2 = dA2 * ((A2 if relu_of == "A" else Z2) > 0)
        dW2 = add("dW2", dZ2 @ A1.T / m, W2)
        db2 = add_b(np.sum(dZ2, axis=1, keepdims=True) / m, b2)
        dA1 = through(W2.T @ dZ2, D1 if dropout else None)
        dZ1 = dA1 * ((A1 if relu_of == "A" else Z1) > 0)
        dW1 = add("dW1", dZ1 @ X.T / m, W1)
        db1 = add_b(np.sum(dZ1, axis=1, keepdims=True) / m, b1)
        return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
                "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
    return gradients


def forward(compare=np.less, scale=True, draw="rand", before_relu=False, ignore_rng=False, global_state=None,
            mask_output=False):
    """A forward pass with dropout, correct unless told otherwise."""
    def forward_propagation_with_dropout(X, parameters, keep_prob=0.5, rng=None):
        if rng is None or ignore_rng:
            rng = np.random.RandomState(1)
        if global_state == "seeded":
            np.random.seed(1)
        source = np.random if global_state else rng

        def mask(shape):
            numbers = source.rand(*shape) if draw == "rand" else source.randn(*shape)
            return compare(numbers, keep_prob)

        def drop(A, D):
            return A * D / keep_prob if scale else A * D
        p = parameters
        Z1 = p["W1"] @ X + p["b1"]
        D1 = mask(Z1.shape)
        if before_relu:
            Z1 = drop(Z1, D1)
        A1 = relu(Z1)[0]
        if not before_relu:
            A1 = drop(A1, D1)
        Z2 = p["W2"] @ A1 + p["b2"]
        D2 = mask(Z2.shape)
        if before_relu:
            Z2 = drop(Z2, D2)
        A2 = relu(Z2)[0]
        if not before_relu:
            A2 = drop(A2, D2)
        Z3 = p["W3"] @ A2 + p["b3"]
        A3 = sigmoid(Z3)[0]
        if mask_output:
            A3 = drop(A3, mask(A3.shape))
        return A3, (Z1, D1, A1, p["W1"], p["b1"], Z2, D2, A2, p["W2"], p["b2"], Z3, A3, p["W3"], p["b3"])
    return forward_propagation_with_dropout


STUDENT = {
    "compute_cost_with_regularization": cost_with(),
    "backward_propagation_with_regularization": backward(),
    "forward_propagation_with_dropout": forward(),
    "backward_propagation_with_dropout": backward(dropout=True),
}


def test_reference_passes(capsys):
    for name in NAMES:
        getattr(nb06, "check_" + name)(getattr(three_layer, name))
        getattr(nb06, "hidden_check_" + name)(getattr(three_layer, name))
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4, "one success line per visible check, none from the hidden ones"
    for line, name in zip(lines, NAMES):
        assert re.fullmatch(rf"{name}: all \d+ checks passed\.", line)


@pytest.mark.parametrize("name", NAMES)
def test_a_student_style_solution_passes(name, capsys):
    getattr(nb06, "check_" + name)(STUDENT[name])
    getattr(nb06, "hidden_check_" + name)(STUDENT[name])
    assert capsys.readouterr().out.endswith("checks passed.\n")


def test_masks_stored_as_ints_pass(capsys):
    """The course's own version stores the masks as 0 / 1 ints: just as good."""
    def as_ints(X, parameters, keep_prob=0.5, rng=None):
        A3, cache = three_layer.forward_propagation_with_dropout(X, parameters, keep_prob, rng)
        cache = list(cache)
        cache[1], cache[6] = cache[1].astype(int), cache[6].astype(int)
        return A3, tuple(cache)
    nb06.check_forward_propagation_with_dropout(as_ints)
    nb06.hidden_check_forward_propagation_with_dropout(as_ints)
    assert "checks passed" in capsys.readouterr().out


def test_backward_calling_the_given_pass_passes(capsys):
    """The hint's alternative: the given backward_propagation plus the L2 term on each dW."""
    def backward_propagation_with_regularization(X, Y, cache, lambd):
        grads = dict(three_layer.backward_propagation(X, Y, cache))
        m = X.shape[1]
        for l, W in ((1, cache[2]), (2, cache[6]), (3, cache[10])):
            grads["dW" + str(l)] = grads["dW" + str(l)] + lambd / m * W
        return grads
    nb06.check_backward_propagation_with_regularization(backward_propagation_with_regularization)
    nb06.hidden_check_backward_propagation_with_regularization(backward_propagation_with_regularization)
    assert "checks passed" in capsys.readouterr().out


# ---- the catalogue: each mistake as a wrong function, and the words of its advice ----------------------
MISTAKES = {
    # compute_cost_with_regularization
    "L2 term lambd/m instead of lambd/(2m)": (
        "compute_cost_with_regularization", cost_with(lambda lambd, m: lambd / m), "it is lambd / (2 m)"),
    "L2 term missing": (
        "compute_cost_with_regularization", cost_with(lambda lambd, m: 0.0), "the L2 term is missing"),
    "L2 term not divided by m": (
        "compute_cost_with_regularization", cost_with(lambda lambd, m: lambd / 2), "not divided by m"),
    "biases in the L2 term": (
        "compute_cost_with_regularization", cost_with(with_biases=True), "counts the biases"),
    "weights not squared": (
        "compute_cost_with_regularization", cost_with(squares=False), "not their squares"),
    "cost returned as an array": (
        "compute_cost_with_regularization", cost_with(as_array=True), "not a number"),
    # backward_propagation_with_regularization
    "missing (lambd/m) W in every gradient": (
        "backward_propagation_with_regularization", backward(term=lambda lambd, m, W: 0.0),
        "misses the (lambd / m) * W term"),
    "missing (lambd/m) W in dW2 only": (
        "backward_propagation_with_regularization", backward(only=("dW1", "dW3")),
        ("dW2 is wrong", "misses the (lambd / m) * W term")),
    "half the L2 gradient": (
        "backward_propagation_with_regularization", backward(term=lambda lambd, m, W: lambd / (2 * m) * W),
        "the derivative of (lambd / (2 m)) * W**2 is (lambd / m) * W"),
    "L2 gradient not divided by m": (
        "backward_propagation_with_regularization", backward(term=lambda lambd, m, W: lambd * W),
        "is not divided by m"),
    "L2 gradient subtracted": (
        "backward_propagation_with_regularization", backward(term=lambda lambd, m, W: -lambd / m * W),
        "is subtracted"),
    "biases regularised": (
        "backward_propagation_with_regularization", backward(bias_term=lambda lambd, m, b: lambd / m * b),
        "only the weights are regularised"),
    # forward_propagation_with_dropout
    "dropout without /keep_prob": (
        "forward_propagation_with_dropout", forward(scale=False), "not divided by keep_prob"),
    "mask compared the wrong way": (
        "forward_propagation_with_dropout", forward(compare=np.greater), "compared the wrong way"),
    "mask applied before the ReLU": (
        "forward_propagation_with_dropout", forward(before_relu=True), "applied before the ReLU"),
    "mask from randn": (
        "forward_propagation_with_dropout", forward(draw="randn"), "rng.randn"),
    "output layer dropped out": (
        "forward_propagation_with_dropout", forward(mask_output=True), "output layer is dropped out too"),
    "masks reseeded on every call": (
        "forward_propagation_with_dropout", forward(ignore_rng=True), "same on every call with the same rng"),
    "masks from the global random state, seeded": (
        "forward_propagation_with_dropout", forward(global_state="seeded"), "global random state"),
    "masks from the global random state": (
        "forward_propagation_with_dropout", forward(global_state="unseeded"), "global random state"),
    # backward_propagation_with_dropout
    "backward dropout without /keep_prob": (
        "backward_propagation_with_dropout", backward(dropout=True, scale=False), "not divided by keep_prob"),
    "mask not applied in backward": (
        "backward_propagation_with_dropout", backward(dropout=True, mask=False),
        "the mask is not applied in the backward pass"),
    "mask not applied in backward, ReLU from Z": (
        "backward_propagation_with_dropout", backward(dropout=True, mask=False, relu_of="Z"),
        "the mask is not applied in the backward pass"),
    "backward ignores dropout": (
        "backward_propagation_with_dropout", backward(dropout=True, mask=False, scale=False),
        "the backward pass ignores dropout"),
}


@pytest.mark.parametrize("case", MISTAKES)
def test_mistakes_are_named(case):
    name, wrong, advice = MISTAKES[case]
    state = np.random.get_state()
    with pytest.raises(AssertionError) as info:
        getattr(nb06, "check_" + name)(wrong)
    for words in (advice,) if isinstance(advice, str) else advice:
        assert words in str(info.value)
    assert np.array_equal(np.random.get_state()[1], state[1]), "the check must restore the global state"


HIDDEN_MISTAKES = {
    "missing (lambd/m) W": ("backward_propagation_with_regularization", backward(term=lambda lambd, m, W: 0.0),
                            "misses the (lambd / m) * W term"),
    "L2 term lambd/m": ("compute_cost_with_regularization", cost_with(lambda lambd, m: lambd / m),
                        "it is lambd / (2 m)"),
    "mask not applied in backward, ReLU from Z": (
        "backward_propagation_with_dropout", backward(dropout=True, mask=False, relu_of="Z"),
        "the mask is not applied in the backward pass"),
    "dropout without /keep_prob": ("forward_propagation_with_dropout", forward(scale=False),
                                   "not divided by keep_prob"),
}


@pytest.mark.parametrize("case", HIDDEN_MISTAKES)
def test_hidden_checks_name_the_mistakes_too(case):
    name, wrong, advice = HIDDEN_MISTAKES[case]
    with pytest.raises(AssertionError, match=re.escape(advice)):
        getattr(nb06, "hidden_check_" + name)(wrong)


def test_hidden_check_compares_with_numerical_gradients():
    """A backward pass off by a tiny amount, which no catalogued mistake explains, is still caught."""
    def slightly_off(X, Y, cache, lambd):
        grads = three_layer.backward_propagation_with_regularization(X, Y, cache, lambd)
        return dict(grads, dW1=grads["dW1"] * 1.001)
    with pytest.raises(AssertionError, match="compared with the centred numerical gradient"):
        nb06.hidden_check_backward_propagation_with_regularization(slightly_off)


@pytest.mark.parametrize("name", NAMES)
def test_unwritten_function_says_so(name):
    def stub(*args, **kwargs):
        raise NotImplementedError()
    with pytest.raises(AssertionError, match="not written yet"):
        getattr(nb06, "check_" + name)(stub)


def test_mutated_parameters_are_named():
    def compute_cost_with_regularization(A3, Y, parameters, lambd):
        cost = three_layer.compute_cost_with_regularization(A3, Y, parameters, lambd)
        parameters["W1"] *= 0
        return cost
    with pytest.raises(AssertionError, match="changed its input `parameters`"):
        nb06.check_compute_cost_with_regularization(compute_cost_with_regularization)


def test_missing_gradient_keys_are_named():
    def only_weights(X, Y, cache, keep_prob):
        grads = three_layer.backward_propagation_with_dropout(X, Y, cache, keep_prob)
        return {k: grads[k] for k in ("dW1", "dW2", "dW3", "db1", "db2", "db3")}
    with pytest.raises(AssertionError, match="the gradients have no dA1, dA2"):
        nb06.check_backward_propagation_with_dropout(only_weights)


def test_failure_shows_expected_and_actual_with_shapes():
    _, wrong, _ = MISTAKES["dropout without /keep_prob"]
    with pytest.raises(AssertionError) as info:
        nb06.check_forward_propagation_with_dropout(wrong)
    message = str(info.value)
    assert "A1 in the cache is wrong" in message
    assert "expected: ndarray of shape (2, 5)" in message and "got:      ndarray of shape (2, 5)" in message


def test_the_decision_boundary_names_both_classes_and_its_axes():
    """06's and 07's pictures of a classifier: a legend with each class (its dots on its shade) and labelled
    axes, outside the data."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from dnn_utils.football import load_football
    from dnn_utils.plotting import plot_decision_boundary, plot_examples

    X, Y, _, _ = load_football()
    names = ("an opponent won it (label 0)", "one of ours won it (label 1)")
    fig, (left, right) = plt.subplots(1, 2)
    try:
        plot_decision_boundary(lambda points: (points[0] > 0).astype(int), X, Y, ax=left, class_names=names,
                               axis_labels=("across", "along"))
        plot_examples(X, Y, ax=right, class_names=names)
        for ax in (left, right):
            legend = ax.get_legend()
            assert legend is not None
            assert [text.get_text() for text in legend.get_texts()] == list(names)
        assert (left.get_xlabel(), left.get_ylabel()) == ("across", "along")
        assert right.get_xlabel() and right.get_ylabel()
        dots = [collection for collection in right.collections if len(collection.get_offsets())]
        assert sum(len(collection.get_offsets()) for collection in dots) == X.shape[1], "every example drawn once"
    finally:
        plt.close(fig)
    with pytest.raises(ValueError, match="one label per column"):
        plot_examples(X, Y[:, :5])


#: the words of the hidden check's advice where its cases tell the mistake by other words than the visible one
HIDDEN_WORDS = {"masks reseeded on every call": "do not come from the rng the function is given"}


@pytest.mark.parametrize("case", MISTAKES)
def test_the_hidden_check_names_every_catalogued_mistake_too(case):
    """What the lab names, grading names as well: no catalogued mistake gets a bare "wrong" from the hidden
    check (issue 21)."""
    name, wrong, advice = MISTAKES[case]
    words = HIDDEN_WORDS.get(case, advice if isinstance(advice, str) else advice[-1])
    with pytest.raises(AssertionError, match=re.escape(words)):
        getattr(nb06, "hidden_check_" + name)(wrong)
