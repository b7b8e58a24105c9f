"""Checks of notebook 05_model: predict, two_layer_model, L_layer_model.

``check_*`` run a small seeded case and print one success line; ``hidden_check_*`` run further cases
(other sizes, depths, learning rates and numbers of iterations) and print nothing when they pass.
Every case is small (a few features, a few dozen examples, a few hundred iterations), so a check takes
a fraction of a second: the full training on the pictures is a demonstration, never a test.

The expected results come from the reference training loop below, built on the building blocks of
``dnn_utils`` (the ones the notebook imports). The catalogue of mistakes reruns that loop with one thing
done wrong (no update, the costs recorded at the wrong iterations, another initialisation, ...) and
names the one that reproduces the student's result.
"""
import io
import re
from contextlib import redirect_stdout

import numpy as np

from dnn_utils import (L_model_backward, L_model_forward, compute_cost, initialize_parameters,
                       initialize_parameters_deep, update_parameters)

from . import fixtures
from .checks import Check, Exercises, Mistake, same

#: the graded exercises, in the notebook's order (a failed check looks for its root cause in the earlier ones)
EXERCISES = Exercises()

NOT_UPDATED = "the cost never changes: the parameters are not updated."

#: the costs are recorded every EVERY iterations, from iteration 0
EVERY = 100
#: the costs and parameters of a correct implementation agree with the reference this closely
MODEL_ATOL = 1e-7
MODEL_RTOL = 1e-5


# ---- the reference ---------------------------------------------------------------------------------
def gradient_descent(X, Y, parameters, learning_rate, num_iterations, *, update=True,
                     recorded=lambda i: i % EVERY == 0, cost_after_update=False):
    """Batch gradient descent of [LINEAR->RELU] x (L-1) -> LINEAR->SIGMOID from ``parameters``.

    X -- (n_x, m); Y -- (1, m); parameters -- {"W1", "b1", ...}
    Returns (parameters, costs): the parameters after num_iterations updates, and the cost at every
    iteration i where recorded(i), computed before that iteration's update.
    The keyword arguments after ``*`` reproduce mistakes (for the catalogue): the update thrown away,
    other iterations recorded, the cost taken after the update.
    """
    costs = []
    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        grads = L_model_backward(AL, Y, caches, need_dA0=False)
        new = update_parameters(parameters, grads, learning_rate)
        if update:
            parameters = new
        if recorded(i):
            costs.append(compute_cost(L_model_forward(X, new)[0], Y) if cost_after_update else cost)
    return parameters, costs


def reference_two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """What two_layer_model returns: (parameters, costs), starting from initialize_parameters(n_x, n_h, n_y)."""
    n_x, n_h, n_y = layers_dims
    return _printed(gradient_descent(X, Y, initialize_parameters(n_x, n_h, n_y), learning_rate, num_iterations),
                    print_cost)


def reference_L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """What L_layer_model returns: (parameters, costs), from initialize_parameters_deep(layers_dims, seed=1,
    init="xavier")."""
    start = initialize_parameters_deep(layers_dims, seed=1, init="xavier")
    return _printed(gradient_descent(X, Y, start, learning_rate, num_iterations), print_cost)


def _printed(result, print_cost):
    if print_cost:
        for k, cost in enumerate(result[1]):
            print(f"Cost after iteration {k * EVERY}: {cost:f}")
    return result


def reference_predict(X, parameters):
    """What predict returns: p (1, m), 1 where the network's output is above 0.5, else 0."""
    AL, _ = L_model_forward(X, parameters)
    return (AL > 0.5).astype(np.int64)


