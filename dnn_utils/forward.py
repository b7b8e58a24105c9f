"""Forward propagation (notebook 02_forward): the reference the later notebooks build on.

Caches: a linear cache is ``(A_prev, W, b)``; a layer cache is ``(linear_cache, Z)``.
"""
import numpy as np

from .activations import get_activation


def linear_forward(A, W, b):
    """Z = W A + b for one layer.

    A -- ndarray (n[l-1], m), activations of the previous layer
    W -- ndarray (n[l], n[l-1])
    b -- ndarray (n[l], 1)
    Returns Z -- ndarray (n[l], m), and cache -- (A, W, b)
    """
    Z = W @ A + b
    return Z, (A, W, b)


def linear_activation_forward(A_prev, W, b, activation):
    """One LINEAR -> ACTIVATION layer.

    A_prev -- ndarray (n[l-1], m); W -- (n[l], n[l-1]); b -- (n[l], 1)
    activation -- "sigmoid" or "relu"
    Returns A -- ndarray (n[l], m), and cache -- (linear_cache, Z)
    """
    forward, _ = get_activation(activation)
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, Z = forward(Z)
    return A, (linear_cache, Z)


def L_model_forward(X, parameters):
    """[LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID.

    X -- ndarray (n[0], m)
    parameters -- {"W1", "b1", ..., "WL", "bL"}
    Returns AL -- ndarray (n[L], m), and caches -- list of L layer caches
    """
    L = len(parameters) // 2
    A = X
    caches = []
    for l in range(1, L + 1):
        activation = "sigmoid" if l == L else "relu"
        A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)], activation)
        caches.append(cache)
    return A, caches
