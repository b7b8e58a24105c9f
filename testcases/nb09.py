"""Checks of notebook 09_layers_softmax: softmax, cross_entropy_error, the layers MulLayer, AddLayer,
Relu, Sigmoid, Affine, SoftmaxWithLoss, and TwoLayerNet.

Examples are **rows** in this notebook: x (N, D), W (D, H), scores (N, C).

``check_*`` run documented and fixed cases and print one success line; ``hidden_check_*`` run further
seeded cases and print nothing when they pass. Expected values come from ``dnn_utils.functions`` and
``dnn_utils.layers``; gradients are also compared with ``dnn_utils.numerical_gradient``, so that any
correct implementation passes. Every call runs with numpy's floating-point warnings turned into errors,
so that an overflow or a log(0) is named (and never leaves a warning on stderr, which nbgrader would
score 0).
"""
import numpy as np

from dnn_utils import numerical_gradient
from dnn_utils import functions as ref_functions
from dnn_utils import layers as ref_layers

from . import fixtures
from .checks import ATOL, RTOL, Check, Exercises, call_advice, names_replaced, same
from .checks import mistakes as _mistakes
from .expected import OTHER_EXPECTED

#: the graded exercises, in the notebook's order (a failed check looks for its root cause in the earlier ones)
EXERCISES = Exercises()

DOCUMENTED_ATOL = 1e-8

ROWS_TRANSPOSED = ("the result is transposed. In this notebook examples are rows: x is (N, D), W is (D, H), "
                   "x @ W + b is (N, H), and every gradient has the shape of what it differentiates.")
DOUT_MUTATED = ("backward changed the array dout it received. The upstream gradient belongs to the caller "
                "(another layer may still need it): build a new array, e.g. dx = dout * mask or "
                "np.where(self.mask, 0, dout), instead of writing into dout (dout[self.mask] = 0, as the book's "
                "Relu.backward does: this course's contract keeps the caller's arrays as they were).")
X_MUTATED = ("forward changed its input x. Work on a new array: out = np.maximum(x, 0), or out = x.copy() "
             "before setting entries to 0; out = x does not copy, it only gives x a second name.")
OVERFLOW = ("np.exp overflowed: exp(1010) is far beyond the largest float. Subtract the largest score first, "
            "a - np.max(a, axis=-1, keepdims=True): the result is the same (the factor exp(-max) cancels "
            "out) and every exp is at most 1.")
ROW_MAX = ("a whole row came out as 0 / 0: a single max over the whole batch was subtracted, so the exp of "
           "every entry of a row far below it is 0. Subtract each row's own max, "
           "np.max(a, axis=-1, keepdims=True).")
LOG_OF_ZERO = ("log(0) is -inf: guard the logarithm, np.log(y + delta) with delta = 1e-7, so that a "
               "probability of exactly 0 gives a large but finite loss.")
ANY_DIMENSION = ("softmax must work for one example (1-D, shape (C,)) and for a batch (2-D, shape (N, C)): "
                 "reduce over the last axis, axis=-1, with keepdims=True.")
KEEPDIMS = ("keep the reduced axis so that it broadcasts back over the row: np.max(a, axis=-1, keepdims=True) "
            "and np.sum(..., axis=-1, keepdims=True).")


class _Check(Check):
    """A Check that names the mistakes behind exceptions, mutated inputs and transposed results."""

    def __init__(self, title, quiet=False, raised=()):
        super().__init__(title, quiet)
        self.raised = raised

    def fail(self, problem, advice=None, expected=None, actual=None, show_values=True):
        __tracebackhide__ = True
        if problem.startswith("calling it raised"):
            for needle, better in self.raised:
                if needle in problem:
                    advice = better
                    break
            else:
                advice = call_advice(problem, self.title.split()[0]) or advice
        elif problem.startswith("it changed its input `dout`"):
            advice = DOUT_MUTATED
        elif problem.startswith("it changed its input `x`"):
            advice = X_MUTATED
        elif problem.startswith("it changed numpy's global random state") and self.title.startswith("TwoLayerNet"):
            advice = ("the weights come from np.random.RandomState(seed), drawn W1 then W2: rng = "
                      "np.random.RandomState(seed), then weight_init_std * rng.randn(...). (The book draws them with "
                      "np.random.randn, which changes numpy's random numbers everywhere.)")
        super().fail(problem, advice, expected=expected, actual=actual, show_values=show_values)

    def equal(self, what, actual, expected, mistakes=(), atol=ATOL, rtol=RTOL):
        __tracebackhide__ = True
        e = np.asarray(expected)
        if (isinstance(actual, np.ndarray) and e.ndim == 2 and actual.shape == e.shape[::-1]
                and actual.shape != e.shape and not any(m.explains(actual) for m in mistakes)):
            self.fail(f"{what} is wrong.", ROWS_TRANSPOSED, expected=expected, actual=actual)
        super().equal(what, actual, expected, mistakes, atol, rtol)


def _call(c, fn, *args, names=None, raised=None, **kwargs):
    """c.call with floating-point warnings as errors (overflow, log(0), 0/0); underflow is fine."""
    __tracebackhide__ = True
    saved = c.raised
    if raised is not None:
        c.raised = raised
    try:
        with np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"):
            return c.call(fn, *args, names=names, **kwargs)
    finally:
        c.raised = saved


