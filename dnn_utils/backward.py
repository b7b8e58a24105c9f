"""Backward propagation and the parameter update (notebook 04_backward).

Convention: dA is the gradient of the loss *summed* over the m examples; 1/m enters only dW and db.
"""
import numpy as np

from .activations import get_activation


def linear_backward(dZ, cache, need_dA_prev=True):
    """Gradients of one linear layer Z = W A_prev + b.

    dZ -- ndarray (n[l], m)
    cache -- (A_prev (n[l-1], m), W (n[l], n[l-1]), b (n[l], 1))
    need_dA_prev -- False skips dA_prev (returned as None): the first layer's is needed by no update
    Returns dA_prev (n[l-1], m), dW (n[l], n[l-1]), db (n[l], 1)
    """
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = (dZ @ A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ if need_dA_prev else None
    return dA_prev, dW, db


def linear_activation_backward(dA, cache, activation, need_dA_prev=True):
    """Gradients of one LINEAR -> ACTIVATION layer.

    dA -- ndarray (n[l], m); cache -- (linear_cache, Z); activation -- "sigmoid" or "relu"
    need_dA_prev -- False skips dA_prev (returned as None)
    Returns dA_prev (n[l-1], m), dW (n[l], n[l-1]), db (n[l], 1)
    """
    _, backward = get_activation(activation)
    linear_cache, Z = cache
    return linear_backward(backward(dA, Z), linear_cache, need_dA_prev)


def L_model_backward(AL, Y, caches, need_dA0=True):
    """Gradients of the cross-entropy cost of [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID.

    AL -- ndarray (1, m); Y -- ndarray (1, m); caches -- the L caches of L_model_forward
    need_dA0 -- False skips the gradient with respect to X (W1.T @ dZ1), which no update uses: for
                a 12288-input network it is a quarter of the time of a training iteration
    Returns grads with "dA0" .. "dA{L-1}" (gradient w.r.t. A[l]; "dA0" only if need_dA0) and
    "dW1", "db1" .. "dWL", "dbL".
    """
    grads = {}
    L = len(caches)
    Y = np.asarray(Y, dtype=float).reshape(AL.shape)
    dA = -(Y / AL - (1.0 - Y) / (1.0 - AL))
    for l in reversed(range(1, L + 1)):
        activation = "sigmoid" if l == L else "relu"
        dA, dW, db = linear_activation_backward(dA, caches[l - 1], activation, need_dA_prev=l > 1 or need_dA0)
        if dA is not None:
            grads["dA" + str(l - 1)] = dA
        grads["dW" + str(l)] = dW
        grads["db" + str(l)] = db
    return grads


def update_parameters(parameters, grads, learning_rate):
    """One gradient-descent step: W := W - learning_rate * dW, b := b - learning_rate * db.

    Returns a new dict of new arrays; the caller's parameters are left unchanged.
    """
    L = len(parameters) // 2
    new = {}
    for l in range(1, L + 1):
        for name in ("W", "b"):
            key = name + str(l)
            W, dW = parameters[key], grads["d" + key]
            if np.shape(W) != np.shape(dW):
                raise ValueError(f"update_parameters: d{key} has shape {np.shape(dW)} but {key} has shape "
                                 f"{np.shape(W)}; each gradient must have its parameter's shape")
            step = np.multiply(dW, -learning_rate, dtype=np.result_type(W, dW, -learning_rate))
            step += W  # one new array, updated in place: the same numbers, a pass over memory less
            new[key] = step
    return new
