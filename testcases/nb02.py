"""Checks of notebook 02_forward: linear_forward, linear_activation_forward and L_model_forward.

``check_*`` run the documented cases and print one success line; ``hidden_check_*`` run further
seeded cases against the reference in ``dnn_utils`` and print nothing when they pass.

A cache is a tuple of arrays of different shapes, which ``Check.equal`` cannot compare as a whole,
so caches are checked here part by part: first their structure (a message names the structure it
found), then each part with ``Check.equal`` and the mistakes that part is prone to.
"""
import re

import numpy as np

import dnn_utils
from dnn_utils import relu, sigmoid

from . import fixtures
from .checks import Check, CheckFailure, Exercises, Mistake, describe, same
from .expected import EXPECTED

#: the graded exercises, in the notebook's order (a failed check looks for its root cause in the earlier ones)
EXERCISES = Exercises()

ACTIVATIONS = {"sigmoid": sigmoid, "relu": relu}

#: seeded cases of the hidden checks: (n[l-1], n[l], m, seed); one has a square W
LINEAR_CASES = [(4, 3, 5, 0), (1, 1, 1, 3), (5, 5, 3, 7), (2, 6, 1, 11), (3, 2, 4, 5)]
#: (layer_dims, m, seed): depths 1 to 4, m from 1 to 5
#: one output unit in every case: the network of this course is a binary classifier (the cost of 03 and
#: the backward pass of 04 take AL of shape (1, m)), and the original course's template asserts
#: AL.shape == (1, X.shape[1]), which many right answers keep
MODEL_CASES = [([3, 1], 1, 2), ([4, 3, 1], 5, 4), ([5, 4, 3, 1], 3, 6), ([6, 5, 4, 3, 1], 2, 8),
               ([3, 2, 2, 2, 1], 4, 9)]
#: further cases of the visible checks, with other seeds: every kind of case the hidden checks run (one
#: unit, one example, a square W, one layer, four layers) is shown in the lab first
SHOWN_LINEAR_CASES = [(1, 1, 1, 21), (4, 3, 1, 22), (3, 3, 2, 23)]
SHOWN_MODEL_CASES = [([3, 1], 1, 21), ([5, 4, 3, 2, 1], 3, 22)]


# ---- failure messages that show a cache's structure ------------------------------------------------
def _structure(value, inside=()):
    """A short picture of nested tuples / lists of arrays: ((ndarray(3, 2), ...), ndarray(1, 2)); a
    container inside itself is shown as <itself>, nesting deeper than 6 as (...)."""
    if isinstance(value, np.ndarray):
        return f"ndarray{value.shape}"
    if isinstance(value, (tuple, list)):
        if any(value is outer for outer in inside):
            return "<itself>"
        opening, closing = ("(", ")") if isinstance(value, tuple) else ("[", "]")
        if len(inside) >= 6:
            return opening + "..." + closing
        parts = [_structure(v, inside + (value,)) for v in value[:6]] + (["..."] if len(value) > 6 else [])
        return opening + ", ".join(parts) + ("," if isinstance(value, tuple) and len(value) == 1 else "") + closing
    return type(value).__name__


def _describe(value):
    if isinstance(value, str):
        return value
    if isinstance(value, (tuple, list)):
        return f"{type(value).__name__} of length {len(value)}: {_structure(value)}"
    return describe(value)


class _Check(Check):
    """A Check whose failure messages show a textual expectation as written and a cache with the
    shape of every part (the engine's ``describe`` shows a str as "str" and a tuple by its length)."""

    def fail(self, problem, advice=None, expected=None, actual=None, show_values=True):
        __tracebackhide__ = True  # as in the engine: show the student's frames, not these
        if show_values:
            problem = f"{problem}\n  expected: {_describe(expected)}\n  got:      {_describe(actual)}"
        super().fail(problem, advice, show_values=False)