# ---- softmax ---------------------------------------------------------------------------------------
SOFTMAX_RAISED = (("overflow", OVERFLOW), ("invalid value", ROW_MAX), ("AxisError", ANY_DIMENSION),
                  ("out of bounds for array of dimension 1", ANY_DIMENSION), ("could not be broadcast", KEEPDIMS))


def _softmax_mistakes(a):
    a = np.asarray(a, dtype=float)
    e = np.exp(a - np.max(a, axis=-1, keepdims=True))
    return _mistakes([
        ("the exponentials are not normalised: divide by their sum, so that each row adds up to 1.", lambda: e),
        ("the result divides by the sum of the scores: divide by the sum of the exponentials.",
         lambda: e / np.sum(a, axis=-1, keepdims=True)),
        ("the rows do not each add up to 1: np.sum without an axis adds up the whole batch. Sum each row, "
         "np.sum(e, axis=-1, keepdims=True).", lambda: e / np.sum(e)),
        ("the softmax of one example is applied to the whole batch: one max (np.max(a)) and one sum (np.sum(...)) "
         "over every entry, so the rows do not each add up to 1, and the rows far below the largest score come "
         "out as 0. Subtract each row's own max and sum each row: np.max(a, axis=-1, keepdims=True) and "
         "np.sum(..., axis=-1, keepdims=True), which work for one example too.",
         lambda: np.exp(a - np.max(a)) / np.sum(np.exp(a - np.max(a)))),
        ("each column adds up to 1, not each row: examples are rows here, so normalise over the last axis, "
         "axis=-1 (axis=1 for a batch).", lambda: np.exp(a - a.max(axis=0)) / np.exp(a - a.max(axis=0)).sum(axis=0)),
    ])


def _check_softmax_value(c, softmax, a, expected, what, atol=ATOL, rtol=RTOL):
    __tracebackhide__ = True
    y = _call(c, softmax, a, names=["a"])
    c.equal(what, y, expected, _softmax_mistakes(a), atol=atol, rtol=rtol)


@EXERCISES.check("softmax", ref_functions.softmax)
def check_softmax(softmax):
    """The two documented cases, then a batch whose rows are far apart (one is near 1000)."""
    c = _Check("softmax", raised=SOFTMAX_RAISED)
    a, a_large = fixtures.softmax_cases()
    documented = OTHER_EXPECTED["softmax"]
    _check_softmax_value(c, softmax, a, documented["y"], "softmax([0.3, 2.9, 4.0])", DOCUMENTED_ATOL, 0)
    _check_softmax_value(c, softmax, a_large, documented["y_large"], "softmax([1010, 1000, 990])",
                         DOCUMENTED_ATOL, 1e-7)
    batch = fixtures.softmax_batch_case()
    _check_softmax_value(c, softmax, batch, ref_functions.softmax(batch), "softmax of a batch (4, 5), row by row")
    one = batch[:1] - 300.0   # a batch of one example, (1, C), far from 0
    _check_softmax_value(c, softmax, one, ref_functions.softmax(one), "softmax of a batch of one example (1, 5)")
    c.done()


@EXERCISES.hidden("softmax")
def hidden_check_softmax(softmax):
    rng = np.random.RandomState(9)
    cases = [rng.randn(7), 50 * rng.randn(3, 4), rng.randn(1, 6) - 700, np.zeros((2, 3)),
             np.array([[800.0, -800.0], [1.0, 2.0], [-1e4, -1e4 + 5]]), fixtures.softmax_batch_case(3, 6, 10)]
    for a in cases:
        c = _Check(f"softmax of an array of shape {a.shape}", quiet=True, raised=SOFTMAX_RAISED)
        _check_softmax_value(c, softmax, a, ref_functions.softmax(a), "the result")


# ---- cross_entropy_error ----------------------------------------------------------------------------
CE_ONE_HOT_RAISED = (("divide by zero", LOG_OF_ZERO), ("invalid value", LOG_OF_ZERO),
                     ("IndexError", "t may be one-hot, with the shape of y: then the label of each row is where its "
                                    "1 is, t.argmax(axis=1) (or use -np.sum(t * np.log(y + delta)))."),
                     ("could not be broadcast", "t may be one-hot, with the shape of y: then the label of each row "
                                                "is where its 1 is, t.argmax(axis=1)."))
CE_LABELS_RAISED = (("divide by zero", LOG_OF_ZERO), ("invalid value", LOG_OF_ZERO),
                    ("could not be broadcast", "t may hold labels, ints of shape (N,): then the probability of the "
                                               "right class of row i is y[i, t[i]], all at once "
                                               "y[np.arange(N), t]."),
                    ("IndexError", "t may hold labels, ints of shape (N,): the probability of the right class of "
                                   "row i is y[i, t[i]], all at once y[np.arange(N), t]."))


