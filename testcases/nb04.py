"""Checks of notebook 04_backward: linear_backward, linear_activation_backward, L_model_backward,
update_parameters.

``check_*`` run the documented cases and print one success line. ``hidden_check_*`` print nothing
when they pass; they do not depend on one fixture: they compare the student's gradients with centred
numerical gradients (``dnn_utils.numerical_gradient``) on random small layers and networks (depths 1
to 4, both activations, m from 1 to 5), drawn so that no ReLU input lies near its kink.

Convention (COURSE.md): dA is the gradient of the loss *summed* over the m examples, so dA[l] is the
gradient of m * cost with respect to A[l], while dW and db are the gradients of the cost itself.
"""
import copy

import numpy as np

import dnn_utils
from dnn_utils import numerical_gradient

from . import fixtures
from .checks import Check, Exercises, Mistake, same
from .checks import mistakes as _mistakes
from .expected import EXPECTED

#: the graded exercises, in the notebook's order (a failed check looks for its root cause in the earlier ones)
EXERCISES = Exercises()

#: below this absolute difference two gradients agree whatever their relative error (round-off)
GRAD_ATOL = 1e-9
#: random cases are redrawn until every ReLU input is at least this far from its kink at 0
KINK = 1e-2

SIGN_ADVICE = "it has the wrong sign: check the minus signs in your formula."
SHAPES_ADVICE = ("the shapes do not line up for a matrix product. dW = (1/m) * dZ @ A_prev.T is (n[l], m) "
                 "times (m, n[l-1]) and dA_prev = W.T @ dZ is (n[l-1], n[l]) times (n[l], m): look for a "
                 "W where W.T belongs, or a transpose missing on A_prev.")


class _Check(Check):
    """A Check whose advice for an exception raised by the student's function, or for an input it
    changed in place, knows that function.

    ``raised`` is a sequence of (text found in the problem, advice). The engine words these failures
    "calling it raised <type>: <message>" and "it changed its input `<name>` in place"; only they are
    re-advised.
    """

    def __init__(self, title, quiet=False, raised=()):
        super().__init__(title, quiet)
        self.raised = raised

    def fail(self, problem, advice=None, expected=None, actual=None, show_values=True):
        if problem.startswith(("calling it raised", "it changed its input")):
            for needle, better in self.raised:
                if needle in problem:
                    advice = better
                    break
        super().fail(problem, advice, expected=expected, actual=actual, show_values=show_values)


LINEAR_RAISED = (("matmul", SHAPES_ADVICE), ("not aligned", SHAPES_ADVICE),
                 ("values to unpack", "the cache of linear_backward is the linear cache (A_prev, W, b): "
                                      "A_prev, W, b = cache."))
ACTIVATION_RAISED = (
    ("values to unpack", "a layer cache is (linear_cache, Z): unpack it with linear_cache, Z = cache, compute "
                         "dZ from dA and Z, then call linear_backward(dZ, linear_cache)."),
    ("inhomogeneous", "the activation's derivative got a tuple where Z belongs: a layer cache is "
                      "(linear_cache, Z), in that order; unpack it with `linear_cache, activation_cache = cache` "
                      "and give activation_cache (Z) to relu_backward or sigmoid_backward."),
    ("input `dA`", "zeroing entries of dA (dA[Z <= 0] = 0) changes the caller's array: relu_backward(dA, Z) "
                   "returns a new one; if you write the derivative yourself, start from a copy, "
                   "dZ = np.array(dA, copy=True)."),
) + LINEAR_RAISED[:2]
L_MODEL_RAISED = (
    ("matmul", "the shapes of a layer's dA and of its cache do not line up: layer l uses caches[l - 1] (caches[0] "
               "is layer 1's, caches[L - 1] the output layer's) and the dA the layer above it returned, "
               "grads['dA' + str(l)]. Check the index of caches in the loop."),
    ("could not be broadcast", "the dA given to a layer has another shape than that layer's Z: each layer l "
                               "takes the dA the layer above it returned, grads['dA' + str(l)] (the gradient "
                               "with respect to A[l]), not the output layer's dA nor dAL. In the loop, read the "
                               "key of the layer at hand, not one fixed before the loop."),
    ("KeyError", "check the range of the loop and how you build the keys: after the output layer L, the "
                 "loop visits l = L-1 down to 1 (reversed(range(1, L))), reads the gradient with respect to "
                 "A[l], grads['dA' + str(l)], and uses caches[l - 1], the cache of layer l."),
    ("list index out of range", "caches[0] is the cache of layer 1 and caches[L-1] the one of layer L: the "
                                "cache of layer l is caches[l - 1]."),
) + ACTIVATION_RAISED
OLDER_NAMING_ADVICE = (
    "this is the older naming, where the gradient coming out of layer l was stored as 'dA' + str(l) (so "
    "'dA1' held the gradient with respect to X). In this course grads['dA' + str(l)] is the gradient with "
    "respect to A[l], for l = 0 .. L-1, and A[0] is X: the backward step of layer l returns dA_prev, the "
    "gradient with respect to A[l-1], so store it as grads['dA' + str(l - 1)]. For a 2-layer network the "
    "keys are dA0, dA1, dW1, db1, dW2, db2.")


