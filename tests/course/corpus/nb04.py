"""Corpus of notebook 04_backward: linear_backward, linear_activation_backward, L_model_backward,
update_parameters (format: harness.py)."""
from harness import Impl

LB = "linear_backward"
LAB = "linear_activation_backward"
LMB = "L_model_backward"
UP = "update_parameters"

CASES = [
    # ---- linear_backward: right ---------------------------------------------------------------------
    Impl(function=LB, style="np.dot", right=True, source='''
def linear_backward(dZ, cache, need_dA_prev=True):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = np.dot(W.T, dZ) if need_dA_prev else None
    return dA_prev, dW, db
'''),
    Impl(function=LB, style="original template with asserts", right=True, source='''
def linear_backward(dZ, cache, need_dA_prev=True):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = 1./m * np.dot(dZ, A_prev.T)
    db = 1./m * np.sum(dZ, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ)
    assert (dA_prev.shape == A_prev.shape)
    assert (dW.shape == W.shape)
    assert (db.shape == b.shape)
    return dA_prev, dW, db
'''),
    Impl(function=LB, style="@ and mean", right=True, source='''
def linear_backward(dZ, cache, need_dA_prev=True):
    A_prev, W, b = cache
    dW = dZ @ A_prev.T / A_prev.shape[1]
    db = dZ.mean(axis=1, keepdims=True)
    return (W.T @ dZ if need_dA_prev else None), dW, db
'''),
    Impl(function=LB, style="db reshaped after the sum", right=True, source='''
def linear_backward(dZ, cache, need_dA_prev=True):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.matmul(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1).reshape(b.shape) / m
    dA_prev = np.matmul(W.T, dZ)
    return dA_prev, dW, db
'''),
    # ---- linear_backward: wrong ---------------------------------------------------------------------
    Impl(function=LB, style="no 1/m", right=False, words=["1/m"], source='''
def linear_backward(dZ, cache, need_dA_prev=True):
    A_prev, W, b = cache
    dW = np.dot(dZ, A_prev.T)
    db = np.sum(dZ, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ) if need_dA_prev else None
    return dA_prev, dW, db
'''),
    Impl(function=LB, style="db squeezed", right=False, words=["squeeze"], absent=["sum over every axis"], source='''
def linear_backward(dZ, cache, need_dA_prev=True):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.squeeze(np.sum(dZ, axis=1, keepdims=True)) / m
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db
'''),
    Impl(function=LB, style="db without keepdims", right=False, words=["keepdims=True"], source='''
def linear_backward(dZ, cache, need_dA_prev=True):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1) / m
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db
'''),
    Impl(function=LB, style="db summed over everything", right=False, words=["np.sum(dZ, axis=1, keepdims=True)"],
         source='''
def linear_backward(dZ, cache, need_dA_prev=True):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = 1 / m * np.dot(dZ, A_prev.T)
    db = 1 / m * np.sum(dZ)
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db
'''),
    Impl(function=LB, style="dA_prev with W, not W.T", right=False, words=["W.T @ dZ"], source='''
def linear_backward(dZ, cache, need_dA_prev=True):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = np.dot(W, dZ)
    return dA_prev, dW, db
'''),
    Impl(function=LB, style="dA_prev divided by m", right=False, words=["dA_prev has a 1/m"], source='''
def linear_backward(dZ, cache, need_dA_prev=True):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = np.dot(W.T, dZ) / m
    return dA_prev, dW, db
'''),
    Impl(function=LB, style="dW from A_prev without .T", right=False, words=["dZ @ A_prev.T"], source='''
def linear_backward(dZ, cache, need_dA_prev=True):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(A_prev, dZ.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db
'''),
    Impl(function=LB, style="m from axis 0", right=False, words=["1/m"], source='''
def linear_backward(dZ, cache, need_dA_prev=True):
    A_prev, W, b = cache
    m = A_prev.shape[0]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db
'''),
    Impl(function=LB, style="db as a mean over axis 0", right=False, words=["one entry per example", "axis=1"],
         source='''
def linear_backward(dZ, cache, need_dA_prev=True):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.mean(dZ, axis=0, keepdims=True)
    return np.dot(W.T, dZ), dW, db
'''),
    # ---- linear_activation_backward: right ----------------------------------------------------------
    Impl(function=LAB, style="template if/elif", right=True, source='''
def linear_activation_backward(dA, cache, activation, need_dA_prev=True):
    linear_cache, activation_cache = cache
    if activation == "relu":
        dZ = relu_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
    else:
        raise ValueError(f"activation must be 'sigmoid' or 'relu'; got {activation!r}")
    return dA_prev, dW, db
'''),
    Impl(function=LAB, style="derivatives written out", right=True, source='''
def linear_activation_backward(dA, cache, activation, need_dA_prev=True):
    linear_cache, Z = cache
    if activation == "relu":
        dZ = np.array(dA, copy=True)
        dZ[Z <= 0] = 0
    elif activation == "sigmoid":
        s = 1 / (1 + np.exp(-Z))
        dZ = dA * s * (1 - s)
    else:
        raise ValueError("activation must be 'sigmoid' or 'relu'")
    return linear_backward(dZ, linear_cache, need_dA_prev)
'''),
    # ---- linear_activation_backward: wrong ----------------------------------------------------------
    Impl(function=LAB, style="activations swapped", right=False, words=["swapped"], source='''
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
    Impl(function=LAB, style="zeroes dA in place", right=False, words=["dA", "in place"], source='''
def linear_activation_backward(dA, cache, activation, need_dA_prev=True):
    linear_cache, Z = cache
    if activation == "relu":
        dA[Z <= 0] = 0
        dZ = dA
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, Z)
    else:
        raise ValueError("activation must be 'sigmoid' or 'relu'")
    return linear_backward(dZ, linear_cache)
'''),
    Impl(function=LAB, style="no derivative of the activation", right=False, words=["derivative is missing"],
         source='''
def linear_activation_backward(dA, cache, activation, need_dA_prev=True):
    linear_cache, Z = cache
    if activation not in ("relu", "sigmoid"):
        raise ValueError("activation must be 'sigmoid' or 'relu'")
    return linear_backward(dA, linear_cache)
'''),
    Impl(function=LAB, style="cache unpacked in the wrong order", right=False, words=["(linear_cache, Z)"],
         source='''
def linear_activation_backward(dA, cache, activation, need_dA_prev=True):
    activation_cache, linear_cache = cache
    if activation == "relu":
        dZ = relu_backward(dA, activation_cache)
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, activation_cache)
    else:
        raise ValueError("activation must be 'sigmoid' or 'relu'")
    return linear_backward(dZ, linear_cache)
