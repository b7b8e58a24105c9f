"""Corpus of notebook 04_backward: linear_backward, linear_activation_backward, L_model_backward,
update_parameters (format: harness.py)."""
from harness import Impl

CASES = [
    Impl(function="linear_backward", style="np.dot", right=True, source='''
def linear_backward(dZ, cache, need_dA_prev=True):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = np.dot(W.T, dZ) if need_dA_prev else None
    return dA_prev, dW, db
'''),
    Impl(function="linear_backward", style="no 1/m", right=False, words=["1/m"], source='''
def linear_backward(dZ, cache, need_dA_prev=True):
    A_prev, W, b = cache
    dW = np.dot(dZ, A_prev.T)
    db = np.sum(dZ, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ) if need_dA_prev else None
    return dA_prev, dW, db
'''),
    Impl(function="linear_activation_backward", style="if/elif", right=True, source='''
def linear_activation_backward(dA, cache, activation, need_dA_prev=True):
    linear_cache, activation_cache = cache
    if activation == "relu":
        dZ = relu_backward(dA, activation_cache)
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, activation_cache)
    else:
        raise ValueError(f"activation must be 'sigmoid' or 'relu'; got {activation!r}")
    return linear_backward(dZ, linear_cache, need_dA_prev)
'''),
    Impl(function="linear_activation_backward", style="activations swapped", right=False, words=["relu"], source='''
def linear_activation_backward(dA, cache, activation, need_dA_prev=True):
    linear_cache, activation_cache = cache
    if activation == "relu":
        dZ = sigmoid_backward(dA, activation_cache)
    elif activation == "sigmoid":
        dZ = relu_backward(dA, activation_cache)
    else:
        raise ValueError(f"activation must be 'sigmoid' or 'relu'; got {activation!r}")
    return linear_backward(dZ, linear_cache, need_dA_prev)
'''),
    Impl(function="L_model_backward", style="template loop", right=True, source='''
def L_model_backward(AL, Y, caches, need_dA0=True):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    current_cache = caches[L - 1]
    grads["dA" + str(L - 1)], grads["dW" + str(L)], grads["db" + str(L)] = linear_activation_backward(
        dAL, current_cache, "sigmoid")
    for l in reversed(range(L - 1)):
        current_cache = caches[l]
        dA_prev_temp, dW_temp, db_temp = linear_activation_backward(grads["dA" + str(l + 1)], current_cache, "relu")
        grads["dA" + str(l)] = dA_prev_temp
        grads["dW" + str(l + 1)] = dW_temp
        grads["db" + str(l + 1)] = db_temp
    return grads
'''),
    Impl(function="L_model_backward", style="dAL sign flipped", right=False, words=["sign"], source='''
def L_model_backward(AL, Y, caches, need_dA0=True):
    grads = {}
    L = len(caches)
    dA = np.divide(Y, AL) - np.divide(1 - Y, 1 - AL)
    for l in reversed(range(1, L + 1)):
        activation = "sigmoid" if l == L else "relu"
        dA, grads["dW" + str(l)], grads["db" + str(l)] = linear_activation_backward(dA, caches[l - 1], activation)
        grads["dA" + str(l - 1)] = dA
    return grads
'''),
    Impl(function="update_parameters", style="new dict, loop", right=True, source='''
def update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2
    new = {}
    for l in range(1, L + 1):
        new["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        new["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return new
'''),
    Impl(function="update_parameters", style="in place -=", right=False, words=["in place"], source='''
def update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for l in range(L):
        parameters["W" + str(l + 1)] -= learning_rate * grads["dW" + str(l + 1)]
        parameters["b" + str(l + 1)] -= learning_rate * grads["db" + str(l + 1)]
    return parameters
'''),
]
