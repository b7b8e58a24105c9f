"""Checks of notebook 06_regularization: compute_cost_with_regularization,
backward_propagation_with_regularization, forward_propagation_with_dropout,
backward_propagation_with_dropout.

``check_*`` run the documented cases and print one success line. ``hidden_check_*`` print nothing when
they pass. The hidden checks of the two backward passes do not depend on one implementation: they compare
the student's gradients with centred numerical gradients (``dnn_utils.numerical_gradient``) of the
L2-regularised cost, or of the cost with the dropout masks held fixed, on small random networks drawn so
that no ReLU input lies near its kink. The forward pass with dropout is compared with the reference in
``dnn_utils.three_layer``: the masks it must draw are fixed by the contract (``rng.rand(*A.shape) <
keep_prob``, D1 then D2).

Convention (COURSE.md): dW and db are gradients of the cost (averaged over m); dA1 and dA2 are gradients
of the loss summed over the m examples, with respect to the output of the ReLU of layer 1 and 2 (before
the dropout mask).
"""
import copy
import re

import numpy as np

from dnn_utils import compute_cost, numerical_gradient, sigmoid
from dnn_utils import three_layer as reference

from . import fixtures
from .checks import Check, Exercises, Mistake, call_advice, same
from .checks import mistakes as _mistakes
from .expected import EXPECTED

#: the graded exercises, in the notebook's order (a failed check looks for its root cause in the earlier ones)
EXERCISES = Exercises()

#: below this absolute difference two gradients agree whatever their relative error (round-off)
GRAD_ATOL = 1e-8
#: random cases are redrawn until every ReLU input is at least this far from its kink at 0
KINK = 1e-2

WEIGHTS = ("W1", "W2", "W3")
PARAMETER_GRADS = ("dW1", "db1", "dW2", "db2", "dW3", "db3")
#: the gradients in the order the backward pass computes them (the first wrong one is the cause)
BACKWARD_ORDER = ("dW3", "db3", "dA2", "dW2", "db2", "dA1", "dW1", "db1")
CACHE_NAMES = ("Z1", "D1", "A1", "W1", "b1", "Z2", "D2", "A2", "W2", "b2", "Z3", "A3", "W3", "b3")
SIGN_ADVICE = "it has the wrong sign: check the minus signs in your formula."

#: (seed, layer_dims, m, lambd or keep_prob) of the random networks of the hidden checks
RANDOM_L2 = [(1, (2, 3, 2, 1), 1, 0.7), (2, (3, 4, 3, 1), 5, 0.1), (3, (2, 5, 3, 1), 4, 2.5),
             (4, (4, 2, 3, 1), 3, 0.7)]
RANDOM_DROPOUT = [(1, (2, 3, 2, 1), 2, 0.5), (2, (3, 4, 3, 1), 5, 0.86), (3, (2, 5, 3, 1), 4, 0.7),
                  (4, (4, 2, 3, 1), 3, 0.8), (5, (2, 20, 3, 1), 6, 0.86)]
RANDOM_COSTS = [(1, (2, 3, 2, 1), 1, 0.0), (2, (3, 4, 3, 1), 5, 0.1), (3, (2, 20, 3, 1), 7, 0.7),
                (4, (4, 2, 3, 1), 3, 2.5)]


# ---- messages: the original course's conventions, and errors raised inside the student's code ------------
HELPERS_RETURN_TWO = (
    "relu(Z) and sigmoid(Z) from dnn_utils return two values, (A, Z): write A1, _ = relu(Z1) and "
    "A3, _ = sigmoid(Z3) (or np.maximum(0, Z1) for the ReLU). In the original course these helpers returned A "
    "alone, so A1 = relu(Z1) made A1 the pair (A, Z), a tuple.")
ORIGINAL_RANDOMNESS = (
    " (The original course seeded numpy with np.random.seed(1) and drew np.random.rand(...); in this course the "
    "masks come from the rng argument, D1 = rng.rand(*A1.shape) < keep_prob, with rng = np.random.RandomState(1) "
    "only when rng is None.)")
NO_RNG_ARGUMENT = (
    "the function has no rng argument: in this course it is forward_propagation_with_dropout(X, parameters, "
    "keep_prob=0.5, rng=None) and draws its masks from rng (the original course had no rng and seeded "
    "np.random instead).")


def _shapes_in(problem):
    """The shapes named by a broadcast error, e.g. [(3, 5), (2, 5)]."""
    return [tuple(int(n) for n in group.split(",") if n.strip())
            for group in re.findall(r"\(([\d, ]+)\)", problem.split("shapes", 1)[-1])]