# ---- linear_backward -------------------------------------------------------------------------------
def _linear_mistakes(dZ, linear_cache):
    """The catalogue of linear_backward: {"dA_prev": [...], "dW": [...], "db": [...]}."""
    A_prev, W, b = linear_cache
    m = A_prev.shape[1]
    dA_prev, dW, db = dnn_utils.linear_backward(dZ, linear_cache)
    return {
        "dA_prev": _mistakes([
            ("dA_prev is W @ dZ: it is W.T @ dZ, (n[l-1], n[l]) times (n[l], m).", lambda: W @ dZ),
            ("dA_prev has a 1/m it must not have: by the course's convention dA is the gradient of the loss "
             "summed over the examples, so dA_prev = W.T @ dZ; the 1/m enters only dW and db.",
             lambda: dA_prev / m),
            (SIGN_ADVICE, lambda: -dA_prev),
        ]),
        "dW": _mistakes([
            ("dW misses the 1/m: dW = (1/m) * dZ @ A_prev.T, the average over the m examples.",
             lambda: dW * m),
            ("dW is the transpose of what it should be: dW has the shape of W, (n[l], n[l-1]), so "
             "dW = (1/m) * dZ @ A_prev.T.", lambda: dW.T),
            (SIGN_ADVICE, lambda: -dW),
        ]),
        "db": _mistakes([
            ("db is 1-D, shape (n,): np.sum(dZ, axis=1) without keepdims=True, or np.squeeze, drops the "
             "second axis. Keep db a column (n[l], 1) with np.sum(dZ, axis=1, keepdims=True) / m, and no "
             "squeeze.", lambda: np.sum(dZ, axis=1) / m),
            (("db is a single number where the column (1, 1) belongs: np.squeeze, float() or .item() of the "
              "sum drops its shape (and so does np.sum(dZ) with no axis). Keep db a column: "
              "np.sum(dZ, axis=1, keepdims=True) / m, with no squeeze.") if dZ.shape[0] == 1 else
             ("db is a single number: np.sum(dZ) adds over units and examples alike. Sum over the examples "
              "only: np.sum(dZ, axis=1, keepdims=True) / m."), lambda: np.sum(dZ) / m),
            ("db sums over axis 0 (the units): the examples are the columns, so sum over axis=1, "
             "np.sum(dZ, axis=1, keepdims=True) / m.", lambda: np.sum(dZ, axis=0, keepdims=True) / m),
            ("db misses the 1/m: db = (1/m) * np.sum(dZ, axis=1, keepdims=True).", lambda: db * m),
            (SIGN_ADVICE, lambda: -db),
        ]),
    }


