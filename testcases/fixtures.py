"""Seeded input fixtures of the documented checks (notebooks 01-04).

Each function builds its own ``np.random.RandomState`` and draws in the documented order, so the
values the course has always printed come out. Every call returns fresh arrays.
"""
import numpy as np


def _draw(seed, *shapes):
    rng = np.random.RandomState(seed)
    return [rng.randn(*shape) for shape in shapes]


# ---- 01_init: the calls themselves (the functions draw from their own seed) ----
INIT_DEEP_CASES = {
    "small": dict(layer_dims=[5, 4, 3], seed=3, init="small"),
    "xavier": dict(layer_dims=[5, 4, 3], seed=3, init="xavier"),
    "xavier_321": dict(layer_dims=[3, 2, 1], seed=1, init="xavier"),
}


# ---- 02_forward ----
def linear_forward_case():
    """seed 1: A (3, 2), W (1, 3), b (1, 1)"""
    A, W, b = _draw(1, (3, 2), (1, 3), (1, 1))
    return A, W, b


def linear_activation_forward_case():
    """seed 2: A_prev (3, 2), W (1, 3), b (1, 1)"""
    A_prev, W, b = _draw(2, (3, 2), (1, 3), (1, 1))
    return A_prev, W, b


def L_model_forward_case():
    """seed 1: X (4, 2), W1 (3, 4), b1 (3, 1), W2 (1, 3), b2 (1, 1)"""
    X, W1, b1, W2, b2 = _draw(1, (4, 2), (3, 4), (3, 1), (1, 3), (1, 1))
    return X, {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


# ---- 03_cost ----
def compute_cost_case():
    """Y = [[1, 1, 1]], AL = [[0.8, 0.9, 0.4]]"""
    return np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 1]])


# ---- 04_backward ----
def linear_backward_case():
    """seed 1: dZ (1, 2), A (3, 2), W (1, 3), b (1, 1); cache (A, W, b)"""
    dZ, A, W, b = _draw(1, (1, 2), (3, 2), (1, 3), (1, 1))
    return dZ, (A, W, b)


def linear_activation_backward_case():
    """seed 2: dA (1, 2), A (3, 2), W (1, 3), b (1, 1), Z (1, 2); cache ((A, W, b), Z)"""
    dA, A, W, b, Z = _draw(2, (1, 2), (3, 2), (1, 3), (1, 1), (1, 2))
    return dA, ((A, W, b), Z)


def L_model_backward_case():
    """seed 3: AL (1, 2); Y = [[1, 0]]; two layer caches ((A, W, b), Z)"""
    AL, A1, W1, b1, Z1, A2, W2, b2, Z2 = _draw(
        3, (1, 2), (4, 2), (3, 4), (3, 1), (3, 2), (3, 2), (1, 3), (1, 1), (1, 2))
    Y = np.array([[1, 0]])
    caches = [((A1, W1, b1), Z1), ((A2, W2, b2), Z2)]
    return AL, Y, caches


def update_parameters_case():
    """seed 2: W1 (3, 4), b1 (3, 1), W2 (1, 3), b2 (1, 1); seed 3: their gradients; learning rate 0.1"""
    W1, b1, W2, b2 = _draw(2, (3, 4), (3, 1), (1, 3), (1, 1))
    dW1, db1, dW2, db2 = _draw(3, (3, 4), (3, 1), (1, 3), (1, 1))
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    return parameters, grads, 0.1


# ---- random small cases for the hidden, implementation-independent checks ----
def random_network(rng, layer_dims, m):
    """Random X (n[0], m), binary Y (1, m) and parameters for layer_dims, drawn from rng."""
    X = rng.randn(layer_dims[0], m)
    Y = (rng.rand(1, m) > 0.5).astype(float)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = rng.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])
        parameters["b" + str(l)] = 0.1 * rng.randn(layer_dims[l], 1)
    return X, Y, parameters