# ---- the catalogue of mistakes ---------------------------------------------------------------------
STAR = ("`*` multiplies entry by entry; the linear part needs a matrix product: np.dot(W, A) or W @ A.")
WRONG_ORDER = ("the product is in the wrong order: A.T @ W.T is (W A) transposed, of shape (m, n[l]). "
               "Z = W A + b is np.dot(W, A) + b, of shape (n[l], m).")
W_TRANSPOSED = ("W is transposed: W has shape (n[l], n[l-1]) and multiplies A from the left as it is, "
                "np.dot(W, A); no .T is needed.")
NO_BIAS = "b is missing: Z = W A + b, the column b added to every column of W A (broadcasting)."
BIAS_SUBTRACTED = "b is subtracted: Z = W A + b, with a plus."
ACTIVATION_NOT_APPLIED = ("A equals Z: the activation is not applied. A = g(Z): call sigmoid(Z) or "
                          "relu(Z), which return the pair (A, Z).")
ACTIVATION_PAIR = ("A is the pair (A, Z) that sigmoid and relu return: unpack it, "
                   "`A, activation_cache = relu(Z)`.")
SIGMOID_SIGN = ("this is 1 / (1 + exp(Z)): the sigmoid is 1 / (1 + exp(-Z)), with a minus; the given "
                "`sigmoid(Z)` computes it safely.")
RELU_REDUCED = ("np.max(Z, 0) is the largest entry of each column; ReLU is taken entry by entry: "
                "np.maximum(0, Z), or the given `relu(Z)`.")
FLAT_CACHE = ("the cache is flat, (A_prev, W, b, Z): nest it as the pair (linear_cache, Z) with "
              "linear_cache = (A_prev, W, b), as linear_activation_backward will unpack it.")
CACHE_SWAPPED = ("the two parts are swapped, (Z, linear_cache): the layer cache is (linear_cache, Z), "
                 "the linear cache first.")
LINEAR_PAIR = ("the linear cache is the whole pair (Z, linear_cache) that linear_forward returns: "
               "unpack it, `Z, linear_cache = linear_forward(A_prev, W, b)`, and keep linear_cache.")
ACTIVATION_CACHE_PAIR = ("the activation cache is the pair (A, Z) that sigmoid and relu return: unpack it, "
                         "`A, activation_cache = relu(Z)`, and keep only activation_cache (it is Z).")
ONLY_LINEAR_CACHE = ("the cache holds only the linear cache: Z is missing. The layer cache is "
                     "(linear_cache, Z); sigmoid_backward and relu_backward need Z.")
A_FOR_Z = ("the cache holds A where Z belongs: the activation cache is Z, the input of the activation "
           "(the second value sigmoid and relu return), because the backward step needs g'(Z).")
Z_FOR_INPUT = ("the cache holds Z where the layer's input belongs: the linear cache keeps the inputs of "
               "the linear step, (A_prev, W, b).")
LOOP = ("the loop covers one layer too many or too few: the hidden layers are l = 1, ..., L-1 "
        "(`for l in range(1, L)` with L = len(parameters) // 2), then the output layer L once, after "
        "the loop; each layer takes the A the layer before it returned.")
RELU_OUTPUT = ("the output layer uses relu: the last layer is LINEAR->SIGMOID, so that AL is a "
               "probability in (0, 1); only the hidden layers 1..L-1 use relu.")
SIGMOID_EVERYWHERE = ("every layer uses sigmoid: the hidden layers 1..L-1 use relu, only the output "
                      "layer L uses sigmoid.")
ACTIVATIONS_SWAPPED = ("the activations are swapped: relu for the hidden layers 1..L-1, sigmoid for the "
                       "output layer L.")
NO_OUTPUT_LAYER = ("AL is the output of the last hidden layer (X itself when L = 1): after the loop over "
                   "the L-1 relu layers comes the output layer L, LINEAR->SIGMOID with "
                   "parameters['W' + str(L)] and parameters['b' + str(L)]; is it missing, or is the wrong "
                   "variable returned?")