def _compare_three(c, results, reference, mistakes, label="", numeric=False):
    """Compare (dA_prev, dW, db) with the reference or numerical values, in that order."""
    for name, actual, expected in zip(("dA_prev", "dW", "db"), results, reference):
        what = name + label
        if numeric:
            c.gradient(what, actual, expected, mistakes[name], atol=GRAD_ATOL)
        else:
            c.equal(what, actual, expected, mistakes[name])


@EXERCISES.check("linear_backward", dnn_utils.linear_backward)
def check_linear_backward(linear_backward):
    """The documented case."""
    c = _Check("linear_backward", raised=LINEAR_RAISED)
    dZ, linear_cache = fixtures.linear_backward_case()
    result = c.call(linear_backward, dZ, linear_cache, names=["dZ", "cache"])
    results = c.unpack(result, ["dA_prev", "dW", "db"])
    expected = EXPECTED["linear_backward"]
    _compare_three(c, results, (expected["dA_prev"], expected["dW"], expected["db"]),
                   _linear_mistakes(dZ, linear_cache))
    c.passed += _linear_backward_layers(linear_backward, SHOWN_LAYERS)
    c.done()


def _numeric_layer(upstream, A_prev, W, b, activation=None):
    """Numerical (dA_prev, dW, db) of one layer: of f = sum(upstream * g(W A_prev + b)), with the 1/m of
    the convention on dW and db (upstream plays the part of dZ, or of dA when there is an activation)."""
    A_prev, W, b = A_prev.copy(), W.copy(), b.copy()
    forward = {None: lambda Z: (Z, Z), "sigmoid": dnn_utils.sigmoid, "relu": dnn_utils.relu}[activation]

    def f(_):
        return np.sum(upstream * forward(W @ A_prev + b)[0])
    m = A_prev.shape[1]
    return numerical_gradient(f, A_prev), numerical_gradient(f, W) / m, numerical_gradient(f, b) / m


def _random_layer(seed, n_prev, n, m):
    """Random A_prev (n_prev, m), W (n, n_prev), b (n, 1), upstream (n, m), redrawn until W A_prev + b
    keeps away from 0 (the ReLU kink)."""
    rng = np.random.RandomState(seed)
    while True:
        A_prev, W, b, upstream = rng.randn(n_prev, m), rng.randn(n, n_prev), rng.randn(n, 1), rng.randn(n, m)
        Z = W @ A_prev + b
        if np.min(np.abs(Z)) > KINK:
            return A_prev, W, b, Z, upstream


#: (seed, n[l-1], n[l], m) of the random layers; one square W, where W and W.T both fit
RANDOM_LAYERS = [(1, 3, 2, 1), (2, 2, 2, 4), (3, 4, 3, 5), (4, 1, 3, 2), (5, 3, 1, 3)]
#: random layers of the visible checks (other seeds): one input unit, one example, several units, so that
#: every kind of layer the hidden checks run is shown in the lab first
SHOWN_LAYERS = [(21, 1, 3, 2), (22, 3, 2, 1)]


def _linear_backward_layers(linear_backward, layers):
    passed = 0
    for seed, n_prev, n, m in layers:
        A_prev, W, b, _, dZ = _random_layer(seed, n_prev, n, m)
        c = _Check(f"linear_backward on a random layer (n[l-1] = {n_prev}, n[l] = {n}, m = {m})", quiet=True,
                   raised=LINEAR_RAISED)
        result = c.call(linear_backward, dZ.copy(), (A_prev.copy(), W.copy(), b.copy()), names=["dZ", "cache"])
        results = c.unpack(result, ["dA_prev", "dW", "db"])
        _compare_three(c, results, _numeric_layer(dZ, A_prev, W, b), _linear_mistakes(dZ, (A_prev, W, b)),
                       numeric=True)
        passed += c.passed
    return passed


@EXERCISES.hidden("linear_backward")
def hidden_check_linear_backward(linear_backward):
    _linear_backward_layers(linear_backward, RANDOM_LAYERS)