def _ce_mistakes(y, t):
    y2 = np.atleast_2d(np.asarray(y, dtype=float))
    N, C = y2.shape
    right = ref_functions.cross_entropy_error(y, t)
    t2 = np.asarray(t)
    p = y2[np.arange(N), t2.reshape(N, -1).argmax(axis=1) if t2.size == y2.size else t2.reshape(N)]

    def guarded(delta, clip):
        return float(-np.mean(np.log(np.maximum(p, delta) if clip else p + delta)))
    pairs = [
        (f"the loss is summed, not averaged: divide by the batch size N = {N}.", lambda: right * N),
        ("the loss is averaged over every entry of y: sum -t * log(y + delta) and divide by the number of "
         f"examples N = {N}, not by N * C.", lambda: right / C),
        (LOG_OF_ZERO, lambda: np.inf),
    ]
    if np.ndim(y) == 1:
        pairs.insert(0, (f"a single example (1-D y) is a batch of one: reshape y and t to one row first, so that "
                         f"the batch size is 1, not C = {C}.", lambda: right / C))
    if np.min(p) > 0:   # where no probability is 0, the log without a guard is finite, and a little larger
        pairs.append(("the logarithm is not guarded as the exercise says: the loss is that of np.log(y), with no guard "
                      "or with one too small to change it here (np.clip(y, 1e-12, 1), say). The guard of this course is "
                      "delta = 1e-7 inside the logarithm, np.log(y + 1e-7); with none, a probability of 0 gives -inf.",
                      lambda: guarded(0.0, False)))
    # other guards move the loss where a probability is small (they pass where none is)
    unguarded = guarded(0.0, False) if np.min(p) > 0 else None
    for delta in (1e-4, 1e-5, 1e-6, 1e-8, 1e-9, 1e-10, 1e-12, 1e-15, 1e-7):
        for clip in (False, True):
            if unguarded is not None and same(guarded(delta, clip), unguarded, atol=1e-6, rtol=1e-5):
                continue   # so tiny a guard changes nothing here: the values point to no guard at all
            pairs.append(("the guard against log(0) is not the one of this course: add delta = 1e-7 inside the "
                          "logarithm, np.log(y + 1e-7), so that every implementation gives the same loss.",
                          lambda d=delta, k=clip: guarded(d, k)))
    if t2.size != y2.size:   # labels read as one-hot rows: -sum(t * log(y)) broadcasts the labels over y
        pairs.append(("t holds labels here, ints of shape (N,), not one-hot rows: the probability of the right class "
                      "of row i is y[i, t[i]], all at once y[np.arange(N), t] (or turn the labels into one-hot rows "
                      "first, np.eye(C)[t]).",
                      lambda: float(-np.sum(t2.reshape(N, -1) * np.log(y2 + 1e-7)) / N)))
    return _mistakes(pairs)


def _check_ce(c, fn, y, t, what, raised):
    __tracebackhide__ = True
    loss = _call(c, fn, y, t, names=["y", "t"], raised=raised)
    # a guard of another kind (np.clip, say) moves the loss in its 6th digit where no probability is 0;
    # where one is, the case with probabilities of 0 tells the guards apart
    c.equal(what, loss, ref_functions.cross_entropy_error(y, t), _ce_mistakes(y, t), atol=1e-6, rtol=1e-5)


def _ce_cases(seed, N, C):
    y, labels, one_hot = fixtures.cross_entropy_case(seed, N, C)
    return [(y, one_hot, f"the loss of a batch of {N} with one-hot targets", CE_ONE_HOT_RAISED),
            (y, labels, f"the loss of a batch of {N} with label targets", CE_LABELS_RAISED),
            (y[0], one_hot[0], "the loss of one example (1-D y) with a one-hot target", CE_ONE_HOT_RAISED),
            (y[0], labels[0], "the loss of one example (1-D y) with its label labels[0]", CE_LABELS_RAISED)]


@EXERCISES.check("cross_entropy_error", ref_functions.cross_entropy_error)
def check_cross_entropy_error(cross_entropy_error):
    """A batch with one-hot and with label targets, single examples, and probabilities of exactly 0."""
    c = _Check("cross_entropy_error")
    for y, t, what, raised in _ce_cases(0, 4, 5):
        _check_ce(c, cross_entropy_error, y, t, what, raised)
    y0 = np.array([[0.0, 1.0, 0.0], [0.5, 0.25, 0.25]])
    _check_ce(c, cross_entropy_error, y0, np.array([0, 1]), "the loss when the right class has probability 0",
              CE_LABELS_RAISED)
    _check_ce(c, cross_entropy_error, y0, np.eye(3)[[0, 1]], "the loss when the right class has probability 0 "
              "(one-hot)", CE_ONE_HOT_RAISED)
    for y, t, what, raised in _ce_cases(5, 1, 4)[:2]:   # a batch of one example, (1, C)
        _check_ce(c, cross_entropy_error, y, t, what, raised)
    c.done()


@EXERCISES.hidden("cross_entropy_error")
def hidden_check_cross_entropy_error(cross_entropy_error):
    for seed, N, C in [(1, 1, 3), (2, 10, 10), (3, 7, 2)]:
        c = _Check(f"cross_entropy_error (N = {N}, C = {C})", quiet=True)
        for y, t, what, raised in _ce_cases(seed, N, C):
            _check_ce(c, cross_entropy_error, y, t, what, raised)


# ---- the simple layers ------------------------------------------------------------------------------
def _unpack(c, result, names):
    __tracebackhide__ = True
    return c.unpack(result, names)