CACHES_REVERSED = ("the caches are in reverse order: append each layer's cache at the end "
                   "(caches.append(cache)), so that caches[l-1] belongs to layer l.")


def _linear_mistakes(A, W, b, then=lambda Z: Z, prefix=""):
    """Wrong ways to compute Z = W A + b, each followed by ``then`` (an activation, or nothing)."""
    wrong = [
        (WRONG_ORDER, lambda: A.T @ W.T + b),
        (WRONG_ORDER, lambda: A.T @ W.T + b.T),
        (W_TRANSPOSED, lambda: W.T @ A + b),
        (STAR, lambda: W * A + b),
        (NO_BIAS, lambda: W @ A),
        (BIAS_SUBTRACTED, lambda: W @ A - b),
    ]
    return [Mistake(prefix + advice, lambda f=f: then(f())) for advice, f in wrong]


def _activation_mistakes(A_prev, W, b, activation):
    """Wrong ways to compute A = g(W A_prev + b) for ``activation``."""
    g = ACTIVATIONS[activation]
    other = "relu" if activation == "sigmoid" else "sigmoid"
    Z = W @ A_prev + b

    def sigmoid_without_minus():
        with np.errstate(all="ignore"):
            return 1 / (1 + np.exp(Z))

    mistakes = [
        Mistake(f"with activation={activation!r} this is {other}(Z): are 'sigmoid' and 'relu' swapped, "
                f"or is `activation` not used to choose the function?", lambda: ACTIVATIONS[other](Z)[0]),
        Mistake(ACTIVATION_NOT_APPLIED, lambda: Z),
        Mistake(ACTIVATION_PAIR, lambda: np.array(g(Z))),
        Mistake(SIGMOID_SIGN if activation == "sigmoid" else RELU_REDUCED,
                sigmoid_without_minus if activation == "sigmoid" else (lambda: np.max(Z, axis=0))),
    ]
    return mistakes + _linear_mistakes(A_prev, W, b, then=lambda z: g(z)[0], prefix="in the linear part: ")


def _forward_plan(X, parameters, plan):
    """A through the layers and activations of ``plan``: a list of (l, activation)."""
    A = X
    for l, activation in plan:
        A, _ = dnn_utils.linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)],
                                                   activation)
    return A


def _model_mistakes(X, parameters):
    """Wrong ways to run [LINEAR->RELU] x (L-1) -> LINEAR->SIGMOID."""
    L = len(parameters) // 2
    hidden = [(l, "relu") for l in range(1, L)]
    plans = [(RELU_OUTPUT, [(l, "relu") for l in range(1, L + 1)]),
             (NO_OUTPUT_LAYER, hidden),
             (LOOP, [(l, "relu") for l in range(1, L + 1)] + [(L, "sigmoid")])]   # layer L twice
    if L > 1:
        plans += [(SIGMOID_EVERYWHERE, [(l, "sigmoid") for l in range(1, L + 1)]),
                  (ACTIVATIONS_SWAPPED, [(l, "sigmoid") for l in range(1, L)] + [(L, "relu")]),
                  (LOOP, hidden[:-1] + [(L, "sigmoid")])]                         # one hidden layer short
    return [Mistake(advice, lambda p=plan: _forward_plan(X, parameters, p)) for advice, plan in plans]


# ---- structure of the results and of the caches ------------------------------------------------------
def _two_results(c, result, names):
    """The two results of a forward function, in the documented order."""
    first, second = c.unpack(result, names)
    if isinstance(first, (tuple, list)) and isinstance(second, np.ndarray):
        c.fail(f"it returned ({names[1]}, {names[0]}): the two results are in the wrong order.",
               f"end the function with `return {names[0]}, {names[1]}`.",
               expected=f"({names[0]}, {names[1]}), {names[0]} an ndarray", actual=result)
    c.ok()
    return first, second