# ---- linear_activation_backward -------------------------------------------------------------------
def _activation_mistakes(dA, cache, activation):
    """The catalogue of linear_activation_backward, followed by that of the linear_backward it calls."""
    linear_cache, Z = cache
    other = "relu" if activation == "sigmoid" else "sigmoid"
    swapped = dnn_utils.linear_activation_backward(dA, cache, other)
    linear_only = dnn_utils.linear_backward(dA, linear_cache)
    dZ = (dnn_utils.sigmoid_backward if activation == "sigmoid" else dnn_utils.relu_backward)(dA, Z)
    linear = _linear_mistakes(dZ, linear_cache)
    of_Z = dnn_utils.linear_backward(dA * Z * (1 - Z), linear_cache) if activation == "sigmoid" else None
    mistakes = {}
    for i, name in enumerate(("dA_prev", "dW", "db")):
        if of_Z is not None:
            linear[name] = _mistakes([
                ("the sigmoid's derivative is s * (1 - s) with s = sigmoid(Z), not Z * (1 - Z): the cache holds Z, "
                 "the sigmoid's input. Use sigmoid_backward(dA, Z), or compute s = 1 / (1 + np.exp(-Z)) first.",
                 lambda i=i: of_Z[i])]) + linear[name]
        mistakes[name] = _mistakes([
            (f"this is the gradient through {other!r}, not {activation!r}: the relu and sigmoid "
             "derivatives are swapped. For 'relu' dZ = relu_backward(dA, Z), for 'sigmoid' "
             "dZ = sigmoid_backward(dA, Z).", lambda i=i: swapped[i]),
            ("the activation's derivative is missing: first dZ = dA * g'(Z) (relu_backward(dA, Z) or "
             "sigmoid_backward(dA, Z)), then linear_backward(dZ, linear_cache).", lambda i=i: linear_only[i]),
        ]) + linear[name]
    return mistakes


@EXERCISES.check("linear_activation_backward", dnn_utils.linear_activation_backward)
def check_linear_activation_backward(linear_activation_backward):
    """The documented case, with both activations."""
    c = _Check("linear_activation_backward", raised=ACTIVATION_RAISED)
    expected = EXPECTED["linear_activation_backward"]
    for activation in ("sigmoid", "relu"):
        dA, cache = fixtures.linear_activation_backward_case()
        result = c.call(linear_activation_backward, dA, cache, activation, names=["dA", "cache", "activation"])
        results = c.unpack(result, ["dA_prev", "dW", "db"])
        reference = tuple(expected[f"{activation}_{name}"] for name in ("dA_prev", "dW", "db"))
        _compare_three(c, results, reference, _activation_mistakes(dA, cache, activation),
                       label=f" (activation={activation!r})")
    c.passed += _activation_backward_layers(linear_activation_backward, SHOWN_LAYERS)
    c.done()


@EXERCISES.hidden("linear_activation_backward")
def hidden_check_linear_activation_backward(linear_activation_backward):
    _activation_backward_layers(linear_activation_backward, RANDOM_LAYERS)


def _activation_backward_layers(linear_activation_backward, layers):
    passed = 0
    for seed, n_prev, n, m in layers:
        A_prev, W, b, Z, dA = _random_layer(10 + seed, n_prev, n, m)
        for activation in ("sigmoid", "relu"):
            c = _Check(f"linear_activation_backward on a random layer (n[l-1] = {n_prev}, n[l] = {n}, m = {m}, "
                       f"activation={activation!r})", quiet=True, raised=ACTIVATION_RAISED)
            cache = ((A_prev.copy(), W.copy(), b.copy()), Z.copy())
            result = c.call(linear_activation_backward, dA.copy(), cache, activation,
                            names=["dA", "cache", "activation"])
            results = c.unpack(result, ["dA_prev", "dW", "db"])
            _compare_three(c, results, _numeric_layer(dA, A_prev, W, b, activation),
                           _activation_mistakes(dA, ((A_prev, W, b), Z), activation), numeric=True)
            passed += c.passed
    return passed


# ---- L_model_backward -----------------------------------------------------------------------------
def _grad_keys(L):
    return ["dA" + str(l) for l in range(L)] + [p + str(l) for l in range(1, L + 1) for p in ("dW", "db")]