def _check_mul(c, MulLayer, x, y, dout):
    __tracebackhide__ = True
    layer = _call(c, MulLayer)
    out = _call(c, layer.forward, x, y, names=["x", "y"])
    c.equal("forward(x, y)", out, x * y, _mistakes([("forward multiplies: out = x * y.", lambda: x + y)]))
    dx, dy = _unpack(c, _call(c, layer.backward, dout, names=["dout"]), ["dx", "dy"])
    swapped = ("the two gradients are swapped: the derivative of x * y with respect to x is y, so dx = dout * y "
               "and dy = dout * x (each input gets the OTHER input).")
    c.equal("dx", dx, dout * y, _mistakes([(swapped, lambda: dout * x),
                                           ("dx is missing dout: dx = dout * y (chain rule).", lambda: y * 1.0)]))
    c.equal("dy", dy, dout * x, _mistakes([(swapped, lambda: dout * y),
                                           ("dy is missing dout: dy = dout * x (chain rule).", lambda: x * 1.0)]))


@EXERCISES.check("MulLayer", ref_layers.MulLayer)
def check_mul_layer(MulLayer):
    """Numbers (a ticket price times a number of tickets), then arrays."""
    c = _Check("MulLayer")
    _check_mul(c, MulLayer, 12.5, 4.0, 1.0)
    x, W, _, dout = fixtures.layer_case(1, 3, 4, 4)
    _check_mul(c, MulLayer, x, W[:3], dout)
    c.done()


@EXERCISES.hidden("MulLayer")
def hidden_check_mul_layer(MulLayer):
    for seed in (2, 3):
        x, W, _, dout = fixtures.layer_case(seed, 2, 5, 5)
        _check_mul(_Check("MulLayer (arrays)", quiet=True), MulLayer, x, W[:2], dout)
    _check_mul(_Check("MulLayer (numbers)", quiet=True), MulLayer, -3.0, 0.25, 2.5)


def _check_add(c, AddLayer, x, y, dout):
    __tracebackhide__ = True
    layer = _call(c, AddLayer)
    out = _call(c, layer.forward, x, y, names=["x", "y"])
    c.equal("forward(x, y)", out, x + y, _mistakes([("forward adds: out = x + y.", lambda: x * y)]))
    dx, dy = _unpack(c, _call(c, layer.backward, dout, names=["dout"]), ["dx", "dy"])
    passes = ("an addition passes the gradient on unchanged to both inputs: dx = dout and dy = dout (the "
              "derivative of x + y with respect to either is 1).")
    ignores = ("backward ignores dout: it returns the local derivative, 1, where the chain rule multiplies it by "
               "the gradient that comes from above, dx = dout * 1 and dy = dout * 1 (so dx = dout, dy = dout).")
    for name, value in (("dx", dx), ("dy", dy)):
        c.equal(name, value, dout * 1.0, _mistakes([(ignores, lambda: 1.0), (ignores, lambda: np.ones_like(dout)),(passes, lambda: dout / 2), (passes, lambda: 0 * dout),
                                                     (passes, lambda: dout * x), (passes, lambda: dout * y)]))


@EXERCISES.check("AddLayer", ref_layers.AddLayer)
def check_add_layer(AddLayer):
    c = _Check("AddLayer")
    _check_add(c, AddLayer, 50.0, 3.5, 1.0)
    x, W, _, dout = fixtures.layer_case(4, 3, 4, 4)
    _check_add(c, AddLayer, x, W[:3], dout)
    c.done()


@EXERCISES.hidden("AddLayer")
def hidden_check_add_layer(AddLayer):
    x, W, _, dout = fixtures.layer_case(5, 2, 3, 3)
    _check_add(_Check("AddLayer (arrays)", quiet=True), AddLayer, x, W[:2], dout)
    _check_add(_Check("AddLayer (numbers)", quiet=True), AddLayer, -1.0, 7.0, 0.5)


def _away_from_zero(a, margin=1e-3):
    """a with every entry at least margin away from 0 (the ReLU kink)."""
    return np.where(np.abs(a) < margin, np.sign(a) * margin + (a == 0) * margin, a)


def _check_relu(c, Relu, x, dout):
    __tracebackhide__ = True
    layer = _call(c, Relu)
    out = _call(c, layer.forward, x, names=["x"])
    c.equal("forward(x)", out, np.maximum(x, 0),
            _mistakes([("forward lets through the negative entries and blocks the positive ones: "
                        "out = max(0, x).", lambda: np.minimum(x, 0))]))
    dx = _call(c, layer.backward, dout, names=["dout"])
    c.equal("backward(dout)", dx, dout * (x > 0), _mistakes([
        ("the mask comes from dout; it must come from the forward pass: dout passes where x was positive "
         "(keep self.mask = (x <= 0) in forward).", lambda: dout * (dout > 0)),
        ("backward must block dout where x was not positive: dx = dout where x > 0, 0 elsewhere.", lambda: dout),
        ("backward passes dout where x was negative and blocks it where x was positive: the other way round.",
         lambda: dout * (x <= 0)),
        ("backward returns the forward output; it returns the gradient, dout where x > 0 and 0 elsewhere.",
         lambda: np.maximum(x, 0)),
    ]))