def _which(value, named):
    """The name of the array in ``named`` that ``value`` equals (shape and values), or None."""
    if isinstance(value, np.ndarray):
        for name, array in named.items():
            if same(value, array):
                return name
    return None


def _check_linear_cache(c, what, cache, layer, input_name="A_prev", input_mistakes=(), where=""):
    """A linear cache: the tuple (A_prev, W, b), in that order."""
    labels = (input_name, "W", "b")
    parts = (layer["A_prev"], layer["W"], layer["b"])
    wanted = f"the tuple ({', '.join(labels)}) = {_structure(parts)}"
    named = dict(zip(labels, parts), Z=layer["Z"])
    if not isinstance(cache, (tuple, list)) or len(cache) != 3:
        found = [_which(part, named) for part in cache] if isinstance(cache, (tuple, list)) else []
        missing = [label for label in labels if label not in found]
        advice = f"the linear cache keeps the three inputs of the linear step: `cache = ({', '.join(labels)})`"
        if any(found) and missing:
            advice += f"; {' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing."
        else:
            advice += "."
        c.fail(f"{what} should be the tuple ({', '.join(labels)}).", advice, expected=wanted, actual=cache)
    found = [_which(part, named) for part in cache]
    if sorted(found, key=str) == sorted(labels) and tuple(found) != labels:
        c.fail(f"{what} holds the right arrays in the order ({', '.join(found)}).",
               f"keep the order ({', '.join(labels)}): the backward step unpacks it as "
               f"`{', '.join(labels)} = cache`.", expected=wanted, actual=cache)
    c.ok()
    mistakes = {input_name: list(input_mistakes) + [Mistake(Z_FOR_INPUT, lambda: layer["Z"])],
                "W": [Mistake("the cache holds W.T: store W as it was given, of shape (n[l], n[l-1]).",
                              lambda: layer["W"].T)],
                "b": []}
    for i, (label, part) in enumerate(zip(labels, parts)):
        c.equal(f"{what}[{i}] ({label}{where})", cache[i], part, mistakes[label])


def _check_layer_cache(c, what, cache, layer, input_mistakes=(), where=""):
    """A layer cache: the pair (linear_cache, Z) with linear_cache = (A_prev, W, b)."""
    wanted = "the pair (linear_cache, Z) = ((A_prev, W, b), Z) = " + _structure(_as_cache(layer))
    named = {k: layer[k] for k in ("A_prev", "W", "b", "Z", "A")}

    def wrong(problem, advice):
        c.fail(f"{what} {problem}", advice, expected=wanted, actual=cache)

    if not isinstance(cache, (tuple, list)):
        wrong("should be the pair (linear_cache, Z).",
              "return `A, cache` with cache = (linear_cache, activation_cache).")
    found = [_which(part, named) for part in cache]
    if len(cache) == 4 and found[:3] == ["A_prev", "W", "b"]:
        wrong("is flat.", FLAT_CACHE)
    if len(cache) == 3 and found == ["A_prev", "W", "b"]:
        wrong("is only the linear cache.", ONLY_LINEAR_CACHE)
    if len(cache) != 2:
        wrong("should be the pair (linear_cache, Z).",
              "cache = (linear_cache, activation_cache): the cache linear_forward returned, then the one "
              "the activation returned (Z).")
    first, second = cache
    if isinstance(first, np.ndarray) and isinstance(second, (tuple, list)):
        wrong("has its two parts swapped.", CACHE_SWAPPED)
    if (isinstance(first, (tuple, list)) and len(first) == 2 and isinstance(first[0], np.ndarray)
            and isinstance(first[1], (tuple, list))):
        wrong("holds the pair (Z, linear_cache) where the linear cache belongs.", LINEAR_PAIR)
    if isinstance(second, (tuple, list)):
        wrong("holds a tuple where Z belongs.", ACTIVATION_CACHE_PAIR)
    c.ok()
    _check_linear_cache(c, f"{what}[0]", first, layer, "A_prev", input_mistakes, where)
    c.equal(f"{what}[1] (Z{where})", second, layer["Z"], [Mistake(A_FOR_Z, lambda: layer["A"])])