def _check_grad_keys(c, grads, L):
    """grads is a dict with dA0 .. dA{L-1}, dW1 .. dWL, db1 .. dbL; the older dA1 .. dAL is explained."""
    if not isinstance(grads, dict):
        c.fail("it should return the dict grads.", "end the function with `return grads`.",
               expected=f"dict with keys {_grad_keys(L)}", actual=grads)
    dA_keys = {k for k in grads if isinstance(k, str) and k.startswith("dA")}
    if "dA0" not in grads and dA_keys == {"dA" + str(l) for l in range(1, L + 1)}:
        c.fail(f"grads has the keys {', '.join(sorted(dA_keys))} and no dA0.", OLDER_NAMING_ADVICE,
               show_values=False)
    c.keys("grads", grads, _grad_keys(L),
           f"for L = {L} grads holds exactly {', '.join(_grad_keys(L))}: dA0 .. dA{L - 1}, the gradients with "
           f"respect to A[l] (A[0] = X), then dW and db of the layers 1 .. L; dA{L} itself is not stored. The "
           "output layer L comes first, then the loop must visit every layer l = L-1 down to 1 "
           "(reversed(range(1, L))): check its range.")


def _backward_variant(AL, Y, caches, dAL=None, output="sigmoid", hidden="relu", fixed_dA=False):
    """L_model_backward with one thing changed (the start dAL, the activations, or every hidden layer fed
    the dA the output layer returned)."""
    Y = np.asarray(Y, dtype=float).reshape(AL.shape)
    dA = -(Y / AL - (1 - Y) / (1 - AL)) if dAL is None else dAL
    grads = {}
    L = len(caches)
    for l in reversed(range(1, L + 1)):
        given = grads["dA" + str(L - 1)] if fixed_dA and l < L else dA
        dA, dW, db = dnn_utils.linear_activation_backward(given, caches[l - 1], output if l == L else hidden)
        grads["dA" + str(l - 1)], grads["dW" + str(l)], grads["db" + str(l)] = dA, dW, db
    return grads


def _L_model_variants(AL, Y, caches):
    """[(advice, grads of L_model_backward with that mistake)] on these inputs, the single changes first."""
    Yf = np.asarray(Y, dtype=float).reshape(AL.shape)
    m = AL.shape[1]
    dAL = -(Yf / AL - (1 - Yf) / (1 - AL))
    changes = [
        ("dAL has the wrong sign: the derivative of the loss with respect to AL is "
         "dAL = -(Y / AL - (1 - Y) / (1 - AL)).", dict(dAL=-dAL)),
        ("dAL carries a 1/m: by the course's convention dA is the gradient of the loss summed over the "
         "examples, dAL = -(Y / AL - (1 - Y) / (1 - AL)); the 1/m enters only dW and db.", dict(dAL=dAL / m)),
        ("AL - Y is already dZ of the output layer (sigmoid and cross-entropy together), so it must not go "
         "through the sigmoid's derivative again: start from dAL = -(Y / AL - (1 - Y) / (1 - AL)) with "
         "activation 'sigmoid'.", dict(dAL=AL - Yf)),
        ("the output layer L is LINEAR -> SIGMOID: use activation 'sigmoid' for it (and 'relu' for the "
         "layers before it).", dict(output="relu")),
        ("the hidden layers 1 .. L-1 are LINEAR -> RELU: use activation 'relu' for them.", dict(hidden="sigmoid")),
        ("the activations are swapped: the output layer L is LINEAR -> SIGMOID and the layers before it "
         "LINEAR -> RELU.", dict(output="relu", hidden="sigmoid")),
        ("every hidden layer is given the dA the output layer returned: each layer l takes the dA the layer "
         "above it returned, grads['dA' + str(l)], read in the loop for the layer at hand.", dict(fixed_dA=True)),
    ]
    variants = []
    for advice, change in changes:
        try:
            variants.append((advice, _backward_variant(AL, Y, caches, **change)))
        except Exception:  # a variant that cannot be computed on these inputs explains nothing
            pass
    return variants


