"""The checks of 09_layers_softmax: correct solutions pass; every catalogued mistake is named."""
import re
from collections import OrderedDict

import numpy as np
import pytest

from dnn_utils import functions as F
from dnn_utils import layers as L
from dnn_utils import numerical_gradient
from testcases import nb09

PAIRS = [("softmax", F.softmax), ("cross_entropy_error", F.cross_entropy_error), ("mul_layer", L.MulLayer),
         ("add_layer", L.AddLayer), ("relu", L.Relu), ("sigmoid", L.Sigmoid), ("affine", L.Affine),
         ("softmax_with_loss", L.SoftmaxWithLoss), ("two_layer_net", L.TwoLayerNet)]
TITLES = ["softmax", "cross_entropy_error", "MulLayer", "AddLayer", "Relu", "Sigmoid", "Affine", "SoftmaxWithLoss",
          "TwoLayerNet"]


def test_reference_passes(capsys):
    for name, fn in PAIRS:
        getattr(nb09, "check_" + name)(fn)
        getattr(nb09, "hidden_check_" + name)(fn)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(PAIRS)
    for title, line in zip(TITLES, lines):
        assert re.fullmatch(rf"{title}: all \d+ checks passed\.", line)


# ---- softmax ----
def softmax_style(a):
    """Another correct softmax: 2-D reshaping instead of axis=-1."""
    a = np.asarray(a, dtype=float)
    rows = a.reshape(-1, a.shape[-1])
    e = np.exp(rows - rows.max(axis=1, keepdims=True))
    return (e / e.sum(axis=1, keepdims=True)).reshape(a.shape)


def softmax_naive(a):
    e = np.exp(a)
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax_global_max(a):
    e = np.exp(a - np.max(a))
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax_whole_sum(a):
    e = np.exp(a - np.max(a, axis=-1, keepdims=True))
    return e / np.sum(e)


def softmax_columns(a):
    e = np.exp(a - np.max(a, axis=0))
    return e / np.sum(e, axis=0)