class _Check(Check):
    """A Check that recognises the original course's conventions and names the errors raised inside the
    student's code: a helper's (A, Z) used as A, a mask that meets the activations of the other layer
    (``masks`` holds the two masks' shapes when the check knows them; ``mask_advice`` words it), a numpy
    call given what it does not take."""

    masks = None
    mask_advice = None

    def fail(self, problem, advice=None, expected=None, actual=None, show_values=True):
        __tracebackhide__ = True
        if problem.startswith("calling it raised"):
            shapes = _shapes_in(problem) if "could not be broadcast" in problem else []
            if "'tuple'" in problem:
                advice = HELPERS_RETURN_TWO
            elif "unexpected keyword argument 'rng'" in problem:
                advice = NO_RNG_ARGUMENT
            elif self.masks and len(shapes) == 2 and shapes[0] != shapes[1] and set(shapes) <= set(self.masks):
                advice = self.mask_advice
            else:
                advice = call_advice(problem, self.title.split()[0]) or advice
        elif problem.startswith("it changed numpy's global random state") and self.title.startswith("forward"):
            advice = (advice or "") + ORIGINAL_RANDOMNESS
        super().fail(problem, advice, expected=expected, actual=actual, show_values=show_values)


FORWARD_MASKS = ("D2 is used with A2, but it has the shape of the other layer: every hidden layer draws its own "
                 "mask, with the shape of its own activations, D2 = rng.rand(*A2.shape) < keep_prob after A2 is "
                 "computed (D1, of shape (n[1], m), goes with A1 only; reusing D1 for layer 2 fails as soon as "
                 "the two layers differ in size).")
BACKWARD_MASKS = ("a mask meets the dA of the other layer: each mask goes with the layer it dropped, "
                  "dA2 = dA2 * D2 / keep_prob (D2 has the shape of A2, (n[2], m)) and dA1 = dA1 * D1 / keep_prob "
                  "(D1 has the shape of A1, (n[1], m)). Check which mask each of those two lines uses: D1 "
                  "reused for dA2, or D1 and D2 swapped.")


# ---- shared ----------------------------------------------------------------------------------------
def _check_grads(c, grads, required):
    """grads is a dict holding at least the ``required`` keys (dZ3, ... may be there too)."""
    if not isinstance(grads, dict):
        c.fail("it should return the dict of gradients.", "end the function with `return gradients`.",
               expected=f"dict with keys {sorted(required)}", actual=grads)
    missing = [k for k in required if k not in grads]
    if missing:
        c.fail(f"the gradients have no {', '.join(missing)}.",
               f"return a dict with the keys {', '.join(required)} (and, as the given backward_propagation "
               "does, dZ1, dZ2, dZ3 if you like): the training loop updates the parameters from dW1 .. db3.",
               show_values=False)
    c.ok()


def _random_network(seed, layer_dims, m):
    """X (n[0], m), Y (1, m) and parameters of a 3-layer network from RandomState(seed), with b1, b2, b3
    not zero so that every term of the gradients counts."""
    rng = np.random.RandomState(seed)
    X, Y, parameters = fixtures.random_network(rng, list(layer_dims), m)
    return X, Y, parameters, rng


def _far_from_kinks(*Zs):
    return all(np.min(np.abs(Z)) > KINK for Z in Zs)


# ---- compute_cost_with_regularization -------------------------------------------------------------
def _cost_mistakes(A3, Y, parameters, lambd):
    m = np.shape(Y)[1]
    cross_entropy = compute_cost(A3, Y)
    squares = {k: float(np.sum(np.square(parameters[k]))) for k in WEIGHTS}
    S = sum(squares.values())
    biases = sum(float(np.sum(np.square(parameters["b" + str(l)]))) for l in (1, 2, 3))
    pairs = [
        ("the L2 term is lambd / m times the sum of squares: it is lambd / (2 m). The 1/2 is there so that "
         "its derivative, (lambd / m) * W, comes out without a factor 2.",
         lambda: cross_entropy + lambd / m * S),
        ("the L2 term is missing: add (lambd / (2 m)) * (np.sum(np.square(W1)) + np.sum(np.square(W2)) "
         "+ np.sum(np.square(W3))) to the cross-entropy.", lambda: cross_entropy),
        ("the L2 term is not divided by m (or m is Y.shape[0], which is 1: m = Y.shape[1] is the number of "
         "examples): it is (lambd / (2 m)) * (sum of the squared weights).",
         lambda: cross_entropy + lambd / 2 * S),
        ("the L2 term counts the biases: only the weights W1, W2, W3 are regularised.",
         lambda: cross_entropy + lambd / (2 * m) * (S + biases)),
        ("the L2 term adds up the weights, not their squares: np.sum(np.square(W)) for each W.",
         lambda: cross_entropy + lambd / (2 * m) * sum(float(np.sum(parameters[k])) for k in WEIGHTS)),
        ("the L2 term takes the square root (a norm) of the sums of squares: it uses the squared norms, "
         "np.sum(np.square(W)), as they are.",
         lambda: cross_entropy + lambd / (2 * m) * sum(np.sqrt(v) for v in squares.values())),
        ("the L2 term is subtracted: it is added to the cross-entropy, so that large weights cost more.",
         lambda: cross_entropy - lambd / (2 * m) * S),
    ]
    for k in WEIGHTS:
        pairs.append((f"the L2 term leaves out {k}: it sums the squares of every weight matrix, W1, W2 and W3.",
                      lambda k=k: cross_entropy + lambd / (2 * m) * (S - squares[k])))
    return _mistakes(pairs)