def _L_model_mistakes(grads, AL, Y, caches):
    """{key: [Mistake, ...]} for every key of grads.

    A variant that explains the student's whole grads names the mistake for every key (so that, say,
    relu on the output layer is not taken for swapped activations, which share the output layer's
    gradients); otherwise each key gets the variants that explain it alone."""
    L = len(caches)
    keys = _grad_keys(L)
    variants = _L_model_variants(AL, Y, caches)
    whole = [(advice, variant) for advice, variant in variants if all(same(grads[k], variant[k]) for k in keys)]
    if whole:   # several when they coincide on these inputs (one layer: relu at the output, or swapped)
        return {k: [Mistake(advice, lambda v=variant, k=k: v[k]) for advice, variant in whole] for k in keys}
    reference = dnn_utils.L_model_backward(AL, Y, caches)
    mistakes = {}
    for key in keys:
        own = [(advice, lambda v=variant, k=key: v[k]) for advice, variant in variants]
        own.append((SIGN_ADVICE, lambda k=key: -reference[k]))
        mistakes[key] = _mistakes(own)
    return mistakes


def _backward_order(L):
    """The keys of grads in the order backpropagation computes them (the first error is the cause)."""
    return [key for l in reversed(range(1, L + 1)) for key in ("dW" + str(l), "db" + str(l), "dA" + str(l - 1))]


@EXERCISES.check("L_model_backward", dnn_utils.L_model_backward)
def check_L_model_backward(L_model_backward):
    """The documented case: dW1, db1, dA0 as documented, the other gradients as the reference gives them."""
    c = _Check("L_model_backward", raised=L_MODEL_RAISED)
    AL, Y, caches = fixtures.L_model_backward_case()
    reference = dnn_utils.L_model_backward(AL, Y, caches)
    reference.update(EXPECTED["L_model_backward"])
    grads = c.call(L_model_backward, AL, Y, caches, names=["AL", "Y", "caches"])
    L = len(caches)
    _check_grad_keys(c, grads, L)
    shortcut = _shortcut_grads(AL, Y, caches)
    if all(same(grads[key], shortcut[key]) for key in _grad_keys(L)):
        c.passed += len(_grad_keys(L))   # right whenever AL = sigmoid(Z[L]): the networks below verify it
    else:
        mistakes = _L_model_mistakes(grads, AL, Y, caches)
        for key in _backward_order(L):
            c.equal(key, grads[key], reference[key], mistakes[key])
    c.passed += _backward_networks(L_model_backward, SHOWN_NETWORKS)
    c.done()


def _shortcut_grads(AL, Y, caches):
    """L_model_backward with the output layer's dZ taken as AL - Y (sigmoid and cross-entropy together):
    the same gradients whenever AL is the sigmoid of the output layer's Z. The documented case's AL is
    drawn at random (as in the original course's test), so there the shortcut gives other numbers; it is
    accepted, and the random networks of the check, whose AL comes from the forward pass, verify it."""
    L = len(caches)
    Y = np.asarray(Y, dtype=float).reshape(AL.shape)
    grads = {}
    dA, grads["dW" + str(L)], grads["db" + str(L)] = dnn_utils.linear_backward(AL - Y, caches[L - 1][0])
    grads["dA" + str(L - 1)] = dA
    for l in reversed(range(1, L)):
        dA, dW, db = dnn_utils.linear_activation_backward(dA, caches[l - 1], "relu")
        grads["dA" + str(l - 1)], grads["dW" + str(l)], grads["db" + str(l)] = dA, dW, db
    return grads


#: (seed, layer_dims, m) of the random networks: depths 1 to 4, m from 1 to 5
RANDOM_NETWORKS = [(1, [3, 1], 4), (2, [2, 3, 1], 1), (3, [4, 2, 1], 5), (4, [3, 4, 2, 1], 3),
                   (5, [2, 3, 3, 2, 1], 2), (6, [3, 2, 4, 3, 1], 5)]