# ---- the catalogue of the training loop's mistakes ---------------------------------------------------
def _loop_mistakes(X, Y, start, learning_rate, num_iterations):
    """Mistakes of the training loop that starts from ``start``: two lists of (advice, thunk), the thunks
    computing the mistaken costs for the first list and the mistaken parameters for the second."""
    def run(**mistake):
        return gradient_descent(X, Y, start, learning_rate, num_iterations, **mistake)

    costs = [
        ("costs is empty: record the cost every 100 iterations whether or not print_cost is set "
         "(`if i % 100 == 0: costs.append(cost)`); print_cost only decides whether it is printed. (The original "
         "course kept the costs only when it printed them.)",
         lambda: []),
        ("costs holds the cost of every iteration: append it only when i % 100 == 0 (iterations 0, 100, "
         "200, ...).", lambda: run(recorded=lambda i: True)[1]),
        ("the costs are recorded at the wrong iterations (99, 199, ...): record them when i % 100 == 0, "
         "counting the iterations from 0 with `for i in range(num_iterations)`.",
         lambda: run(recorded=lambda i: i % EVERY == EVERY - 1)[1]),
        ("the costs are recorded at the wrong iterations (100, 200, ..., not 0): record them when "
         "i % 100 == 0, counting the iterations from 0 with `for i in range(num_iterations)`, so that "
         "the first entry is the cost of the initial parameters.",
         lambda: run(recorded=lambda i: i % EVERY == 0 and i > 0)[1]),
        ("costs also holds the cost of the last iteration (i == num_iterations - 1), as a later version of the "
         "original course recorded it: here costs holds the costs of iterations 0, 100, 200, ... only "
         "(`if i % 100 == 0`).", lambda: run(recorded=lambda i: i % EVERY == 0 or i == num_iterations - 1)[1]),
        ("each recorded cost is the one after that iteration's update: record the cost computed from "
         "this iteration's forward pass (before update_parameters).",
         lambda: run(cost_after_update=True)[1]),
        (NOT_UPDATED + " Keep what update_parameters returns: "
         "`parameters = update_parameters(parameters, grads, learning_rate)` in every iteration.",
         lambda: run(update=False)[1]),
    ]
    if learning_rate != 0.0075:
        costs.append(("the learning rate is not the one given: use the argument learning_rate, not 0.0075.",
                      lambda: gradient_descent(X, Y, start, 0.0075, num_iterations)[1]))
    parameters = [
        ("the parameters returned are the initial ones: return the parameters after the last update.",
         lambda: start),
        ("the parameters returned are those before the last update: return them after the loop.",
         lambda: gradient_descent(X, Y, start, learning_rate, num_iterations - 1)[0]),
    ]
    return costs, parameters


class _Grows(Mistake):
    """The costs go up from the first recorded one (or blow up to nan / inf): a step up the gradient."""

    def __init__(self):
        super().__init__("the cost grows: the step goes up the gradient. update_parameters subtracts "
                         "learning_rate times the gradient; give it learning_rate itself (not -learning_rate), "
                         "and grads as L_model_backward or linear_activation_backward computed them "
                         "(dA2 = -(Y / A2 - (1 - Y) / (1 - A2)), with the minus sign).", None)

    def explains(self, actual):
        try:
            costs = np.asarray(actual, dtype=float)
        except (TypeError, ValueError):
            return False
        return (costs.ndim == 1 and len(costs) >= 2 and bool(np.isfinite(costs[0]))
                and bool(np.all(~np.isfinite(costs[1:]) | (costs[1:] > costs[0]))))


def _start_mistakes(X, Y, layers_dims, starts, learning_rate, num_iterations):
    """Training from another initialisation: one mistake per (advice, parameters) in ``starts``."""
    return [(advice, (lambda s=start: gradient_descent(X, Y, s, learning_rate, num_iterations)[1]))
            for advice, start in starts]


def _two_layer_starts(layers_dims):
    n_x, n_h, n_y = layers_dims
    use = "start from initialize_parameters(n_x, n_h, n_y), whose seed 1 gives the course's numbers"
    return [
        (f"the costs match the deep initialisation (initialize_parameters_deep, init='xavier'): {use}.",
         initialize_parameters_deep(list(layers_dims), seed=1, init="xavier")),
        (f"the costs match initialize_parameters(n_x, n_h, n_y, seed=3): {use}.",
         initialize_parameters(n_x, n_h, n_y, seed=3)),
        (f"the costs match initialize_parameters(n_x, n_h, n_y, seed=0): {use}.",
         initialize_parameters(n_x, n_h, n_y, seed=0)),
        (f"the costs match initialize_parameters(n_h, n_x, n_y): the sizes are in the wrong order; {use}.",
         _maybe(lambda: initialize_parameters(n_h, n_x, n_y))),
    ]


