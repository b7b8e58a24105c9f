"""Corpus of notebook 02_forward: linear_forward, linear_activation_forward, L_model_forward (format: harness.py)."""
from harness import Impl

CASES = [
    Impl(function="linear_forward", style="np.dot", right=True, source='''
def linear_forward(A, W, b):
    Z = np.dot(W, A) + b
    cache = (A, W, b)
    return Z, cache
'''),
    Impl(function="linear_forward", style="W.T", right=False, words=["transpose"], source='''
def linear_forward(A, W, b):
    Z = np.dot(W.T, A) + b
    return Z, (A, W, b)
'''),
    Impl(function="linear_activation_forward", style="if/elif", right=True, source='''
def linear_activation_forward(A_prev, W, b, activation):
    if activation == "sigmoid":
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = sigmoid(Z)
    elif activation == "relu":
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = relu(Z)
    else:
        raise ValueError(f"activation must be 'sigmoid' or 'relu', not {activation!r}")
    return A, (linear_cache, activation_cache)
'''),
    Impl(function="linear_activation_forward", style="flat cache", right=False, words=["flat"], source='''
def linear_activation_forward(A_prev, W, b, activation):
    if activation not in ("sigmoid", "relu"):
        raise ValueError("activation must be sigmoid or relu")
    Z = W @ A_prev + b
    A, _ = sigmoid(Z) if activation == "sigmoid" else relu(Z)
    return A, (A_prev, W, b, Z)
'''),
    Impl(function="L_model_forward", style="template loop", right=True, source='''
def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A_prev = A
        A, cache = linear_activation_forward(A_prev, parameters['W' + str(l)], parameters['b' + str(l)], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters['W' + str(L)], parameters['b' + str(L)], "sigmoid")
    caches.append(cache)
    return AL, caches
'''),
    Impl(function="L_model_forward", style="relu at the output", right=False, words=["relu"], source='''
def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L + 1):
        A, cache = linear_activation_forward(A, parameters['W' + str(l)], parameters['b' + str(l)], "relu")
        caches.append(cache)
    return A, caches
'''),
]