def _check_caches(c, caches, X, layers, expected_len):
    """One layer cache per layer, in order, each holding that layer's A_prev, W, b and Z."""
    L = len(layers)
    if not isinstance(caches, (list, tuple)):
        c.fail("caches should be a list with one cache per layer.",
               "start with `caches = []` and append the cache linear_activation_forward returns for "
               "every layer.", expected=f"list of length {expected_len}", actual=caches)
    n = len(caches)
    if n != expected_len:
        if n == L - 1:
            advice = ("one cache is missing: append the cache of every layer, the output layer's too "
                      "(after its call, outside the loop).")
        elif n == 2 * L and any(isinstance(x, np.ndarray) for x in caches):
            advice = ("the linear cache and Z are appended as separate entries: append one entry per "
                      "layer, the pair (linear_cache, Z) that linear_activation_forward returns.")
        elif n > L:
            advice = ("there are more caches than layers: is a cache appended twice, or does the loop "
                      "cover one layer too many? One entry per layer; L = len(parameters) // 2.")
        else:
            advice = "append the cache returned by every call to linear_activation_forward, one per layer."
        c.fail(f"len(caches) is {n}, but the network has L = {L} layers.", advice,
               expected=f"list of length {expected_len}", actual=caches)
    c.ok()
    if L > 1 and all(_matches_layer(caches[i], layers[L - 1 - i]) for i in range(L)):
        c.fail("the caches are in reverse order.", CACHES_REVERSED,
               expected=f"list {_structure([_as_cache(layer) for layer in layers])}", actual=caches)
    for l in range(1, L + 1):
        layer = layers[l - 1]
        input_mistakes = [Mistake(
            f"the linear cache of layer {l} holds the layer's output A[{l}] where its input A[{l - 1}] "
            f"belongs: keep the cache linear_activation_forward returns, instead of building it after A "
            f"has been updated.", lambda layer=layer: layer["A"])]
        if l > 1:
            input_mistakes.append(Mistake(
                f"the linear cache of layer {l} holds X: each layer's input is the output of the layer "
                f"before it (A_prev = A in the loop); only layer 1 receives X.", lambda: X))
        _check_layer_cache(c, f"caches[{l - 1}]", caches[l - 1], layer, input_mistakes, where=f" of layer {l}")


def _as_cache(layer):
    return ((layer["A_prev"], layer["W"], layer["b"]), layer["Z"])


def _matches_layer(cache, layer):
    try:
        (A_prev, W, b), Z = cache
    except (TypeError, ValueError):
        return False
    return all(same(x, layer[k]) for x, k in zip((A_prev, W, b, Z), ("A_prev", "W", "b", "Z")))


# ---- linear_forward ----------------------------------------------------------------------------
def _check_linear_forward(fn, A, W, b, expected_Z, title, quiet):
    c = _Check(title, quiet)
    result = c.call(fn, A, W, b, names=["A", "W", "b"])
    Z, cache = _two_results(c, result, ("Z", "cache"))
    c.equal("Z", Z, expected_Z, _linear_mistakes(A, W, b))
    _check_linear_cache(c, "cache", cache, dict(A_prev=A, W=W, b=b, Z=expected_Z), input_name="A")
    return c


@EXERCISES.check("linear_forward", dnn_utils.linear_forward)
def check_linear_forward(linear_forward):
    """The documented case (seed 1: A (3, 2), W (1, 3), b (1, 1))."""
    A, W, b = fixtures.linear_forward_case()
    c = _check_linear_forward(linear_forward, A, W, b, EXPECTED["linear_forward"]["Z"], "linear_forward",
                              quiet=False)
    c.passed += _linear_forward_cases(linear_forward, SHOWN_LINEAR_CASES)
    c.done()


