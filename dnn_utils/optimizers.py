"""Optimisation (notebook 07_optimization): mini-batches, gradient descent, momentum and Adam.

The reference the checks compare with, and the training loop of the notebook's demonstration.
Every update returns new dicts of new arrays; the caller's parameters, gradients, v and s are left
unchanged. Keys: parameters "W1", "b1", ...; gradients, v and s "dW1", "db1", ...
"""
import numpy as np

from .backward import L_model_backward
from .cost import compute_cost
from .forward import L_model_forward
from .initialization import initialize_parameters_deep


def _layers(parameters):
    """The number of layers L and the parameter keys W1, b1, ..., WL, bL in that order."""
    L = len(parameters) // 2
    return L, [name + str(l) for l in range(1, L + 1) for name in ("W", "b")]


def update_parameters_with_gd(parameters, grads, learning_rate):
    """One step of (mini-batch) gradient descent: W := W - learning_rate * dW, b likewise.

    parameters -- {"Wl": (n[l], n[l-1]), "bl": (n[l], 1)}; grads -- {"dWl", "dbl", ...} of the same shapes
    Returns a new dict of new arrays.
    """
    _, keys = _layers(parameters)
    return {k: parameters[k] - learning_rate * grads["d" + k] for k in keys}


def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    """Shuffle the examples (columns) and cut them into mini-batches.

    X -- ndarray (n_x, m); Y -- ndarray (1, m) (or (k, m)); mini_batch_size -- int
    seed -- int; the order is RandomState(seed).permutation(m)
    Returns a list of (mini_batch_X (n_x, size), mini_batch_Y (k, size)): consecutive slices of the
    shuffled columns, each mini_batch_size wide except the last one, which holds the m % mini_batch_size
    examples left over (there is no empty batch when m is a multiple of the size). Every example is in
    exactly one batch, with its label.
    """
    m = X.shape[1]
    permutation = np.random.RandomState(seed).permutation(m)
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, permutation]
    return [(shuffled_X[:, k:k + mini_batch_size], shuffled_Y[:, k:k + mini_batch_size])
            for k in range(0, m, mini_batch_size)]


def initialize_velocity(parameters):
    """Zero velocities for momentum: {"dWl": zeros like Wl, "dbl": zeros like bl}."""
    _, keys = _layers(parameters)
    return {"d" + k: np.zeros_like(parameters[k], dtype=float) for k in keys}


def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    """One step of gradient descent with momentum.

    v := beta * v + (1 - beta) * dW (an exponentially weighted average of the gradients),
    then W := W - learning_rate * v; the same for b.
    Returns (parameters, v), both new dicts of new arrays.
    """
    _, keys = _layers(parameters)
    new_v = {"d" + k: beta * v["d" + k] + (1 - beta) * grads["d" + k] for k in keys}
    new_parameters = {k: parameters[k] - learning_rate * new_v["d" + k] for k in keys}
    return new_parameters, new_v


def initialize_adam(parameters):
    """Zero first and second moment estimates for Adam: (v, s), each keyed "dWl", "dbl"."""
    return initialize_velocity(parameters), initialize_velocity(parameters)


def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999,
                                epsilon=1e-8):
    """One Adam step, with bias correction; t is the number of Adam steps taken so far, this one included.

    v := beta1 * v + (1 - beta1) * dW;   s := beta2 * s + (1 - beta2) * dW**2
    v_corrected = v / (1 - beta1**t);     s_corrected = s / (1 - beta2**t)
    W := W - learning_rate * v_corrected / (sqrt(s_corrected) + epsilon); the same for b.
    Returns (parameters, v, s), new dicts of new arrays.
    """
    _, keys = _layers(parameters)
    new_parameters, new_v, new_s = {}, {}, {}
    for k in keys:
        d = "d" + k
        new_v[d] = beta1 * v[d] + (1 - beta1) * grads[d]
        new_s[d] = beta2 * s[d] + (1 - beta2) * np.square(grads[d])
        v_corrected = new_v[d] / (1 - beta1 ** t)
        s_corrected = new_s[d] / (1 - beta2 ** t)
        new_parameters[k] = parameters[k] - learning_rate * v_corrected / (np.sqrt(s_corrected) + epsilon)
    return new_parameters, new_v, new_s


#: the building blocks ``model`` uses, by name; ``model(..., functions={...})`` replaces any of them
BUILDING_BLOCKS = ("random_mini_batches", "update_parameters_with_gd", "initialize_velocity",
                   "update_parameters_with_momentum", "initialize_adam", "update_parameters_with_adam")


def model(X, Y, layers_dims, optimizer="adam", learning_rate=0.0007, mini_batch_size=64, beta=0.9,
          beta1=0.9, beta2=0.999, epsilon=1e-8, num_epochs=5000, print_cost=True, seed=1, functions=None,
          print_every=1000, record_every=100):
    """Train [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID with mini-batches and the chosen optimizer.

    X -- ndarray (n_x, m); Y -- ndarray (1, m) of 0/1 labels; layers_dims -- [n_x, ..., 1]
    optimizer -- "gd", "momentum" or "adam"
    seed -- seeds the He initialisation; epoch e (from 0) shuffles with random_mini_batches(..., seed + 1 + e)
    functions -- optional {name: function} replacing any of BUILDING_BLOCKS (e.g. the ones a notebook
                 has just written); the reference of this module is used for the others
    print_every, record_every -- print / record the cost every so many epochs
    Returns (parameters, costs): costs[i] is the cost averaged over the examples in epoch i * record_every.
    """
    if optimizer not in ("gd", "momentum", "adam"):
        raise ValueError(f"optimizer must be 'gd', 'momentum' or 'adam'; got {optimizer!r}")
    blocks = {name: globals()[name] for name in BUILDING_BLOCKS}
    unknown = set(functions or {}) - set(BUILDING_BLOCKS)
    if unknown:
        raise ValueError(f"functions may replace {', '.join(BUILDING_BLOCKS)}; got {sorted(unknown)}")
    blocks.update(functions or {})
    m = X.shape[1]
    parameters = initialize_parameters_deep(layers_dims, seed=seed, init="he")
    if optimizer == "momentum":
        v = blocks["initialize_velocity"](parameters)
    elif optimizer == "adam":
        v, s = blocks["initialize_adam"](parameters)
    t = 0
    costs = []
    for epoch in range(num_epochs):
        cost_total = 0.0
        for mini_batch_X, mini_batch_Y in blocks["random_mini_batches"](X, Y, mini_batch_size, seed + 1 + epoch):
            AL, caches = L_model_forward(mini_batch_X, parameters)
            cost_total += compute_cost(AL, mini_batch_Y) * mini_batch_X.shape[1]
            grads = L_model_backward(AL, mini_batch_Y, caches)
            if optimizer == "gd":
                parameters = blocks["update_parameters_with_gd"](parameters, grads, learning_rate)
            elif optimizer == "momentum":
                parameters, v = blocks["update_parameters_with_momentum"](parameters, grads, v, beta, learning_rate)
            else:
                t += 1
                parameters, v, s = blocks["update_parameters_with_adam"](parameters, grads, v, s, t, learning_rate,
                                                                         beta1, beta2, epsilon)
        cost = cost_total / m
        if print_cost and epoch % print_every == 0:
            print(f"cost after epoch {epoch:5d}: {cost:.4f}")
        if epoch % record_every == 0:
            costs.append(cost)
    return parameters, costs


def predict(X, parameters):
    """0/1 predictions (1, m) of the network: 1 where its output is above 0.5."""
    AL, _ = L_model_forward(X, parameters)
    return (AL > 0.5).astype(int)
