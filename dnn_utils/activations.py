"""Activation functions and their derivatives, numerically safe for any finite input.

Each forward function returns ``(A, Z)``: the activation and the cache the matching backward
function needs. Each backward function maps ``(dA, Z) -> dZ`` with ``dZ = dA * g'(Z)``.
None of them emits an overflow warning, a nan or an inf for large |Z| (|Z| up to 1e4 and beyond).
"""
import numpy as np


def sigmoid(Z):
    """Logistic sigmoid 1 / (1 + exp(-Z)), elementwise.

    Z -- ndarray of any shape (usually (n[l], m))
    Returns A -- ndarray, same shape as Z, values in [0, 1]; and Z itself as the cache.

    exp is only ever taken of -|Z| <= 0, so it cannot overflow.
    """
    Z = np.asarray(Z, dtype=float)
    e = np.exp(-np.abs(Z))
    A = np.where(Z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return A, Z


def relu(Z):
    """Rectified linear unit max(0, Z), elementwise.

    Z -- ndarray of any shape
    Returns A -- ndarray, same shape as Z; and Z itself as the cache.
    """
    Z = np.asarray(Z, dtype=float)
    return np.maximum(Z, 0.0), Z


def sigmoid_backward(dA, Z):
    """Gradient through a sigmoid unit.

    dA -- ndarray, gradient with respect to the activation, same shape as Z
    Z  -- ndarray, the cache returned by sigmoid
    Returns dZ -- ndarray, same shape as Z: dA * s * (1 - s) with s = sigmoid(Z)
    """
    s, _ = sigmoid(Z)
    return np.asarray(dA, dtype=float) * s * (1.0 - s)


def relu_backward(dA, Z):
    """Gradient through a ReLU unit.

    dA -- ndarray, gradient with respect to the activation, same shape as Z
    Z  -- ndarray, the cache returned by relu
    Returns dZ -- ndarray, same shape as Z: dA where Z > 0, else 0 (a new array; dA is not changed)
    """
    return np.where(np.asarray(Z) > 0, np.asarray(dA, dtype=float), 0.0)


ACTIVATIONS = {"sigmoid": (sigmoid, sigmoid_backward), "relu": (relu, relu_backward)}


def get_activation(name):
    """Return ``(forward, backward)`` for an activation name, or raise a ValueError naming the choices."""
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        allowed = ", ".join(repr(k) for k in ACTIVATIONS)
        raise ValueError(f"activation must be one of {allowed}; got {name!r}") from None