'''),
    Impl(function=LAB, style="sigmoid derivative without the sigmoid", right=False, words=["sigmoid_backward"],
         source='''
def linear_activation_backward(dA, cache, activation, need_dA_prev=True):
    linear_cache, Z = cache
    if activation == "relu":
        dZ = relu_backward(dA, Z)
    elif activation == "sigmoid":
        dZ = dA * Z * (1 - Z)
    else:
        raise ValueError("activation must be 'sigmoid' or 'relu'")
    return linear_backward(dZ, linear_cache)
'''),
    # ---- L_model_backward: right --------------------------------------------------------------------
    Impl(function=LMB, style="template loop", right=True, source='''
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
    Impl(function=LMB, style="one loop from L down to 1", right=True, source='''
def L_model_backward(AL, Y, caches, need_dA0=True):
    grads = {}
    L = len(caches)
    dA = -(Y / AL - (1 - Y) / (1 - AL))
    for l in range(L, 0, -1):
        activation = "sigmoid" if l == L else "relu"
        dA, dW, db = linear_activation_backward(dA, caches[l - 1], activation)
        grads[f"dA{l - 1}"] = dA
        grads[f"dW{l}"] = dW
        grads[f"db{l}"] = db
    return grads
'''),
    Impl(function=LMB, style="grads filled from a list of layers, sigmoid_backward by hand", right=True, source='''
def L_model_backward(AL, Y, caches, need_dA0=True):
    L = len(caches)
    grads = {}
    Y = Y.reshape(AL.shape)
    dZ = AL - Y
    linear_cache, _ = caches[-1]
    grads["dA" + str(L - 1)], grads["dW" + str(L)], grads["db" + str(L)] = linear_backward(dZ, linear_cache)
    for l in range(L - 1, 0, -1):
        dA_prev, dW, db = linear_activation_backward(grads["dA" + str(l)], caches[l - 1], "relu")
        grads["dA" + str(l - 1)], grads["dW" + str(l)], grads["db" + str(l)] = dA_prev, dW, db
    return grads
'''),
    # ---- L_model_backward: wrong --------------------------------------------------------------------
    Impl(function=LMB, style="dAL sign flipped", right=False, words=["sign"], source='''
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
    Impl(function=LMB, style="older dA naming", right=False, words=["older naming"], source='''
def L_model_backward(AL, Y, caches, need_dA0=True):
    grads = {}
    L = len(caches)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    grads["dA" + str(L)], grads["dW" + str(L)], grads["db" + str(L)] = linear_activation_backward(
        dAL, caches[L - 1], "sigmoid")
    for l in reversed(range(L - 1)):
        dA_prev, dW, db = linear_activation_backward(grads["dA" + str(l + 2)], caches[l], "relu")
        grads["dA" + str(l + 1)] = dA_prev
        grads["dW" + str(l + 1)] = dW
        grads["db" + str(l + 1)] = db
    return grads
'''),
    Impl(function=LMB, style="sigmoid for every layer", right=False, words=["'relu'"], source='''
def L_model_backward(AL, Y, caches, need_dA0=True):
    grads = {}
    L = len(caches)
    dA = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    for l in reversed(range(1, L + 1)):
        dA, dW, db = linear_activation_backward(dA, caches[l - 1], "sigmoid")
        grads["dA" + str(l - 1)], grads["dW" + str(l)], grads["db" + str(l)] = dA, dW, db
    return grads
'''),
    Impl(function=LMB, style="AL - Y through the sigmoid again", right=False, words=["AL - Y"], source='''
def L_model_backward(AL, Y, caches, need_dA0=True):
    grads = {}
    L = len(caches)
    dA = AL - Y
    for l in reversed(range(1, L + 1)):
        activation = "sigmoid" if l == L else "relu"
        dA, dW, db = linear_activation_backward(dA, caches[l - 1], activation)
        grads["dA" + str(l - 1)], grads["dW" + str(l)], grads["db" + str(l)] = dA, dW, db
    return grads
'''),
    Impl(function=LMB, style="output dA fed to every layer", right=False, words=["each layer l takes the dA the layer above it returned"], source='''
def L_model_backward(AL, Y, caches, need_dA0=True):
    grads = {}
    L = len(caches)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    grads["dA" + str(L - 1)], grads["dW" + str(L)], grads["db" + str(L)] = linear_activation_backward(
        dAL, caches[L - 1], "sigmoid")
    for l in reversed(range(L - 1)):
        dA_prev, dW, db = linear_activation_backward(grads["dA" + str(L - 1)], caches[l], "relu")
        grads["dA" + str(l)], grads["dW" + str(l + 1)], grads["db" + str(l + 1)] = dA_prev, dW, db
    return grads
'''),
    Impl(function=LMB, style="caches[l] one layer off", right=False, words=["caches[l - 1]"], source='''
def L_model_backward(AL, Y, caches, need_dA0=True):
    grads = {}
    L = len(caches)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    grads["dA" + str(L - 1)], grads["dW" + str(L)], grads["db" + str(L)] = linear_activation_backward(
        dAL, caches[L - 1], "sigmoid")
    for l in reversed(range(1, L)):
        dA_prev, dW, db = linear_activation_backward(grads["dA" + str(l)], caches[l], "relu")
        grads["dA" + str(l - 1)], grads["dW" + str(l)], grads["db" + str(l)] = dA_prev, dW, db
    return grads
'''),
    # ---- update_parameters: right -------------------------------------------------------------------
    Impl(function=UP, style="new dict, loop", right=True, source='''
def update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2
    new = {}
    for l in range(1, L + 1):
        new["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        new["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return new
'''),
    Impl(function=UP, style="later original: copy.deepcopy, then assign", right=True, source='''
import copy

def update_parameters(parameters, grads, learning_rate):
    parameters = copy.deepcopy(parameters)
    L = len(parameters) // 2
    for l in range(L):
        parameters["W" + str(l+1)] = parameters["W" + str(l+1)] - learning_rate * grads["dW" + str(l+1)]
        parameters["b" + str(l+1)] = parameters["b" + str(l+1)] - learning_rate * grads["db" + str(l+1)]
    return parameters
'''),
    Impl(function=UP, style="dict comprehension over the keys", right=True, source='''
def update_parameters(parameters, grads, learning_rate):
    return {key: value - learning_rate * grads["d" + key] for key, value in parameters.items()}
'''),
    Impl(function=UP, style="deepcopy then -=", right=True, source='''
import copy

def update_parameters(parameters, grads, learning_rate):
    params = copy.deepcopy(parameters)
    for l in range(1, len(params) // 2 + 1):
        params["W%d" % l] -= learning_rate * grads["dW%d" % l]
        params["b%d" % l] -= learning_rate * grads["db%d" % l]
    return params
'''),
    Impl(function=UP, style="shallow copy, new arrays", right=True, source='''
def update_parameters(parameters, grads, learning_rate):
    parameters = parameters.copy()
    L = len(parameters) // 2
    for l in range(L):
        parameters["W" + str(l + 1)] = parameters["W" + str(l + 1)] - np.multiply(learning_rate, grads["dW" + str(l + 1)])
        parameters["b" + str(l + 1)] = parameters["b" + str(l + 1)] - np.multiply(learning_rate, grads["db" + str(l + 1)])
    return parameters
'''),
    # ---- update_parameters: wrong -------------------------------------------------------------------
    Impl(function=UP, style="in place -=", right=False, words=["in place"], source='''
def update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for l in range(L):
        parameters["W" + str(l + 1)] -= learning_rate * grads["dW" + str(l + 1)]
        parameters["b" + str(l + 1)] -= learning_rate * grads["db" + str(l + 1)]
    return parameters
'''),
    Impl(function=UP, style="original: assigned into the caller's dict", right=False,
         words=["original", "new dict"], source='''
def update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for l in range(L):
        parameters["W" + str(l+1)] = parameters["W" + str(l+1)] - learning_rate * grads["dW" + str(l+1)]
        parameters["b" + str(l+1)] = parameters["b" + str(l+1)] - learning_rate * grads["db" + str(l+1)]
    return parameters
'''),
    Impl(function=UP, style="plus instead of minus", right=False, words=["uphill"], source='''
def update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2
    return {f"{p}{l}": parameters[f"{p}{l}"] + learning_rate * grads[f"d{p}{l}"]
            for l in range(1, L + 1) for p in ("W", "b")}
'''),
    Impl(function=UP, style="loop misses the last layer", right=False, words=["not updated"], source='''
def update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2
    new = dict(parameters)
    for l in range(1, L):
        new["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        new["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return new
'''),
    Impl(function=UP, style="learning rate forgotten", right=False, words=["learning rate is missing"], source='''
def update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2
    new = {}
    for l in range(1, L + 1):
        new["W" + str(l)] = parameters["W" + str(l)] - grads["dW" + str(l)]
        new["b" + str(l)] = parameters["b" + str(l)] - grads["db" + str(l)]
    return new
'''),
]