def _deep_starts(layers_dims):
    use = "start from initialize_parameters_deep(layers_dims, seed=1, init='xavier')"
    starts = [(f"the costs match initialize_parameters_deep with init={init!r}: {use}.",
               initialize_parameters_deep(list(layers_dims), seed=1, init=init)) for init in ("small", "he")]
    starts += [(f"the costs match initialize_parameters_deep with seed={seed}: {use}.",
                initialize_parameters_deep(list(layers_dims), seed=seed, init="xavier")) for seed in (3, 0, 2)]
    if len(layers_dims) == 3:
        starts.append((f"the costs match initialize_parameters(n_x, n_h, n_y), the 2-layer initialisation: {use}.",
                       initialize_parameters(*layers_dims)))
    return starts


def _maybe(make):
    try:
        return make()
    except Exception:
        return None


# ---- predict ---------------------------------------------------------------------------------------
def _predict_mistakes(X, y, parameters, expected):
    AL, _ = L_model_forward(X, parameters)
    return [
        Mistake("the two classes are swapped: p is 1 (a cat) where AL > 0.5, and 0 elsewhere.", lambda: 1 - expected),
        Mistake("p has shape (m,): keep the shape (1, m) of AL, e.g. p = (AL > 0.5).astype(int), without "
                "ravel, flatten or squeeze.", lambda: np.ravel(expected)),
        Mistake("p holds the probabilities AL: turn them into labels, 1 where AL > 0.5 and 0 elsewhere.", lambda: AL),
        Mistake("p is the labels y: predict from the network's output AL (y serves only to compute the accuracy).",
                lambda: np.asarray(y)),
    ]


def _printed_accuracy(c, text, accuracy):
    numbers = [float(x) for x in re.findall(r"\d+(?:\.\d+)?(?:[eE][-+]?\d+)?", text)]
    c.that(any(abs(x - accuracy) < 6e-3 or abs(x - 100 * accuracy) < 0.6 for x in numbers),
           f"it should print the accuracy, {accuracy:.4f} here; it printed {text.strip()!r}.",
           "the accuracy is the fraction of the examples where p equals y: "
           "print(f\"Accuracy: {np.mean(p == y):.4f}\").")


def _check_predict(predict, X, y, parameters, title, quiet):
    c = Check(title, quiet)
    out = io.StringIO()
    with redirect_stdout(out):
        p = c.call(predict, X, y, parameters, names=["X", "y", "parameters"])
    expected = reference_predict(X, parameters)
    c.equal("p", p, expected, _predict_mistakes(X, y, parameters, expected))
    _printed_accuracy(c, out.getvalue(), float(np.mean(expected == y)))
    return c


@EXERCISES.check("predict", lambda X, y, parameters: _printing_predict(X, y, parameters))
def check_predict(predict):
    """A 3-layer network on 10 examples: the predictions, their shape, the printed accuracy."""
    X, y, parameters = fixtures.predict_case()
    c = _check_predict(predict, X, y, parameters, "predict", quiet=False)
    c.passed += _predict_cases(predict, SHOWN_PREDICT)
    c.done()


#: (seed, layer_dims, m) of the hidden check, and of the visible one after the documented case (other seeds:
#: one layer with one example, two layers), so that the lab shows every kind of case grading runs
HIDDEN_PREDICT = [(2, [5, 1], 7), (3, [3, 4, 1], 1), (4, [6, 5, 4, 3, 1], 30)]
SHOWN_PREDICT = [(21, [4, 1], 1), (22, [3, 4, 1], 6)]