def _check_cost(c, fn, A3, Y, parameters, lambd, expected):
    cost = c.call(fn, A3, Y, parameters, lambd, names=["A3", "Y", "parameters", "lambd"])
    if cost is None:
        c.fail("it returns None.", "end the function with `return cost`.", show_values=False)
    if isinstance(cost, np.ndarray):
        c.fail(f"it returns an ndarray of shape {cost.shape}, not a number.",
               "return a float: float(cost), or float(np.squeeze(cost)) when a sum kept its dimensions.",
               expected=expected, actual=cost)
    if not isinstance(cost, (float, np.floating, int)):
        c.fail(f"it returns a {type(cost).__name__}, not a float.", "return float(cost).",
               expected=expected, actual=cost)
    c.ok()
    c.equal(f"the cost with lambd = {lambd}", float(cost), expected, _cost_mistakes(A3, Y, parameters, lambd))


@EXERCISES.check("compute_cost_with_regularization", reference.compute_cost_with_regularization)
def check_compute_cost_with_regularization(compute_cost_with_regularization):
    """The documented case (lambd = 0.1), then lambd = 0, where the cost is the cross-entropy."""
    c = _Check("compute_cost_with_regularization")
    A3, Y, parameters, lambd = fixtures.compute_cost_with_regularization_case()
    _check_cost(c, compute_cost_with_regularization, A3, Y, parameters, lambd,
                EXPECTED["compute_cost_with_regularization"]["value"])
    A3, Y, parameters, _ = fixtures.compute_cost_with_regularization_case()
    _check_cost(c, compute_cost_with_regularization, A3, Y, parameters, 0.0, compute_cost(A3, Y))
    # one example (m = 1), as the hidden check runs too
    X, Y, parameters, rng = _random_network(7, (2, 3, 2, 1), 1)
    A3 = rng.uniform(0.05, 0.95, (1, 1))
    _check_cost(c, compute_cost_with_regularization, A3, Y, parameters, 0.7,
                reference.compute_cost_with_regularization(A3, Y, parameters, 0.7))
    c.done()


@EXERCISES.hidden("compute_cost_with_regularization")
def hidden_check_compute_cost_with_regularization(compute_cost_with_regularization):
    for seed, layer_dims, m, lambd in RANDOM_COSTS:
        X, Y, parameters, rng = _random_network(seed, layer_dims, m)
        A3 = rng.uniform(0.05, 0.95, (1, m))
        c = _Check(f"compute_cost_with_regularization on a random network (layer_dims = {list(layer_dims)}, "
                  f"m = {m}, lambd = {lambd})", quiet=True)
        _check_cost(c, compute_cost_with_regularization, A3, Y, parameters, lambd,
                    reference.compute_cost_with_regularization(A3, Y, parameters, lambd))
        c.done()


# ---- the backward passes: wrong versions ----------------------------------------------------------
def _backward_variant(X, Y, Z1, A1, W1, b1, Z2, A2, W2, b2, A3, W3, b3, *, weight_term=None, bias_term=None,
                      masks=None, keep_prob=1.0, relu_of="Z", mask_on="dA"):
    """The backward pass with one thing changed.

    weight_term(W) and bias_term(b) are added to dW and db (L2 and its mistakes); masks = (D1, D2) or None
    multiply dA2 and dA1, which are then divided by keep_prob; relu_of says whether the ReLU's derivative
    is read from Z (Z > 0) or from the cached A (A > 0), the two ways students write it.
    """
    m = X.shape[1]
    Y = np.asarray(Y, dtype=float).reshape(A3.shape)
    weight_term = weight_term or (lambda W: 0.0)
    bias_term = bias_term or (lambda b: 0.0)
    dZ3 = A3 - Y
    g = {"dW3": dZ3 @ A2.T / m + weight_term(W3), "db3": np.sum(dZ3, axis=1, keepdims=True) / m + bias_term(b3)}
    dA2 = W3.T @ dZ3
    if mask_on == "dZ":   # the mask and the scaling applied after the ReLU's derivative: dA2 as without dropout
        dZ2 = dA2 * ((Z2 if relu_of == "Z" else A2) > 0) * masks[1] / keep_prob
    else:
        if masks is not None:
            dA2 = dA2 * masks[1]
        dA2 = dA2 / keep_prob
        dZ2 = dA2 * ((Z2 if relu_of == "Z" else A2) > 0)
    g.update(dA2=dA2, dW2=dZ2 @ A1.T / m + weight_term(W2), db2=np.sum(dZ2, axis=1, keepdims=True) / m + bias_term(b2))
    dA1 = W2.T @ dZ2
    if mask_on == "dZ":
        dZ1 = dA1 * ((Z1 if relu_of == "Z" else A1) > 0) * masks[0] / keep_prob
    else:
        if masks is not None:
            dA1 = dA1 * masks[0]
        dA1 = dA1 / keep_prob
        dZ1 = dA1 * ((Z1 if relu_of == "Z" else A1) > 0)
    g.update(dA1=dA1, dW1=dZ1 @ X.T / m + weight_term(W1), db1=np.sum(dZ1, axis=1, keepdims=True) / m + bias_term(b1))
    return g