#: random networks of the visible check (other seeds): one layer with one example, and three layers
SHOWN_NETWORKS = [(21, [3, 1], 1), (22, [3, 4, 2, 1], 2)]


def _random_network(seed, layer_dims, m):
    """fixtures.random_network, redrawn from the same RandomState until no hidden Z is near 0."""
    rng = np.random.RandomState(seed)
    while True:
        X, Y, parameters = fixtures.random_network(rng, layer_dims, m)
        AL, caches = dnn_utils.L_model_forward(X, parameters)
        if all(np.min(np.abs(Z)) > KINK for _, Z in caches[:-1]):
            return X, Y, parameters, AL, caches


def _numeric_grads(X, Y, parameters):
    """Centred numerical gradients: dW, db of the cost; dA[l] of m * cost (the summed loss)."""
    p = copy.deepcopy(parameters)
    X = X.copy()
    m = X.shape[1]
    L = len(p) // 2

    def cost(_):
        return dnn_utils.compute_cost(dnn_utils.L_model_forward(X, p)[0], Y)
    grads = {}
    for l in range(1, L + 1):
        grads["dW" + str(l)] = numerical_gradient(cost, p["W" + str(l)])
        grads["db" + str(l)] = numerical_gradient(cost, p["b" + str(l)])
    _, caches = dnn_utils.L_model_forward(X, p)
    for l in range(L):
        A = caches[l][0][0].copy()  # A[l], the input of layer l + 1
        rest = {}  # layers l+1 .. L, renumbered 1 .. L-l: the same RELU ... SIGMOID pattern
        for k in range(l + 1, L + 1):
            rest["W" + str(k - l)], rest["b" + str(k - l)] = p["W" + str(k)], p["b" + str(k)]
        grads["dA" + str(l)] = numerical_gradient(
            lambda a, rest=rest: m * dnn_utils.compute_cost(dnn_utils.L_model_forward(a, rest)[0], Y), A)
    return grads


@EXERCISES.hidden("L_model_backward")
def hidden_check_L_model_backward(L_model_backward):
    _backward_networks(L_model_backward, RANDOM_NETWORKS)


def _backward_networks(L_model_backward, networks):
    passed = 0
    for seed, layer_dims, m in networks:
        X, Y, parameters, AL, caches = _random_network(seed, layer_dims, m)
        numeric = _numeric_grads(X, Y, parameters)
        c = _Check(f"L_model_backward on a random network (layer_dims = {layer_dims}, m = {m})", quiet=True,
                   raised=L_MODEL_RAISED)
        grads = c.call(L_model_backward, AL, Y, caches, names=["AL", "Y", "caches"])
        L = len(caches)
        _check_grad_keys(c, grads, L)
        mistakes = _L_model_mistakes(grads, AL, Y, caches)
        for key in _backward_order(L):
            c.gradient(key, grads[key], numeric[key], mistakes[key], atol=GRAD_ATOL)
        passed += c.passed
    return passed


# ---- update_parameters ----------------------------------------------------------------------------
SPLIT_ADVICE = (
    "the function returned the values it was given: is the update lost? Python ends a statement at the end "
    "of a line, so in\n"
    "    W = W\n"
    "    - learning_rate * dW\n"
    "the second line is a separate statement whose result is thrown away. Keep the update on one line, or "
    "wrap it in parentheses to continue it on the next. (Or does the loop miss every layer? It runs "
    "l = 1 .. L, range(1, L + 1).)")


UPDATE_RAISED = (
    ("input `parameters`", "the caller's `parameters` changed: the original course's update_parameters wrote "
                           "the new W and b into the dict it was given (parameters['W1'] = ..., or -=). This "
                           "course returns a new dict and leaves the caller's as it was: build new = {} and "
                           "fill it (or start with parameters = copy.deepcopy(parameters)), then return it."),
    ("input `grads`", "grads changed: update_parameters only reads the gradients; compute new arrays "
                      "(W - learning_rate * dW), never assign into grads."),
)