def _linear_case(n_prev, n, m, seed):
    X, _, parameters = fixtures.random_network(np.random.RandomState(seed), [n_prev, n], m)
    return X, parameters["W1"], parameters["b1"]


def _linear_forward_cases(linear_forward, cases):
    passed = 0
    for n_prev, n, m, seed in cases:
        A, W, b = _linear_case(n_prev, n, m, seed)
        expected_Z, _ = dnn_utils.linear_forward(A.copy(), W.copy(), b.copy())
        passed += _check_linear_forward(linear_forward, A, W, b, expected_Z,
                                        f"linear_forward with A {A.shape}, W {W.shape}, b {b.shape}",
                                        quiet=True).passed
    return passed


@EXERCISES.hidden("linear_forward")
def hidden_check_linear_forward(linear_forward):
    _linear_forward_cases(linear_forward, LINEAR_CASES)


# ---- linear_activation_forward -----------------------------------------------------------------
def _check_one_activation(fn, A_prev, W, b, activation, expected_A, title, quiet=True):
    c = _Check(title, quiet)
    result = c.call(fn, A_prev, W, b, activation, names=["A_prev", "W", "b", "activation"])
    A, cache = _two_results(c, result, ("A", "cache"))
    c.equal("A", A, expected_A, _activation_mistakes(A_prev, W, b, activation))
    reference_A, (_, Z) = dnn_utils.linear_activation_forward(A_prev.copy(), W.copy(), b.copy(), activation)
    _check_layer_cache(c, "cache", cache, dict(A_prev=A_prev, W=W, b=b, Z=Z, A=reference_A))
    return c


def _check_unknown_activation(c, fn):
    A_prev, W, b = fixtures.linear_activation_forward_case()
    try:
        fn(A_prev, W, b, "tanh")
    except ValueError as error:
        message = str(error)
        c.that("sigmoid" in message and "relu" in message,
               f"the ValueError for an unknown activation should name the allowed values; it says {message!r}.",
               "e.g. raise ValueError(f\"activation must be 'sigmoid' or 'relu'; got {activation!r}\")")
    except Exception as error:
        c.fail(f"an unknown activation ('tanh') raised {type(error).__name__} ({error}), not a ValueError.",
               "check `activation` before computing anything and raise ValueError(...) naming 'sigmoid' "
               "and 'relu' when it is neither (the original course's template had no `else`: add one that "
               "raises).", show_values=False)
    else:
        c.fail("an unknown activation ('tanh') was accepted.",
               "raise ValueError(...) naming the allowed values 'sigmoid' and 'relu' when `activation` is "
               "neither: a typo must not silently pick an activation.", show_values=False)


@EXERCISES.check("linear_activation_forward", dnn_utils.linear_activation_forward)
def check_linear_activation_forward(linear_activation_forward):
    """The documented case (seed 2: A_prev (3, 2), W (1, 3), b (1, 1)) with both activations, then an
    unknown activation."""
    c = _Check("linear_activation_forward")
    for activation in ("sigmoid", "relu"):
        A_prev, W, b = fixtures.linear_activation_forward_case()
        sub = _check_one_activation(linear_activation_forward, A_prev, W, b, activation,
                                    EXPECTED["linear_activation_forward"][activation],
                                    f"linear_activation_forward(A_prev, W, b, activation={activation!r})")
        c.passed += sub.passed
    c.passed += _activation_cases(linear_activation_forward, SHOWN_LINEAR_CASES)
    _check_unknown_activation(c, linear_activation_forward)
    c.done()