def _variant_mistakes(compute, variants, keys, extra=(), actual=None):
    """{key: [Mistake, ...]} from (advice, options) variants of the backward pass.

    ``actual``, the student's gradients: when some variants give every one of them, only those are kept
    (where two variants give the same value for one key, the whole set of gradients tells which mistake
    it is)."""
    computed = []
    for advice, options in variants:
        try:
            computed.append((advice, compute(**options)))
        except Exception:  # a variant that cannot be computed on these inputs explains nothing
            pass
    if isinstance(actual, dict):
        def whole(g):
            return all(same(actual[k], g[k]) for k in keys if k in actual)
        computed = [pair for pair in computed if whole(pair[1])] or computed
    mistakes = {}
    for key in keys:
        own = [(advice, lambda g=g, k=key: g[k]) for advice, g in computed]
        mistakes[key] = _mistakes(own + [(advice, lambda f=f, k=key: f(k)) for advice, f in extra])
    return mistakes


def _l2_mistakes(X, Y, cache, lambd, actual=None):
    Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3 = cache
    m = X.shape[1]

    def compute(**options):
        return _backward_variant(X, Y, Z1, A1, W1, b1, Z2, A2, W2, b2, A3, W3, b3, **options)
    right = compute(weight_term=lambda W: lambd / m * W)
    variants = [
        ("the gradient misses the (lambd / m) * W term: the L2 term of the cost adds (lambd / m) * W[l] to "
         "each dW[l], dW = (1/m) * dZ @ A_prev.T + (lambd / m) * W.", dict(weight_term=lambda W: 0.0)),
        ("the L2 term of dW is (lambd / (2 m)) * W: the derivative of (lambd / (2 m)) * W**2 is "
         "(lambd / m) * W.", dict(weight_term=lambda W: lambd / (2 * m) * W)),
        ("the L2 term of dW is not divided by m: it is (lambd / m) * W.", dict(weight_term=lambda W: lambd * W)),
        ("the L2 term of dW is 2 (lambd / m) * W, the derivative of a cost with lambd / m in front: with the "
         "cost's lambd / (2 m) it is (lambd / m) * W.", dict(weight_term=lambda W: 2 * lambd / m * W)),
        ("the L2 term of dW is subtracted: add (lambd / m) * W, so that gradient descent shrinks the weights.",
         dict(weight_term=lambda W: -lambd / m * W)),
        ("db has a (lambd / m) * b term: only the weights are regularised, so db is the same as without L2.",
         dict(weight_term=lambda W: lambd / m * W, bias_term=lambda b: lambd / m * b)),
    ]
    return _variant_mistakes(compute, variants, BACKWARD_ORDER,
                             extra=[(SIGN_ADVICE, lambda k: -right[k])], actual=actual)


MASK_ON_DZ = (
    "the mask and the 1 / keep_prob are applied to dZ2 (after the ReLU's derivative), not to dA2: dW and db come "
    "out the same, but the dA2 and dA1 returned are those of the network without dropout. Apply them to dA2 "
    "right after dA2 = W3.T @ dZ3, dA2 = dA2 * D2 / keep_prob, then dZ2 = dA2 * (A2 > 0) with nothing more "
    "(and the same for dA1 with D1).")


def _dropout_mistakes(X, Y, cache, keep_prob, actual=None):
    Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3 = cache
    masks = (np.asarray(D1, dtype=float), np.asarray(D2, dtype=float))

    def compute(**options):
        return _backward_variant(X, Y, Z1, A1, W1, b1, Z2, A2, W2, b2, A3, W3, b3, **options)
    right = compute(masks=masks, keep_prob=keep_prob)
    variants = [(MASK_ON_DZ, dict(masks=masks, keep_prob=keep_prob, mask_on="dZ"))]
    for relu_of in ("A", "Z"):
        variants += [
            ("dA is not divided by keep_prob: the forward pass scaled the kept units by 1 / keep_prob, so the "
             "backward pass does too, dA2 = dA2 * D2 / keep_prob (and the same for dA1).",
             dict(masks=masks, keep_prob=1.0, relu_of=relu_of)),
            ("the mask is not applied in the backward pass: a unit that was dropped passed nothing forward, so "
             "it gets no gradient back. Multiply dA2 by D2 (and dA1 by D1), then divide by keep_prob.",
             dict(masks=None, keep_prob=keep_prob, relu_of=relu_of)),
            ("the backward pass ignores dropout: multiply dA2 by the mask D2 from the cache and divide it by "
             "keep_prob, and the same for dA1 with D1.", dict(masks=None, keep_prob=1.0, relu_of=relu_of)),
            ("dA is multiplied by keep_prob: divide it, dA2 = dA2 * D2 / keep_prob, as the forward pass did.",
             dict(masks=masks, keep_prob=1.0 / keep_prob, relu_of=relu_of)),
        ]
    return _variant_mistakes(compute, variants, BACKWARD_ORDER,
                             extra=[(SIGN_ADVICE, lambda k: -right[k])], actual=actual)