def _predict_cases(predict, cases):
    passed = 0
    for seed, layer_dims, m in cases:
        X, y, parameters = fixtures.predict_case(seed, layer_dims, m)
        passed += _check_predict(predict, X, y, parameters, f"predict (layer_dims = {layer_dims}, m = {m})",
                                 quiet=True).passed
    return passed


@EXERCISES.hidden("predict")
def hidden_check_predict(predict):
    _predict_cases(predict, HIDDEN_PREDICT)


def _printing_predict(X, y, parameters):
    """predict as the exercise asks for it: the labels, and the accuracy printed."""
    p = reference_predict(X, parameters)
    print(f"Accuracy: {np.mean(p == y):.4f}")
    return p


# ---- checking a model ------------------------------------------------------------------------------
def _check_model(fn, X, Y, layers_dims, learning_rate, num_iterations, start, starts, title, quiet):
    c = Check(title, quiet)
    with np.errstate(all="ignore"):  # a diverging loop is diagnosed below, not warned about on stderr
        result = c.call(fn, X, Y, layers_dims, learning_rate=learning_rate, num_iterations=num_iterations,
                        print_cost=False, names=["X", "Y", "layers_dims"])
    parameters, costs = c.unpack(result, ["parameters", "costs"])
    expected_parameters, expected_costs = gradient_descent(X, Y, start, learning_rate, num_iterations)
    loop_costs, loop_parameters = _loop_mistakes(X, Y, start, learning_rate, num_iterations)
    mistakes = [_stale(parameters, X, Y, start, learning_rate, num_iterations)] + [
        _dropped(advice, wrong, parameters, start) if advice.startswith(NOT_UPDATED) else Mistake(advice, wrong)
        for advice, wrong in loop_costs + _start_mistakes(X, Y, layers_dims, [s for s in starts if s[1] is not None],
                                             learning_rate, num_iterations)] + [_Grows()]
    c.that(isinstance(costs, (list, tuple, np.ndarray)),
           f"costs should be a list of numbers, not a {type(costs).__name__}.",
           "start with costs = [] and append the cost every 100 iterations.")
    with np.errstate(all="ignore"):  # the catalogue reruns the loop with mistakes that may diverge
        c.equal(f"costs (num_iterations={num_iterations}: the costs at iterations "
                f"{', '.join(str(i) for i in range(0, num_iterations, EVERY))})",
                _numbers(costs), np.array(expected_costs), mistakes, atol=MODEL_ATOL, rtol=MODEL_RTOL)
    L = len(layers_dims) - 1
    keys = [p + str(l) for l in range(1, L + 1) for p in ("W", "b")]
    c.keys("the parameters returned", parameters, keys, f"return the dict of the {L}-layer network's parameters.")
    for key in keys:
        wrong = [Mistake(advice, (lambda w=w, k=key: w()[k])) for advice, w in loop_parameters]
        c.equal(f"the returned {key}", parameters[key], expected_parameters[key], wrong,
                atol=MODEL_ATOL, rtol=MODEL_RTOL)
    return c


def _moved(parameters, start):
    """Whether ``parameters`` is a dict of the start's keys that is not the start."""
    return (isinstance(parameters, dict) and set(parameters) == set(start)
            and not all(same(parameters[k], v) for k, v in start.items()))


def _dropped(advice, thunk, parameters, start):
    """The update thrown away: constant costs, and the parameters returned are not ones that moved (those
    point to _stale instead)."""
    def wrong():
        if _moved(parameters, start):
            raise ValueError("the parameters returned moved: the update was kept")
        return thunk()
    return Mistake(advice, wrong)


def _stale(parameters, X, Y, start, learning_rate, num_iterations):
    """The forward pass always reads the initial parameters (W1, b1, ... unpacked once, before the loop):
    the costs never change, yet the parameters returned moved away from the start. The values tell it
    from an update thrown away, whose parameters returned are the start itself."""
    def wrong():
        if not _moved(parameters, start):
            raise ValueError("the parameters returned are the start, or no dict of parameters")
        return gradient_descent(X, Y, start, learning_rate, num_iterations, update=False)[1]

    return Mistake("the cost never changes although the parameters returned were updated: the forward "
                   "pass keeps using W1, b1, W2, b2 as they were read before the loop. Read them from "
                   "`parameters` inside the loop, after each `parameters = update_parameters(...)` (or pass "
                   "parameters[\"W1\"], ... to linear_activation_forward directly).", wrong)