def softmax_axis_1(a):
    e = np.exp(a - np.max(a, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


def softmax_no_keepdims(a):
    e = np.exp(a - np.max(a, axis=-1))
    return e / np.sum(e, axis=-1)


def softmax_in_place(a):
    a -= np.max(a, axis=-1, keepdims=True)
    e = np.exp(a)
    return e / np.sum(e, axis=-1, keepdims=True)


SOFTMAX_MISTAKES = {
    "no max subtracted": (softmax_naive, "overflowed"),
    "one max for the whole batch": (softmax_global_max, "each row's own max"),
    "sum over the whole batch": (softmax_whole_sum, "adds up the whole batch"),
    "columns normalised": (softmax_columns, "each column adds up to 1"),
    "axis=1 fails for 1-D": (softmax_axis_1, "one example \\(1-D"),
    "no keepdims": (softmax_no_keepdims, "keep the reduced axis"),
    "input changed in place": (softmax_in_place, "changed its input `a` in place"),
}


def test_a_student_style_softmax_passes():
    nb09.check_softmax(softmax_style)
    nb09.hidden_check_softmax(softmax_style)


@pytest.mark.parametrize("name", SOFTMAX_MISTAKES)
def test_softmax_mistakes_are_named(name):
    wrong, advice = SOFTMAX_MISTAKES[name]
    with pytest.raises(AssertionError, match=advice):
        nb09.check_softmax(wrong)


def test_softmax_has_no_overflow_warning():
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = F.softmax(np.array([1010.0, 1000.0, 990.0]))
    np.testing.assert_allclose(y, [9.99954600e-01, 4.53978686e-05, 2.06106005e-09], rtol=1e-7)


# ---- cross_entropy_error ----
def ce_one_hot_style(y, t):
    """Another correct version: one-hot sums, labels turned one-hot."""
    y = np.atleast_2d(np.asarray(y, dtype=float))
    t = np.asarray(t)
    if t.size != y.size:
        t = np.eye(y.shape[1])[t.reshape(-1)]
    t = t.reshape(y.shape)
    return -np.sum(t * np.log(y + 1e-7)) / y.shape[0]


def ce(guard=1e-7, average=True, labels=True, reshape=True, one_hot=True):
    def cross_entropy_error(y, t):
        y, t = np.asarray(y, dtype=float), np.asarray(t)
        if reshape and y.ndim == 1:
            y = y.reshape(1, -1)
            t = t.reshape(1, -1) if t.size == y.size else t.reshape(1)
        N = y.shape[0]
        if t.shape == y.shape:
            if not one_hot:
                return -np.sum(np.log(y[np.arange(N), t] + guard)) / N
            total = -np.sum(t * np.log(y + guard)) if guard else -np.sum(np.log(y[t == 1]))
        else:
            if not labels:
                return -np.sum(t * np.log(y + guard)) / N
            total = -np.sum(np.log(y[np.arange(N), t] + guard))
        return total / N if average else total
    return cross_entropy_error


def _ce_clip(y, t):
    """Guarded, but not as the course says: np.clip at 1e-12."""
    y = np.clip(np.atleast_2d(np.asarray(y, dtype=float)), 1e-12, 1.0)
    t = np.asarray(t)
    labels = t.reshape(y.shape).argmax(axis=1) if t.size == y.size else t.reshape(y.shape[0])
    return -np.mean(np.log(y[np.arange(y.shape[0]), labels]))


CE_MISTAKES = {
    "another guard": (_ce_clip, "not the one of this course"),
    "no guard against log(0)": (ce(guard=0), "guard the logarithm"),
    "not averaged": (ce(average=False), "summed, not averaged"),
    "labels not supported": (ce(labels=False), "t may hold labels"),
    "one-hot not supported": (ce(one_hot=False), "t may be one-hot"),
    "a single example divided by C": (ce(reshape=False), "batch of one"),
}


def test_a_student_style_cross_entropy_passes():
    nb09.check_cross_entropy_error(ce_one_hot_style)
    nb09.hidden_check_cross_entropy_error(ce_one_hot_style)


@pytest.mark.parametrize("name", CE_MISTAKES)
def test_cross_entropy_mistakes_are_named(name):
    wrong, advice = CE_MISTAKES[name]
    with pytest.raises(AssertionError, match=advice):
        nb09.check_cross_entropy_error(wrong)


def test_cross_entropy_is_finite_at_zero():
    assert np.isclose(F.cross_entropy_error(np.array([0.0, 1.0]), 0), -np.log(1e-7))


# ---- simple layers ----
class MulSwapped(L.MulLayer):
    def backward(self, dout):
        return dout * self.x, dout * self.y


class AddHalves(L.AddLayer):
    def backward(self, dout):
        return dout / 2, dout / 2


class ReluMutatesDout:
    """The classic: backward writes into the gradient it received."""

    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout[self.mask] = 0
        return dout


class ReluMutatesX(ReluMutatesDout):
    def forward(self, x):
        self.mask = x <= 0
        out = x
        out[self.mask] = 0
        return out

    def backward(self, dout):
        return np.where(self.mask, 0, dout)


class ReluMaskFromDout(L.Relu):
    def backward(self, dout):
        return dout * (dout > 0)


class SigmoidMissingFactor(L.Sigmoid):
    def backward(self, dout):
        return dout * self.out


LAYER_MISTAKES = {
    "MulLayer gradients swapped": (nb09.check_mul_layer, MulSwapped, "each input gets the OTHER input"),
    "AddLayer halves the gradient": (nb09.check_add_layer, AddHalves, "passes the gradient on unchanged"),
    "Relu.backward writes into dout": (nb09.check_relu, ReluMutatesDout, "backward changed the array dout"),
    "Relu.forward writes into x": (nb09.check_relu, ReluMutatesX, "forward changed its input x"),
    "Relu mask from dout": (nb09.check_relu, ReluMaskFromDout, "mask comes from dout"),
    "Sigmoid without (1 - out)": (nb09.check_sigmoid, SigmoidMissingFactor, "out \\* \\(1 - out\\)"),
}


@pytest.mark.parametrize("name", LAYER_MISTAKES)
def test_layer_mistakes_are_named(name):
    check, wrong, advice = LAYER_MISTAKES[name]
    with pytest.raises(AssertionError, match=advice):
        check(wrong)


# ---- Affine ----
def affine(dW=lambda x, dout: x.T @ dout, db=lambda dout: dout.sum(axis=0), dx=lambda dout, W: dout @ W.T):
    class Affine(L.Affine):
        def backward(self, dout):
            self.dW = dW(self.x, dout)
            self.db = db(dout)
            return dx(dout, self.W)
    return Affine


class AffineWithoutGradients(L.Affine):
    def backward(self, dout):
        return dout @ self.W.T


AFFINE_MISTAKES = {
    "dW transposed": (affine(dW=lambda x, dout: dout.T @ x), "dW is transposed"),
    "dW averaged": (affine(dW=lambda x, dout: x.T @ dout / x.shape[0]), "dW has a 1/N"),
    "db over axis 1": (affine(db=lambda dout: dout.sum(axis=1)), "db sums over the wrong axis"),
    "db keepdims": (affine(db=lambda dout: dout.sum(axis=0, keepdims=True)), "db has the shape of b"),
    "dx without transpose": (affine(dx=lambda dout, W: dout @ W), "shapes do not line up"),
    "no dW attribute": (AffineWithoutGradients, "has no dW and no db"),
}


@pytest.mark.parametrize("name", AFFINE_MISTAKES)
def test_affine_mistakes_are_named(name):
    wrong, advice = AFFINE_MISTAKES[name]
    with pytest.raises(AssertionError, match=advice):
        nb09.check_affine(wrong)


def test_a_square_affine_without_transpose_is_named_by_the_hidden_check():
    with pytest.raises(AssertionError, match="transpose is on W"):
        nb09.hidden_check_affine(affine(dx=lambda dout, W: dout @ W))


# ---- SoftmaxWithLoss ----
class SwlNotAveraged(L.SoftmaxWithLoss):
    def backward(self, dout=1):
        return super().backward(dout) * self.y.shape[0]


class SwlOneHotOnly(L.SoftmaxWithLoss):
    def backward(self, dout=1):
        return (self.y - self.t) / self.y.shape[0]


@pytest.mark.parametrize("wrong,advice", [(SwlNotAveraged, "misses the 1/N"), (SwlOneHotOnly, "t may hold labels")])
def test_softmax_with_loss_mistakes_are_named(wrong, advice):
    with pytest.raises(AssertionError, match=advice):
        nb09.check_softmax_with_loss(wrong)


# ---- TwoLayerNet ----
def net(copies=False, numerical_on_copies=False, forward_order=False, transposed=False):
    class TwoLayerNet(L.TwoLayerNet):
        def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01, seed=0):
            super().__init__(input_size, hidden_size, output_size, weight_init_std, seed)
            if transposed:
                rng = np.random.RandomState(seed)
                self.params["W1"] = weight_init_std * rng.randn(hidden_size, input_size)
                self.params["W2"] = weight_init_std * rng.randn(output_size, hidden_size)
            if copies:
                self.layers = OrderedDict()
                self.layers["Affine1"] = L.Affine(self.params["W1"].copy(), self.params["b1"].copy())
                self.layers["Relu1"] = L.Relu()
                self.layers["Affine2"] = L.Affine(self.params["W2"].copy(), self.params["b2"].copy())

        def numerical_gradient(self, x, t):
            if not numerical_on_copies:
                return super().numerical_gradient(x, t)
            return {key: numerical_gradient(lambda _: self.loss(x, t), self.params[key].copy())
                    for key in self.params}

        def gradient(self, x, t):
            if not forward_order:
                return super().gradient(x, t)
            self.loss(x, t)
            dout = self.last_layer.backward(1)
            for layer in self.layers.values():
                dout = layer.backward(dout)
            return {}
    return TwoLayerNet


NET_MISTAKES = {
    "layers hold copies of the parameters": (net(copies=True), "must hold the very arrays"),
    "numerical gradient on copies": (net(numerical_on_copies=True), "does not see the perturbed parameters"),
    "backward in forward order": (net(forward_order=True), "reverse order"),
    "weights transposed": (net(transposed=True), "examples are rows"),
}


@pytest.mark.parametrize("name", NET_MISTAKES)
def test_two_layer_net_mistakes_are_named(name):
    wrong, advice = NET_MISTAKES[name]
    with pytest.raises(AssertionError, match=advice):
        nb09.check_two_layer_net(wrong)


def test_unwritten_layers_say_so():
    class Stub:
        def __init__(self, *args, **kwargs):
            raise NotImplementedError()
    for name in ("mul_layer", "add_layer", "relu", "sigmoid", "affine", "softmax_with_loss", "two_layer_net"):
        with pytest.raises(AssertionError, match="not written yet"):
            getattr(nb09, "check_" + name)(Stub)


#: (catalogue, exercise) of the catalogues above, and the hidden check's words where its cases name the mistake
#: otherwise (no probability of 0 in the batch, one example, square layers where no shape error shows)
CATALOGUES = [(SOFTMAX_MISTAKES, "softmax"), (CE_MISTAKES, "cross_entropy_error"), (AFFINE_MISTAKES, "affine"),
              (NET_MISTAKES, "two_layer_net")]
HIDDEN_WORDS = {"no guard against log(0)": "not guarded as the exercise says",
                "another guard": "not guarded as the exercise says", "labels not supported": "t holds labels here",
                "dx without transpose": "the transpose is on W"}


@pytest.mark.parametrize("exercise, case", [(exercise, case) for catalogue, exercise in CATALOGUES for case in catalogue]
                         + [("layer", case) for case in LAYER_MISTAKES])
def test_the_hidden_check_names_every_catalogued_mistake_too(exercise, case):
    """What the lab names, grading names as well (issue 21)."""
    if exercise == "layer":
        check, wrong, advice = LAYER_MISTAKES[case]
        hidden = getattr(nb09, "hidden_" + check.__name__)
    else:
        wrong, advice = next(catalogue for catalogue, name in CATALOGUES if name == exercise)[case]
        hidden = getattr(nb09, "hidden_check_" + exercise)
    with pytest.raises(AssertionError, match=HIDDEN_WORDS.get(case, advice)):
        hidden(wrong)


@pytest.mark.slow
def test_while_grading_the_checks_that_run_the_students_code_again_name_the_mistake(tmp_path):
    """The checks that run a student's code a second time to tell two mistakes apart (08: gradient_check with
    a broken and a cubic J, gradient_check_n with other gradients; 09: TwoLayerNet on the course's Affine)
    do so in the grader's sandbox as in the lab, and name the mistake there."""
    import nbformat

    from autograder.build import notebooks, versions
    from autograder.collect import lms
    from autograder.grade import batch
    from autograder.report import tables

    answers = {
        "08_gradient_check": {"gradient_check": ("thetaminus = theta - epsilon", "thetaminus = thetaplus - epsilon"),
                              "gradient_check_n": ("theta_plus = np.copy(parameters_values)",
                                                   "theta_plus = parameters_values")},
        "09_layers_softmax": {"Affine": ("self.W = W", "self.W = W.copy()")},
    }
    root, inbox = tmp_path / "course", tmp_path / "inbox" / "alice"
    inbox.mkdir(parents=True)
    names = sorted(answers)
    versions.write_student_versions(names, root=root)
    for name, changes in answers.items():
        nb = versions.solution_version(nbformat.read(notebooks.notebook_path(name), as_version=4))
        for cell in nb.cells:
            change = changes.get(cell.metadata.get("nbgrader", {}).get("grade_id"))
            if change:
                assert cell.source.count(change[0]) == 1, change
                cell.source = cell.source.replace(*change)
        nbformat.write(nb, inbox / f"{name}.ipynb")
    lms.collect(inbox.parent, root, names)
    results = batch.autograde(root, names, workers=1, timeout=120, progress=None)
    assert all(state["status"] == "graded" for state in results.values()), results
    rows = {row["exercise"]: row for row in tables.exercise_rows(root, names)}
    expected = {"test_gradient_check": "thetaminus is built from thetaplus",
                "test_gradient_check_n": "either theta_minus is copied from theta_plus, or theta_plus = "
                                         "parameters_values is no copy at all",
                "test_TwoLayerNet": "your Affine copies W and b"}
    for exercise, words in expected.items():
        assert rows[exercise]["score"] == 0 and words in rows[exercise]["mistake"], rows[exercise]
    assert rows["test_Affine"]["status"] == "passed", rows["test_Affine"]