def _activation_cases(linear_activation_forward, cases):
    passed = 0
    for n_prev, n, m, seed in cases:
        for activation in ("sigmoid", "relu"):
            A_prev, W, b = _linear_case(n_prev, n, m, seed)
            expected_A, _ = dnn_utils.linear_activation_forward(A_prev.copy(), W.copy(), b.copy(), activation)
            passed += _check_one_activation(linear_activation_forward, A_prev, W, b, activation, expected_A,
                                            f"linear_activation_forward with A_prev {A_prev.shape}, W {W.shape}, "
                                            f"activation={activation!r}").passed
    return passed


@EXERCISES.hidden("linear_activation_forward")
def hidden_check_linear_activation_forward(linear_activation_forward):
    _activation_cases(linear_activation_forward, LINEAR_CASES)


# ---- L_model_forward ---------------------------------------------------------------------------
def _reference_layers(X, parameters):
    """The reference AL and, per layer, a dict of its A_prev, W, b, Z and output A."""
    AL, caches = dnn_utils.L_model_forward(X.copy(), {k: v.copy() for k, v in parameters.items()})
    layers = []
    for l, ((A_prev, W, b), Z) in enumerate(caches):
        A = caches[l + 1][0][0] if l + 1 < len(caches) else AL
        layers.append(dict(A_prev=A_prev, W=W, b=b, Z=Z, A=A))
    return AL, layers


def _call_model(c, fn, X, parameters):
    """Check.call, with a word on the loop when the call fails on a matrix product's shapes."""
    __tracebackhide__ = True  # as in the engine: show the student's frames, not these
    try:
        return c.call(fn, X, parameters, names=["X", "parameters"])
    except CheckFailure as failure:
        message = str(failure)
        if "raised ValueError" in message and ("matmul" in message or "not aligned" in message):
            raise CheckFailure(f"{message}\nIn L_model_forward this usually means that {LOOP}") from None
        L = len(parameters) // 2
        beyond = re.search(r"raised KeyError: '[Wb](\d+)'", message)
        if beyond and int(beyond.group(1)) > L:
            problem = message.split("\nHint:")[0]
            raise CheckFailure(
                f"{problem}\nHint: the network has L = {L} layers, and the loop reaches layer {beyond.group(1)}: "
                f"parameters holds a W and a b per layer, so L = len(parameters) // 2 (len(parameters) = "
                f"{len(parameters)} counts both).") from None
        raise


def _check_L_model_forward(fn, X, parameters, expected_AL, expected_len, title, quiet):
    c = _Check(title, quiet)
    result = _call_model(c, fn, X, parameters)
    AL, caches = _two_results(c, result, ("AL", "caches"))
    _, layers = _reference_layers(X, parameters)
    c.equal("AL", AL, expected_AL, _model_mistakes(X, parameters))
    _check_caches(c, caches, X, layers, expected_len)
    return c


@EXERCISES.check("L_model_forward", dnn_utils.L_model_forward)
def check_L_model_forward(L_model_forward):
    """The documented case (seed 1: X (4, 2), a 2-layer network 4 -> 3 -> 1)."""
    X, parameters = fixtures.L_model_forward_case()
    expected = EXPECTED["L_model_forward"]
    c = _check_L_model_forward(L_model_forward, X, parameters, expected["AL"], expected["len_caches"],
                               "L_model_forward", quiet=False)
    c.passed += _model_cases(L_model_forward, SHOWN_MODEL_CASES)
    c.done()


def _model_cases(L_model_forward, cases):
    passed = 0
    for layer_dims, m, seed in cases:
        X, _, parameters = fixtures.random_network(np.random.RandomState(seed), layer_dims, m)
        expected_AL, _ = _reference_layers(X, parameters)
        passed += _check_L_model_forward(L_model_forward, X, parameters, expected_AL, len(layer_dims) - 1,
                                         f"L_model_forward with layer_dims {layer_dims} and m = {m}",
                                         quiet=True).passed
    return passed


@EXERCISES.hidden("L_model_forward")
def hidden_check_L_model_forward(L_model_forward):
    _model_cases(L_model_forward, MODEL_CASES)