def _numeric_l2(X, Y, parameters, lambd):
    """Centred numerical dW, db of the L2-regularised cost (the reference cost of this notebook)."""
    p = copy.deepcopy(parameters)

    def cost(_):
        return reference.compute_cost_with_regularization(reference.forward_propagation(X, p)[0], Y, p, lambd)
    return {"d" + k: numerical_gradient(cost, p[k]) for k in sorted(p)}


def _forward_with_masks(p, D1, D2, keep_prob, X=None, R1=None, R2=None):
    """The forward pass with fixed masks, from X, from R1 (the output of the first ReLU) or R2 (of the
    second). Returns A3."""
    if R2 is None:
        if R1 is None:
            R1 = np.maximum(p["W1"] @ X + p["b1"], 0.0)
        R2 = np.maximum(p["W2"] @ (R1 * D1 / keep_prob) + p["b2"], 0.0)
    return sigmoid(p["W3"] @ (R2 * D2 / keep_prob) + p["b3"])[0]


def _numeric_dropout(X, Y, parameters, D1, D2, keep_prob):
    """Centred numerical dW, db of the cost with the masks held fixed, and dA1, dA2 of m times that cost
    with respect to the outputs of the two ReLUs (before their masks)."""
    p = copy.deepcopy(parameters)
    D1, D2 = np.asarray(D1, dtype=float), np.asarray(D2, dtype=float)
    m = X.shape[1]
    grads = {"d" + k: numerical_gradient(lambda _: compute_cost(_forward_with_masks(p, D1, D2, keep_prob, X=X), Y),
                                         p[k]) for k in sorted(p)}
    R1 = np.maximum(p["W1"] @ X + p["b1"], 0.0)
    R2 = np.maximum(p["W2"] @ (R1 * D1 / keep_prob) + p["b2"], 0.0)
    grads["dA1"] = numerical_gradient(
        lambda r: m * compute_cost(_forward_with_masks(p, D1, D2, keep_prob, R1=r), Y), R1.copy())
    grads["dA2"] = numerical_gradient(
        lambda r: m * compute_cost(_forward_with_masks(p, D1, D2, keep_prob, R2=r), Y), R2.copy())
    return grads


# ---- backward_propagation_with_regularization -----------------------------------------------------
def _call_backward(c, fn, X, Y, cache, arg, arg_name):
    return c.call(fn, X, Y, cache, arg, names=["X", "Y", "cache", arg_name])


@EXERCISES.check("backward_propagation_with_regularization", reference.backward_propagation_with_regularization)
def check_backward_propagation_with_regularization(backward_propagation_with_regularization):
    """The documented case: dW1, dW2, dW3 as documented, db1, db2, db3 as without L2."""
    c = _Check("backward_propagation_with_regularization")
    X, Y, cache, lambd = fixtures.backward_propagation_with_regularization_case()
    expected = reference.backward_propagation_with_regularization(X, Y, cache, lambd)
    expected.update(EXPECTED["backward_propagation_with_regularization"])
    grads = _call_backward(c, backward_propagation_with_regularization, X, Y, cache, lambd, "lambd")
    _check_grads(c, grads, PARAMETER_GRADS)
    mistakes = _l2_mistakes(X, Y, cache, lambd, grads)
    for key in BACKWARD_ORDER:
        if key in PARAMETER_GRADS:
            c.equal(key, grads[key], expected[key], mistakes[key])
    # one example (m = 1), as the hidden check runs too
    X, Y, parameters, cache = _random_l2_case(7, (2, 3, 2, 1), 1)
    sub = _Check("backward_propagation_with_regularization with one example (m = 1, lambd = 0.7)", quiet=True)
    grads = _call_backward(sub, backward_propagation_with_regularization, X, Y, cache, 0.7, "lambd")
    _check_grads(sub, grads, PARAMETER_GRADS)
    expected = reference.backward_propagation_with_regularization(X, Y, cache, 0.7)
    mistakes = _l2_mistakes(X, Y, cache, 0.7, grads)
    for key in BACKWARD_ORDER:
        if key in PARAMETER_GRADS:
            sub.equal(key, grads[key], expected[key], mistakes[key])
    c.passed += sub.passed
    c.done()


def _random_l2_case(seed, layer_dims, m):
    rng = np.random.RandomState(seed)
    while True:
        X, Y, parameters = fixtures.random_network(rng, list(layer_dims), m)
        _, cache = reference.forward_propagation(X, parameters)
        if _far_from_kinks(cache[0], cache[4]):
            return X, Y, parameters, cache


@EXERCISES.hidden("backward_propagation_with_regularization")
def hidden_check_backward_propagation_with_regularization(backward_propagation_with_regularization):
    """Random networks: dW and db against the numerical gradient of the L2-regularised cost."""
    for seed, layer_dims, m, lambd in RANDOM_L2:
        X, Y, parameters, cache = _random_l2_case(seed, layer_dims, m)
        numeric = _numeric_l2(X, Y, parameters, lambd)
        c = _Check(f"backward_propagation_with_regularization on a random network (layer_dims = "
                  f"{list(layer_dims)}, m = {m}, lambd = {lambd})", quiet=True)
        grads = _call_backward(c, backward_propagation_with_regularization, X, Y, cache, lambd, "lambd")
        _check_grads(c, grads, PARAMETER_GRADS)
        mistakes = _l2_mistakes(X, Y, cache, lambd, grads)
        for key in BACKWARD_ORDER:
            if key in PARAMETER_GRADS:
                c.gradient(key, grads[key], numeric[key], mistakes[key], atol=GRAD_ATOL)
        c.done()