def _numbers(costs):
    """costs as a 1-D float array (or as given, when it cannot be one), for comparison."""
    try:
        return np.asarray([float(np.squeeze(cost)) for cost in costs])
    except (TypeError, ValueError):
        return costs


@EXERCISES.check("two_layer_model", reference_two_layer_model)
def check_two_layer_model(two_layer_model):
    """A small case: 300 iterations, learning rate 0.5, the costs at 0, 100, 200 and the parameters."""
    X, Y = fixtures.model_case()
    layers_dims = (X.shape[0], 4, 1)
    c = _check_model(two_layer_model, X, Y, layers_dims, 0.5, 300, initialize_parameters(*layers_dims),
                     _two_layer_starts(layers_dims), "two_layer_model", quiet=False)
    c.done()


@EXERCISES.hidden("two_layer_model")
def hidden_check_two_layer_model(two_layer_model):
    for seed, n_x, m, n_h, learning_rate, num_iterations in [(2, 5, 12, 3, 0.3, 250), (3, 7, 25, 6, 0.8, 101),
                                                             (4, 3, 9, 2, 1.0, 100)]:
        X, Y = fixtures.model_case(seed, n_x, m)
        layers_dims = (n_x, n_h, 1)
        _check_model(two_layer_model, X, Y, layers_dims, learning_rate, num_iterations,
                     initialize_parameters(*layers_dims), _two_layer_starts(layers_dims),
                     f"two_layer_model(X of shape {X.shape}, layers_dims={layers_dims}, learning_rate="
                     f"{learning_rate}, num_iterations={num_iterations})", quiet=True)


@EXERCISES.check("L_layer_model", reference_L_layer_model)
def check_L_layer_model(L_layer_model):
    """A small case: layers_dims [n_x, 5, 3, 1], 300 iterations, learning rate 0.1."""
    X, Y = fixtures.model_case()
    layers_dims = [X.shape[0], 5, 3, 1]
    c = _check_model(L_layer_model, X, Y, layers_dims, 0.1, 300,
                     initialize_parameters_deep(layers_dims, seed=1, init="xavier"), _deep_starts(layers_dims),
                     "L_layer_model", quiet=False)
    c.passed += _deep_cases(L_layer_model, SHOWN_DEEP)
    c.done()


#: (seed, layers_dims, m, learning_rate, num_iterations) of the hidden check, and of the visible one after
#: the small case (other seeds: one layer, two layers), so that the lab shows every depth grading runs
HIDDEN_DEEP = [(2, [5, 4, 1], 12, 0.2, 250), (3, [7, 6, 5, 3, 1], 25, 0.05, 201), (4, [3, 1], 9, 0.5, 100)]
SHOWN_DEEP = [(21, [4, 1], 8, 0.5, 100), (22, [5, 3, 1], 10, 0.2, 200)]


def _deep_cases(L_layer_model, cases):
    passed = 0
    for seed, layers_dims, m, learning_rate, num_iterations in cases:
        X, Y = fixtures.model_case(seed, layers_dims[0], m)
        passed += _check_model(L_layer_model, X, Y, layers_dims, learning_rate, num_iterations,
                               initialize_parameters_deep(layers_dims, seed=1, init="xavier"),
                               _deep_starts(layers_dims),
                               f"L_layer_model(X of shape {X.shape}, layers_dims={layers_dims}, learning_rate="
                               f"{learning_rate}, num_iterations={num_iterations})", quiet=True).passed
    return passed


@EXERCISES.hidden("L_layer_model")
def hidden_check_L_layer_model(L_layer_model):
    _deep_cases(L_layer_model, HIDDEN_DEEP)