@EXERCISES.check("Relu", ref_layers.Relu)
def check_relu(Relu):
    """forward and backward on a batch (3, 4), then on one example (1, 4); neither changes the array it
    receives."""
    c = _Check("Relu")
    x, _, _, dout = fixtures.layer_case(6, 3, 4, 4)
    _check_relu(c, Relu, _away_from_zero(x), dout)
    x, _, _, dout = fixtures.layer_case(20, 1, 4, 4)   # a batch of one example, as the hidden check runs too
    _check_relu(c, Relu, _away_from_zero(x), dout)
    c.done()


@EXERCISES.hidden("Relu")
def hidden_check_relu(Relu):
    for seed, N, D in [(7, 1, 5), (8, 6, 2)]:
        x, _, _, dout = fixtures.layer_case(seed, N, D, D)
        _check_relu(_Check(f"Relu (N = {N}, D = {D})", quiet=True), Relu, _away_from_zero(x), dout)


def _check_sigmoid(c, Sigmoid, x, dout):
    __tracebackhide__ = True
    layer = _call(c, Sigmoid)
    out = _call(c, layer.forward, x, names=["x"])
    s = 1.0 / (1.0 + np.exp(-x))
    c.equal("forward(x)", out, s, _mistakes([("forward is 1 / (1 + exp(-x)): mind the minus sign.",
                                               lambda: 1.0 / (1.0 + np.exp(x)))]))
    dx = _call(c, layer.backward, dout, names=["dout"])
    c.equal("backward(dout)", dx, dout * s * (1 - s), _mistakes([
        ("the derivative of the sigmoid is out * (1 - out), with out the forward output: dx = dout * out * "
         "(1 - out).", lambda: dout * s),
        ("the derivative uses x; it is written with the output of forward: dx = dout * out * (1 - out).",
         lambda: dout * x * (1 - x)),
        ("dx is missing dout: dx = dout * out * (1 - out) (chain rule).", lambda: s * (1 - s)),
    ]))


@EXERCISES.check("Sigmoid", ref_layers.Sigmoid)
def check_sigmoid(Sigmoid):
    c = _Check("Sigmoid")
    x, _, _, dout = fixtures.layer_case(9, 3, 4, 4)
    _check_sigmoid(c, Sigmoid, 3 * x, dout)
    x, _, _, dout = fixtures.layer_case(21, 1, 4, 4)   # a batch of one example
    _check_sigmoid(c, Sigmoid, 3 * x, dout)
    c.done()


@EXERCISES.hidden("Sigmoid")
def hidden_check_sigmoid(Sigmoid):
    for seed, N, D in [(10, 1, 5), (11, 6, 2)]:
        x, _, _, dout = fixtures.layer_case(seed, N, D, D)
        _check_sigmoid(_Check(f"Sigmoid (N = {N}, D = {D})", quiet=True), Sigmoid, 5 * x, dout)


# ---- Affine -----------------------------------------------------------------------------------------
AFFINE_RAISED = (("matmul", "the shapes do not line up: out = x @ W + b is (N, D) times (D, H); backward: "
                            "dx = dout @ W.T is (N, H) times (H, D), dW = x.T @ dout is (D, N) times (N, H)."),
                 ("AttributeError", "keep what backward needs from forward (self.x = x) and store the "
                                    "gradients of the parameters as self.dW and self.db."))


def _affine_gradients(c, layer):
    """The layer's dW and db attributes."""
    __tracebackhide__ = True
    missing = [name for name in ("dW", "db") if getattr(layer, name, None) is None]
    c.that(not missing, f"after backward the layer has no {' and no '.join(missing)}.",
           "store the gradients of the parameters in backward: self.dW = x.T @ dout and self.db = np.sum(dout, "
           "axis=0).")
    return layer.dW, layer.db


def _check_affine(c, Affine, x, W, b, dout, numeric=False):
    __tracebackhide__ = True
    layer = _call(c, Affine, W, b, names=["W", "b"])
    out = _call(c, layer.forward, x, names=["x"])
    c.equal("forward(x)", out, x @ W + b, _mistakes([
        ("the bias is missing: out = x @ W + b.", lambda: x @ W),
        ("forward multiplies entry by entry: the matrix product is x @ W (np.dot(x, W)).", lambda: x * W + b)]))
    dx = _call(c, layer.backward, dout, names=["dout"])
    dW, db = _affine_gradients(c, layer)
    N = x.shape[0]
    if numeric:  # implementation-independent: gradients of sum(dout * (x @ W + b))
        xc, Wc, bc = x.copy(), W.copy(), b.copy()

        def f(_):
            return np.sum(dout * (xc @ Wc + bc))
        expected = (numerical_gradient(f, xc), numerical_gradient(f, Wc), numerical_gradient(f, bc))
    else:
        expected = (dout @ W.T, x.T @ dout, dout.sum(axis=0))
    c.equal("dx", dx, expected[0], _mistakes([
        ("dx = dout @ W.T, (N, H) times (H, D): the transpose is on W.", lambda: dout @ W),
        ("dx has a 1/N it must not have: the loss layer already averaged over the batch.", lambda: dout @ W.T / N)]))
    c.equal("dW", dW, expected[1], _mistakes([
        ("dW is transposed: dW = x.T @ dout has the shape of W, (D, H).", lambda: dout.T @ x),
        ("dW has a 1/N it must not have: SoftmaxWithLoss already divides by the batch size N, so dW = x.T @ dout.",
         lambda: x.T @ dout / N)]))
    c.equal("db", db, expected[2], _mistakes([
        ("db sums over the wrong axis: the examples are the rows, so db = np.sum(dout, axis=0), shape (H,).",
         lambda: dout.sum(axis=1)),
        ("db has the shape of b, (H,): np.sum(dout, axis=0) without keepdims.",
         lambda: dout.sum(axis=0, keepdims=True)),
        ("db is a single number: sum over the examples only, np.sum(dout, axis=0).", lambda: dout.sum()),
        ("db has a 1/N it must not have: db = np.sum(dout, axis=0).", lambda: dout.sum(axis=0) / N)]))