# ---- forward_propagation_with_dropout -------------------------------------------------------------
def _forward_variant(X, parameters, keep_prob, rng, *, compare=np.less, scale=True, draw="rand",
                     before_relu=False, mask_output=False, mask_input=False, reseed_each=False, reuse_mask=False):
    """The forward pass with dropout, with one thing changed; returns (A3, cache) like the reference."""
    p = parameters

    def mask(shape):
        source = np.random.RandomState(1) if reseed_each else rng
        numbers = source.rand(*shape) if draw == "rand" else source.randn(*shape)
        return compare(numbers, keep_prob)

    def drop(A, D):
        return A * D / keep_prob if scale else A * D
    if mask_input:
        X = drop(X, mask(X.shape))
    Z1 = p["W1"] @ X + p["b1"]
    D1 = mask(Z1.shape)
    if before_relu:
        Z1 = drop(Z1, D1)
        A1 = np.maximum(Z1, 0.0)
    else:
        A1 = drop(np.maximum(Z1, 0.0), D1)
    Z2 = p["W2"] @ A1 + p["b2"]
    D2 = D1 if reuse_mask else mask(Z2.shape)
    if before_relu:
        Z2 = drop(Z2, D2)
        A2 = np.maximum(Z2, 0.0)
    else:
        A2 = drop(np.maximum(Z2, 0.0), D2)
    Z3 = p["W3"] @ A2 + p["b3"]
    A3 = sigmoid(Z3)[0]
    if mask_output:
        A3 = drop(A3, mask(A3.shape))
    return A3, (Z1, D1, A1, p["W1"], p["b1"], Z2, D2, A2, p["W2"], p["b2"], Z3, A3, p["W3"], p["b3"])


FORWARD_VARIANTS = [
    ("the kept activations are not divided by keep_prob. Inverted dropout scales them up, A1 = A1 * D1 / "
     "keep_prob, so that their expected value is what it would be without dropout, and nothing needs to "
     "change at prediction time.", dict(scale=False)),
    ("the mask is compared the wrong way: D = rng.rand(*A.shape) < keep_prob keeps a unit with probability "
     "keep_prob; with > it keeps only a fraction 1 - keep_prob.", dict(compare=np.greater)),
    ("the mask is applied before the ReLU: Z1 = W1 @ X + b1 is the linear part and stays as it is in the "
     "cache; the mask drops the activations, A1 = relu(Z1) * D1 / keep_prob.", dict(before_relu=True)),
    ("the mask is drawn with rng.randn (normal numbers): draw uniform numbers in [0, 1) with "
     "rng.rand(*A1.shape), so that rng.rand(...) < keep_prob holds with probability keep_prob.",
     dict(draw="randn")),
    ("the mask is rng.randn(...) > keep_prob: normal numbers, compared the wrong way, keep a unit with a "
     "probability that has nothing to do with keep_prob. Draw uniform numbers in [0, 1) and keep those below "
     "keep_prob: D1 = rng.rand(*A1.shape) < keep_prob.", dict(draw="randn", compare=np.greater)),
    (FORWARD_MASKS, dict(reuse_mask=True)),
    ("the output layer is dropped out too: dropout applies to the hidden layers 1 and 2 only; A3 is the "
     "network's prediction.", dict(mask_output=True)),
    ("the input X is dropped out too: in this network dropout applies to the hidden layers 1 and 2 only, "
     "and the first mask drawn is D1, for A1.", dict(mask_input=True)),
    ("each mask starts the random stream again (a new RandomState(1) per mask): draw D1 and then D2 from "
     "the one rng.", dict(reseed_each=True)),
    ("the masks do not come from the rng the function is given: they are those of a new "
     "np.random.RandomState(1). Create RandomState(1) only when rng is None, and otherwise draw from the rng "
     "you are given (the training loop passes one rng to every iteration, so that each draws new masks).",
     dict(ignore_rng=True)),
]


def _forward_mistakes(X, parameters, keep_prob, rng_seed, actual=None):
    """{cache entry or "A3": [Mistake, ...]}; each variant draws from a fresh RandomState(rng_seed) (or, the one
    that ignores the rng it is given, from RandomState(1)). ``actual``, the student's (A3, cache): when some
    variants give all of it, only those are kept (two that agree on D1 may differ on D2)."""
    computed = []
    for advice, options in FORWARD_VARIANTS:
        options = dict(options)
        seed = 1 if options.pop("ignore_rng", False) else rng_seed
        if seed == rng_seed and advice.startswith("the masks do not come from the rng"):
            continue   # the rng given is RandomState(1) itself: nothing to tell apart
        try:
            A3, cache = _forward_variant(X, parameters, keep_prob, np.random.RandomState(seed), **options)
        except Exception:  # cannot be computed on these inputs: explains nothing
            continue
        computed.append((advice, dict(zip(CACHE_NAMES, cache), A3=A3)))
    if actual is not None:
        def whole(values):
            given = dict(zip(CACHE_NAMES, actual[1]), A3=actual[0])
            return all(same(_as_float(given[n]), values[n]) for n in given if n[0] not in "Wb")
        computed = [pair for pair in computed if whole(pair[1])] or computed
    return {name: _mistakes([(advice, lambda v=values, n=name: v[n]) for advice, values in computed])
            for name in CACHE_NAMES}