def _update_mistakes(parameters, grads, learning_rate, key):
    W, dW = parameters[key], grads["d" + key]
    return _mistakes([
        ("the step goes uphill: gradient descent subtracts the gradient, W - learning_rate * dW.",
         lambda: W + learning_rate * dW),
        ("the learning rate is missing: W - learning_rate * dW.", lambda: W - dW),
        ("the gradient is divided by the learning rate: multiply, W - learning_rate * dW.",
         lambda: W - dW / learning_rate),
    ])


def _check_update(c, update_parameters, parameters, grads, learning_rate):
    L = len(parameters) // 2
    keys = [p + str(l) for l in range(1, L + 1) for p in ("W", "b")]
    expected = {k: parameters[k] - learning_rate * grads["d" + k] for k in keys}
    new = c.call(update_parameters, parameters, grads, learning_rate,
                 names=["parameters", "grads", "learning_rate"])
    c.keys("the returned dict", new, keys,
           f"return a dict with the keys of `parameters`, {', '.join(keys)}: L = len(parameters) // 2 and "
           "the loop runs l = 1 .. L (range(1, L + 1)); grads may hold more keys (dA0, ...) than "
           "the parameters' gradients.")
    unchanged = [k for k in keys if same(new[k], parameters[k]) and not same(expected[k], parameters[k])]
    if unchanged and len(unchanged) == len(keys):
        c.fail("no parameter changed.", SPLIT_ADVICE, show_values=False)
    if unchanged:
        c.fail(f"{', '.join(unchanged)} {'is' if len(unchanged) == 1 else 'are'} not updated.",
               f"the loop must update every layer, l = 1 .. L with L = len(parameters) // 2 = {L}: "
               "check its range (range(1, L + 1)).", show_values=False)
    c.ok()
    for k in keys:
        c.equal(k, new[k], expected[k], _update_mistakes(parameters, grads, learning_rate, k))
    c.that(new is not parameters, "it returned the caller's dict itself.",
           "build a new dict (new = {} and fill it, or new = dict(parameters) and assign new arrays): the "
           "caller's parameters must stay as they were.")
    return new


@EXERCISES.check("update_parameters", dnn_utils.update_parameters)
def check_update_parameters(update_parameters):
    """The documented case; the caller's parameters and grads must stay unchanged."""
    c = _Check("update_parameters", raised=UPDATE_RAISED)
    parameters, grads, learning_rate = fixtures.update_parameters_case()
    new = _check_update(c, update_parameters, parameters, grads, learning_rate)
    for key, value in EXPECTED["update_parameters"].items():
        c.equal(key, new[key], value)
    c.passed += _random_updates(update_parameters, SHOWN_UPDATES)
    c.done()


#: (seed, layer_dims, learning_rate) of the random updates: depths 1 to 4
RANDOM_UPDATES = [(1, [3, 1], 0.05), (2, [2, 3, 1], 1.3), (3, [4, 3, 2, 1], 0.0075), (4, [2, 4, 3, 2, 1], 0.5)]
#: random updates of the visible check (other seeds): one layer, and three layers
SHOWN_UPDATES = [(21, [3, 1], 0.1), (22, [2, 4, 3, 1], 0.3)]


@EXERCISES.hidden("update_parameters")
def hidden_check_update_parameters(update_parameters):
    """Random networks; grads as L_model_backward returns them (with the dA keys)."""
    _random_updates(update_parameters, RANDOM_UPDATES)


def _random_updates(update_parameters, updates):
    passed = 0
    for seed, layer_dims, learning_rate in updates:
        rng = np.random.RandomState(seed)
        X, Y, parameters = fixtures.random_network(rng, layer_dims, 3)
        AL, caches = dnn_utils.L_model_forward(X, parameters)
        grads = dnn_utils.L_model_backward(AL, Y, caches)
        c = _Check(f"update_parameters on a random network (layer_dims = {layer_dims}, "
                   f"learning_rate = {learning_rate})", quiet=True, raised=UPDATE_RAISED)
        _check_update(c, update_parameters, parameters, grads, learning_rate)
        passed += c.passed
    return passed