@EXERCISES.check("Affine", ref_layers.Affine)
def check_affine(Affine):
    """A batch of 3 examples of 4 features into 5 units, then one example of 3 features into 2 units."""
    c = _Check("Affine", raised=AFFINE_RAISED)
    _check_affine(c, Affine, *fixtures.layer_case(12, 3, 4, 5))
    _check_affine(c, Affine, *fixtures.layer_case(22, 1, 3, 2))   # a batch of one example
    c.done()


@EXERCISES.hidden("Affine")
def hidden_check_affine(Affine):
    for seed, N, D, H in [(15, 4, 4, 4), (13, 1, 3, 2), (14, 6, 2, 7)]:
        c = _Check(f"Affine (N = {N}, D = {D}, H = {H})", quiet=True, raised=AFFINE_RAISED)
        _check_affine(c, Affine, *fixtures.layer_case(seed, N, D, H), numeric=True)


# ---- SoftmaxWithLoss --------------------------------------------------------------------------------
RAW_SCORES = ("the loss takes the log of the raw scores x, which can be negative: the loss is the cross-entropy "
              "error of the probabilities, cross_entropy_error(softmax(x), t), i.e. of self.y = softmax(x).")
SWL_RAISED = (("invalid value encountered in log", RAW_SCORES), ("divide by zero", LOG_OF_ZERO), ("overflow", OVERFLOW),
              ("could not be broadcast", "t may hold labels (N,) as well as one-hot rows: in backward turn labels "
                                         "into one-hot rows first (np.eye(C)[t]) before y - t."),
              ("AttributeError", "keep the softmax output and the targets of forward (self.y, self.t): backward "
                                 "needs them."))


def _check_softmax_with_loss(c, SoftmaxWithLoss, scores, labels, one_hot, numeric=False):
    __tracebackhide__ = True
    N = scores.shape[0]
    y = ref_functions.softmax(scores)
    for t, kind in ((one_hot, "one-hot"), (labels, "label")):
        layer = _call(c, SoftmaxWithLoss)
        loss = _call(c, layer.forward, scores, t, names=["x", "t"])
        c.equal(f"the loss ({kind} targets)", loss, ref_functions.cross_entropy_error(y, t),
                _mistakes([(RAW_SCORES,
                            lambda t=t: ref_functions.cross_entropy_error(scores, t))]))
        dx = _call(c, layer.backward, names=[])
        if numeric:
            # the gradient of the mean of -log softmax(x)[label], the loss without its guard
            xc = scores.copy()

            def unguarded(_):
                shifted = xc - xc.max(axis=1, keepdims=True)
                log_y = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
                return -np.mean(log_y[np.arange(N), labels])
            expected = numerical_gradient(unguarded, xc)
        else:
            expected = (y - one_hot) / N
        mistakes = [
            ("dx is computed from the scores x; it is (y - t) / N with y = softmax(x), the probabilities forward "
             "kept.", lambda: (scores - one_hot) / N),
            ("dx has the wrong sign: dx = (y - t) / N.", lambda: (one_hot - y) / N)]
        if N > 1:
            mistakes.insert(0, (f"dx misses the 1/N: the loss is the average over the batch, so dx = (y - t) / N "
                                f"with N = {N}.", lambda: y - one_hot))
        c.equal(f"backward() ({kind} targets)", dx, expected, _mistakes(mistakes))


@EXERCISES.check("SoftmaxWithLoss", ref_layers.SoftmaxWithLoss)
def check_softmax_with_loss(SoftmaxWithLoss):
    """A batch of 4 examples and 3 classes, then a batch of one, with one-hot and with label targets."""
    c = _Check("SoftmaxWithLoss", raised=SWL_RAISED)
    scores, labels, one_hot = fixtures.classification_batch(16, 4, 3, 3)
    _check_softmax_with_loss(c, SoftmaxWithLoss, 2 * scores, labels, one_hot)
    scores, labels, one_hot = fixtures.classification_batch(23, 1, 3, 3)   # a batch of one example
    _check_softmax_with_loss(c, SoftmaxWithLoss, 2 * scores, labels, one_hot)
    c.done()


@EXERCISES.hidden("SoftmaxWithLoss")
def hidden_check_softmax_with_loss(SoftmaxWithLoss):
    for seed, N, C in [(17, 1, 4), (18, 8, 10), (19, 5, 2)]:
        scores, labels, one_hot = fixtures.classification_batch(seed, N, C, C)
        c = _Check(f"SoftmaxWithLoss (N = {N}, C = {C})", quiet=True, raised=SWL_RAISED)
        _check_softmax_with_loss(c, SoftmaxWithLoss, 3 * scores, labels, one_hot, numeric=True)