def _as_float(value):
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return value


def _check_forward(c, fn, X, parameters, keep_prob, rng, rng_seed, expected_A3=None):
    """One call; A3 and the whole cache against the reference drawing from RandomState(rng_seed)."""
    kwargs = {} if rng is None else {"rng": rng}
    c.masks = [(parameters["W1"].shape[0], X.shape[1]), (parameters["W2"].shape[0], X.shape[1])]
    c.mask_advice = FORWARD_MASKS
    result = c.call(fn, X, parameters, keep_prob, names=["X", "parameters", "keep_prob"], **kwargs)
    A3, cache = c.unpack(result, ["A3", "cache"])
    if isinstance(A3, tuple) or (isinstance(cache, (tuple, list)) and any(isinstance(v, tuple) for v in cache)):
        c.fail("A3 or an entry of the cache is a tuple, not an array.", HELPERS_RETURN_TWO, show_values=False)
    ref_A3, ref_cache = reference.forward_propagation_with_dropout(X, parameters, keep_prob,
                                                                   np.random.RandomState(rng_seed))
    if not isinstance(cache, (tuple, list)) or len(cache) != len(CACHE_NAMES):
        c.fail(f"the cache should be a tuple of {len(CACHE_NAMES)} values.",
               f"return cache = ({', '.join(CACHE_NAMES)}): the masks go in beside the activations they drop.",
               expected=f"tuple of length {len(CACHE_NAMES)}", actual=cache)
    c.ok()
    mistakes = _forward_mistakes(X, parameters, keep_prob, rng_seed, (A3, cache))
    for name, actual, expected in zip(CACHE_NAMES, cache, ref_cache):
        if name[0] in "Wb":
            continue
        if name[0] == "D" and isinstance(actual, np.ndarray) and actual.dtype.kind == "f" \
                and not np.all(np.isin(actual, (0.0, 1.0))):
            c.fail(f"{name} in the cache is not a mask of 0s and 1s.",
                   f"{name} = rng.rand(*A{name[1]}.shape) < keep_prob: the comparison turns the random "
                   "numbers into the mask (True / 1 keeps the unit).", expected=expected, actual=actual)
        c.equal(f"{name} in the cache", _as_float(actual), np.asarray(expected, dtype=float), mistakes[name])
    mistakes_A3 = mistakes["A3"]
    c.equal("A3", A3, ref_A3 if expected_A3 is None else expected_A3, mistakes_A3)
    return A3


RESEED_ADVICE = ("the masks come out the same on every call with the same rng: the function starts a new "
                 "random stream each time (np.random.RandomState(1) even when an rng is given?). Draw from "
                 "the rng you are given, and create RandomState(1) only when rng is None: the training loop "
                 "passes one rng to every iteration so that each one drops different units.")


def _check_fresh_masks(c, fn, X, parameters, keep_prob, seed):
    """Two calls with one RandomState(seed): the second draws the next numbers of the stream."""
    rng = np.random.RandomState(seed)
    first = c.call(fn, X, parameters, keep_prob, rng=rng, names=["X", "parameters", "keep_prob"])
    second = c.call(fn, X, parameters, keep_prob, rng=rng, names=["X", "parameters", "keep_prob"])
    A3_first, _ = c.unpack(first, ["A3", "cache"])
    A3_second, _ = c.unpack(second, ["A3", "cache"])
    stream = np.random.RandomState(seed)
    reference.forward_propagation_with_dropout(X, parameters, keep_prob, stream)
    expected, _ = reference.forward_propagation_with_dropout(X, parameters, keep_prob, stream)
    if np.allclose(np.asarray(A3_first, dtype=float), np.asarray(A3_second, dtype=float)) \
            and not np.allclose(expected, A3_first):
        c.fail("a second call with the same rng gave the same A3.", RESEED_ADVICE, show_values=False)
    c.equal("A3 of a second call with the same rng (the stream goes on)", A3_second, expected,
            [Mistake(RESEED_ADVICE, lambda: A3_first)])


@EXERCISES.check("forward_propagation_with_dropout", reference.forward_propagation_with_dropout)
def check_forward_propagation_with_dropout(forward_propagation_with_dropout):
    """The documented case (rng=None, so RandomState(1)), the same with rng=RandomState(1), then two calls
    sharing one rng."""
    c = _Check("forward_propagation_with_dropout")
    documented = EXPECTED["forward_propagation_with_dropout"]["A3"]
    X, parameters, keep_prob = fixtures.forward_propagation_with_dropout_case()
    _check_forward(c, forward_propagation_with_dropout, X, parameters, keep_prob, None, 1, documented)
    X, parameters, keep_prob = fixtures.forward_propagation_with_dropout_case()
    _check_forward(c, forward_propagation_with_dropout, X, parameters, keep_prob, np.random.RandomState(1), 1,
                   documented)
    X, parameters, keep_prob = fixtures.forward_propagation_with_dropout_case()
    _check_fresh_masks(c, forward_propagation_with_dropout, X, parameters, keep_prob, 1)
    # keep_prob = 1 keeps every unit: the plain forward pass (the hidden check runs it too)
    X, parameters, _ = fixtures.forward_propagation_with_dropout_case()
    sub = _Check("forward_propagation_with_dropout with keep_prob = 1", quiet=True)
    _check_forward(sub, forward_propagation_with_dropout, X, parameters, 1.0, np.random.RandomState(1), 1,
                   reference.forward_propagation(X, parameters)[0])
    c.passed += sub.passed
    c.done()


@EXERCISES.hidden("forward_propagation_with_dropout")
def hidden_check_forward_propagation_with_dropout(forward_propagation_with_dropout):
    """Random networks and seeds; keep_prob = 1 must give the plain forward pass."""
    for seed, layer_dims, m, keep_prob in RANDOM_DROPOUT + [(6, (3, 4, 2, 1), 3, 1.0)]:
        X, Y, parameters, _ = _random_network(seed, layer_dims, m)
        c = _Check(f"forward_propagation_with_dropout on a random network (layer_dims = {list(layer_dims)}, "
                  f"m = {m}, keep_prob = {keep_prob}, rng = RandomState({10 + seed}))", quiet=True)
        expected_A3 = reference.forward_propagation(X, parameters)[0] if keep_prob == 1 else None
        _check_forward(c, forward_propagation_with_dropout, X, parameters, keep_prob,
                       np.random.RandomState(10 + seed), 10 + seed, expected_A3)
        if keep_prob < 1:
            _check_fresh_masks(c, forward_propagation_with_dropout, X, parameters, keep_prob, 10 + seed)
        c.done()


# ---- backward_propagation_with_dropout ------------------------------------------------------------
@EXERCISES.check("backward_propagation_with_dropout", reference.backward_propagation_with_dropout)
def check_backward_propagation_with_dropout(backward_propagation_with_dropout):
    """The documented case: dA1 and dA2 as documented, the other gradients as the reference gives them."""
    c = _Check("backward_propagation_with_dropout")
    X, Y, cache, keep_prob = fixtures.backward_propagation_with_dropout_case()
    expected = reference.backward_propagation_with_dropout(X, Y, cache, keep_prob)
    expected.update(EXPECTED["backward_propagation_with_dropout"])
    c.masks, c.mask_advice = [np.shape(cache[1]), np.shape(cache[6])], BACKWARD_MASKS
    grads = _call_backward(c, backward_propagation_with_dropout, X, Y, cache, keep_prob, "keep_prob")
    _check_grads(c, grads, PARAMETER_GRADS + ("dA1", "dA2"))
    mistakes = _dropout_mistakes(X, Y, cache, keep_prob, grads)
    for key in BACKWARD_ORDER:
        c.equal(key, grads[key], expected[key], mistakes[key])
    c.done()


def _random_dropout_case(seed, layer_dims, m, keep_prob):
    rng = np.random.RandomState(seed)
    while True:
        X, Y, parameters = fixtures.random_network(rng, list(layer_dims), m)
        _, cache = reference.forward_propagation_with_dropout(X, parameters, keep_prob, rng)
        if _far_from_kinks(cache[0], cache[5]):
            return X, Y, parameters, cache


@EXERCISES.hidden("backward_propagation_with_dropout")
def hidden_check_backward_propagation_with_dropout(backward_propagation_with_dropout):
    """Random networks with fixed masks: every gradient against the numerical gradient of the cost with
    those masks held fixed."""
    for seed, layer_dims, m, keep_prob in RANDOM_DROPOUT:
        X, Y, parameters, cache = _random_dropout_case(seed, layer_dims, m, keep_prob)
        numeric = _numeric_dropout(X, Y, parameters, cache[1], cache[6], keep_prob)
        c = _Check(f"backward_propagation_with_dropout on a random network (layer_dims = {list(layer_dims)}, "
                  f"m = {m}, keep_prob = {keep_prob})", quiet=True)
        c.masks, c.mask_advice = [np.shape(cache[1]), np.shape(cache[6])], BACKWARD_MASKS
        grads = _call_backward(c, backward_propagation_with_dropout, X, Y, cache, keep_prob, "keep_prob")
        _check_grads(c, grads, PARAMETER_GRADS + ("dA1", "dA2"))
        mistakes = _dropout_mistakes(X, Y, cache, keep_prob, grads)
        for key in BACKWARD_ORDER:
            c.gradient(key, grads[key], numeric[key], mistakes[key], atol=GRAD_ATOL)
        c.done()