# ---- TwoLayerNet ------------------------------------------------------------------------------------
BOOK_SIGNATURE = ("this course's TwoLayerNet(input_size, hidden_size, output_size, weight_init_std=0.01, seed=0) "
                  "takes a seed and draws W1, then W2, from np.random.RandomState(seed) (the book's draws from "
                  "np.random, numpy's global generator).")
AFFINE_COPIES = ("predict does not see a change made to net.params in place, and TwoLayerNet builds its layers on "
                 "self.params as it should: your Affine copies W and b (W.copy(), np.array(W), W + 0 ...). Keep "
                 "the arrays themselves, self.W = W and self.b = b, since training updates them in place and the "
                 "layer must see it.")
NET_RAISED = (("unexpected keyword argument 'seed'", BOOK_SIGNATURE),
              ("unexpected keyword argument 'weight_init_std'", BOOK_SIGNATURE),
    ("matmul", "the shapes do not line up in a matrix product. In gradient, after self.last_layer.backward(1), "
               "visit the layers in reverse order, reversed(list(self.layers.values())), each backward taking the "
               "dout the one after it returned; each Affine computes x @ W + b with its own W (D, H)."),
    ("could not be broadcast", "the shapes do not fit in backward: after self.last_layer.backward(1), visit the "
                               "layers in reverse order, reversed(list(self.layers.values())).")
) + AFFINE_RAISED[1:] + SWL_RAISED[:1] + (
    ("KeyError", "net.params holds the keys 'W1', 'b1', 'W2', 'b2', and numerical_gradient and gradient return "
                 "dicts with the same keys."),)
SHARED = ("predict does not see a change made to net.params in place: the layers must hold the very arrays of "
          "self.params (Affine(self.params['W1'], self.params['b1'])), not copies, because training updates "
          "them in place (net.params[key] -= learning_rate * grads[key]).")
COPIED_FOR_NUMERICAL = ("the numerical gradient is 0: the loss does not see the perturbed parameters. Pass "
                        "numerical_gradient the arrays of self.params themselves, which it perturbs in place "
                        "and restores, with a function that computes self.loss(x, t).")


def _net_case(seed, input_size, hidden_size, output_size, N):
    """Random parameters (scaled, redrawn until no hidden unit's input is near 0) and a batch."""
    rng = np.random.RandomState(seed)
    x, labels, one_hot = fixtures.classification_batch(seed, N, input_size, output_size)
    while True:
        params = {"W1": rng.randn(input_size, hidden_size) / np.sqrt(input_size), "b1": 0.1 * rng.randn(hidden_size),
                  "W2": rng.randn(hidden_size, output_size) / np.sqrt(hidden_size), "b2": 0.1 * rng.randn(output_size)}
        if np.min(np.abs(x @ params["W1"] + params["b1"])) > 1e-2:
            return params, x, labels, one_hot


def _reference_net(params):
    net = ref_layers.TwoLayerNet(*params["W1"].shape, params["W2"].shape[1])
    for key, value in params.items():
        net.params[key][...] = value
    return net


def _sees_old_parameters(scores, initial, values, x):
    """Whether ``scores`` are those of the network with some of its parameters as they were before net.params was
    changed in place (the layers hold copies of those): any mix of initial and new W1, b1, W2, b2."""
    import itertools

    for old in itertools.product((False, True), repeat=4):
        if not any(old):
            continue
        mix = {key: initial[key] if was else values[key] for key, was in zip(("W1", "b1", "W2", "b2"), old)}
        if same(scores, _reference_net(mix).predict(x)):
            return True
    return False


def _copies_in_affine(TwoLayerNet, input_size, hidden_size, output_size, weight_init_std, seed, values, x, reference):
    """Whether the student's TwoLayerNet, built on the course's Affine, sees parameters changed in place: then the
    copy that hid the change was made by the student's Affine, not by the network."""
    try:
        with names_replaced(TwoLayerNet, Affine=ref_layers.Affine), np.errstate(all="ignore"):
            net = TwoLayerNet(input_size, hidden_size, output_size, weight_init_std=weight_init_std, seed=seed)
            for key, value in values.items():
                net.params[key][...] = value
            return same(net.predict(x), reference.predict(x))
    except Exception:
        return False


def _check_net(c, TwoLayerNet, input_size, hidden_size, output_size, weight_init_std, seed, N):
    __tracebackhide__ = True
    net = _call(c, TwoLayerNet, input_size, hidden_size, output_size, weight_init_std=weight_init_std, seed=seed,
                names=["input_size", "hidden_size", "output_size"])
    params = getattr(net, "params", None)
    c.keys("net.params", params, ["W1", "b1", "W2", "b2"], "self.params = {'W1': ..., 'b1': ..., 'W2': ..., 'b2': ...}")
    initial = ref_layers.TwoLayerNet(input_size, hidden_size, output_size, weight_init_std, seed).params
    draws = np.random.RandomState(seed)
    uniform = {"W1": draws.rand(input_size, hidden_size), "W2": draws.rand(hidden_size, output_size),
               "b1": None, "b2": None}
    for key in ("W1", "b1", "W2", "b2"):
        c.equal(f"the initial net.params['{key}']", params[key], initial[key], _mistakes([
            ("the weights are drawn with the shape (output, input): examples are rows here, so W1 is "
             "(input_size, hidden_size) and W2 is (hidden_size, output_size).", lambda k=key: initial[k].T),
            ("the biases are 1-D here, np.zeros(hidden_size) and np.zeros(output_size), and they start at zero.",
             lambda k=key: initial[k].reshape(1, -1)),
            ("the weights are not scaled: multiply the standard normal draws by weight_init_std.",
             lambda k=key: initial[k] / weight_init_std),
            ("the weights are drawn with rng.rand (uniform in [0, 1), all positive) and not scaled: draw them with "
             "rng.randn (standard normal, as many negative as positive) and multiply by weight_init_std.",
             lambda k=key: uniform[k]),
            ("the weights are drawn with rng.rand (uniform in [0, 1), all positive): draw them with rng.randn "
             "(standard normal), times weight_init_std.", lambda k=key: uniform[k] * weight_init_std),
        ]))
    # give the network random parameters, in place: the layers must see them
    values, x, labels, one_hot = _net_case(seed + 100, input_size, hidden_size, output_size, N)
    for key, value in values.items():
        params[key][...] = value
    reference = _reference_net(values)
    scores = _call(c, net.predict, x, names=["x"])
    if not same(scores, reference.predict(x)) and _sees_old_parameters(scores, initial, values, x):
        c.fail("predict(x) is wrong.", AFFINE_COPIES if _copies_in_affine(TwoLayerNet, input_size, hidden_size, output_size,
                                                                           weight_init_std, seed, values, x, reference)
               else SHARED, show_values=False)
    c.equal("predict(x)", scores, reference.predict(x))
    for t, kind in ((one_hot, "one-hot"), (labels, "label")):
        c.equal(f"loss(x, t) ({kind} targets)", _call(c, net.loss, x, t, names=["x", "t"]), reference.loss(x, t))
        accuracy = _call(c, net.accuracy, x, t, names=["x", "t"])
        c.equal(f"accuracy(x, t) ({kind} targets)", accuracy, reference.accuracy(x, t), _mistakes([
            ("accuracy is the fraction of correct rows: divide the count by the number of examples N.",
             lambda t=t: reference.accuracy(x, t) * N)]))
    for t, kind in ((one_hot, "one-hot"), (labels, "label")):
        expected = reference.gradient(x, t)
        grads = _call(c, net.gradient, x, t, names=["x", "t"])
        c.keys(f"gradient(x, t) ({kind} targets)", grads, ["W1", "b1", "W2", "b2"],
               "return {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}: the dW and db of the two Affine layers.")
        for key in ("W1", "b1", "W2", "b2"):
            c.equal(f"gradient(x, t)['{key}'] ({kind} targets)", grads[key], expected[key], _mistakes([(
                "the gradients of the first layer do not get through: backward must visit the layers in REVERSE "
                "order (reversed(list(self.layers.values()))), each taking the dout the one after it returned.",
                lambda: np.zeros_like(expected[key]))]))
    before = {key: params[key].copy() for key in params}
    numerical = _call(c, net.numerical_gradient, x, one_hot, names=["x", "t"])
    c.keys("numerical_gradient(x, t)", numerical, ["W1", "b1", "W2", "b2"],
           "return {'W1': ..., 'b1': ..., 'W2': ..., 'b2': ...}, one numerical gradient per parameter.")
    c.that(all(np.array_equal(params[key], before[key]) for key in params),
           "numerical_gradient left net.params changed.",
           "perturb each entry and put it back exactly: numerical_gradient from dnn_utils does that for you.")
    numeric = ref_layers.TwoLayerNet.numerical_gradient(reference, x, one_hot)
    for key in ("W1", "b1", "W2", "b2"):
        c.equal(f"numerical_gradient(x, t)['{key}']", numerical[key], numeric[key],
                _mistakes([(COPIED_FOR_NUMERICAL, lambda: np.zeros_like(numeric[key]))]), atol=1e-6, rtol=1e-5)


@EXERCISES.check("TwoLayerNet", ref_layers.TwoLayerNet)
def check_two_layer_net(TwoLayerNet):
    """TwoLayerNet(4, 5, 3, weight_init_std=0.1, seed=2) on a batch of 6, then TwoLayerNet(3, 4, 2,
    weight_init_std=0.05, seed=4) on a batch of one."""
    c = _Check("TwoLayerNet", raised=NET_RAISED)
    _check_net(c, TwoLayerNet, 4, 5, 3, 0.1, 2, 6)
    _check_net(c, TwoLayerNet, 3, 4, 2, 0.05, 4, 1)   # a batch of one example, as the hidden check runs too
    c.done()


@EXERCISES.hidden("TwoLayerNet")
def hidden_check_two_layer_net(TwoLayerNet):
    for input_size, hidden_size, output_size, weight_init_std, seed, N in [(3, 2, 2, 0.01, 0, 1), (6, 8, 4, 1.0, 5, 9)]:
        c = _Check(f"TwoLayerNet({input_size}, {hidden_size}, {output_size})", quiet=True, raised=NET_RAISED)
        _check_net(c, TwoLayerNet, input_size, hidden_size, output_size, weight_init_std, seed, N)
