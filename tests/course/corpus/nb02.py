"""Corpus of notebook 02_forward: linear_forward, linear_activation_forward, L_model_forward (format: harness.py)."""
from harness import Impl

LF = "linear_forward"
LAF = "linear_activation_forward"
LMF = "L_model_forward"

# the loop of the original template, with one line changed where a case needs it
TEMPLATE_LOOP = '''
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
    {extra}
    return AL, caches
'''

CASES = [
    # ---- linear_forward: right ----------------------------------------------------------------------
    Impl(function=LF, style="np.dot", right=True, source='''
def linear_forward(A, W, b):
    Z = np.dot(W, A) + b
    cache = (A, W, b)
    return Z, cache
'''),
    Impl(function=LF, style="@ with assert", right=True, source='''
def linear_forward(A, W, b):
    Z = W @ A + b
    assert(Z.shape == (W.shape[0], A.shape[1]))
    return Z, (A, W, b)
'''),
    Impl(function=LF, style="np.matmul and np.add", right=True, source='''
def linear_forward(A, W, b):
    Z = np.add(np.matmul(W, A), b)
    return Z, (A, W, b)
'''),
    Impl(function=LF, style="loops over units and examples", right=True, source='''
def linear_forward(A, W, b):
    n, m = W.shape[0], A.shape[1]
    Z = np.zeros((n, m))
    for i in range(n):
        for j in range(m):
            Z[i, j] = np.sum(W[i, :] * A[:, j]) + b[i, 0]
    return Z, (A, W, b)
'''),
    Impl(function=LF, style="cache as a list", right=True, source='''
def linear_forward(A, W, b):
    Z = W.dot(A) + b
    cache = [A, W, b]
    return Z, cache
'''),
    # ---- linear_forward: wrong ----------------------------------------------------------------------
    Impl(function=LF, style="W.T", right=False, words=["transpose"], source='''
def linear_forward(A, W, b):
    Z = np.dot(W.T, A) + b
    return Z, (A, W, b)
'''),
    Impl(function=LF, style="elementwise *", right=False, words=["entry by entry", "np.dot(W, A)"], source='''
def linear_forward(A, W, b):
    Z = W * A + b
    return Z, (A, W, b)
'''),
    Impl(function=LF, style="np.multiply", right=False, words=["entry by entry"], source='''
def linear_forward(A, W, b):
    Z = np.multiply(W, A) + b
    return Z, (A, W, b)
'''),
    Impl(function=LF, style="A.T @ W.T", right=False, words=["wrong order"], source='''
def linear_forward(A, W, b):
    Z = np.dot(A.T, W.T) + b.T
    return Z, (A, W, b)
'''),
    Impl(function=LF, style="no bias", right=False, words=["b is missing"], source='''
def linear_forward(A, W, b):
    Z = np.dot(W, A)
    return Z, (A, W, b)
'''),
    Impl(function=LF, style="cache in another order", right=False, words=["order", "(A, W, b)"], source='''
def linear_forward(A, W, b):
    Z = np.dot(W, A) + b
    return Z, (W, A, b)
'''),
    Impl(function=LF, style="returns only Z", right=False, words=["2 values"], source='''
def linear_forward(A, W, b):
    return np.dot(W, A) + b
'''),
    # ---- linear_activation_forward: right -----------------------------------------------------------
    Impl(function=LAF, style="template if/elif", right=True, source='''
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
    Impl(function=LAF, style="own sigmoid and np.maximum", right=True, source='''
def linear_activation_forward(A_prev, W, b, activation):
    Z = np.dot(W, A_prev) + b
    if activation == "sigmoid":
        A = 1 / (1 + np.exp(-Z))
    elif activation == "relu":
        A = np.maximum(0, Z)
    else:
        raise ValueError("activation should be 'sigmoid' or 'relu'")
    return A, ((A_prev, W, b), Z)
'''),
    Impl(function=LAF, style="dict of activations", right=True, source='''
def linear_activation_forward(A_prev, W, b, activation):
    functions = {"sigmoid": sigmoid, "relu": relu}
    if activation not in functions:
        raise ValueError(f"activation must be one of 'sigmoid', 'relu'; got {activation}")
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, Z_cache = functions[activation](Z)
    cache = (linear_cache, Z_cache)
    return A, cache
'''),
    Impl(function=LAF, style="cache as a list, activation checked first", right=True, source='''
def linear_activation_forward(A_prev, W, b, activation):
    if activation != "sigmoid" and activation != "relu":
        raise ValueError("activation must be 'sigmoid' or 'relu', got " + repr(activation))
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = sigmoid(Z) if activation == "sigmoid" else relu(Z)
    return A, [linear_cache, activation_cache]
'''),
    # ---- linear_activation_forward: wrong -----------------------------------------------------------
    Impl(function=LAF, style="flat cache", right=False, words=["flat"], source='''
def linear_activation_forward(A_prev, W, b, activation):
    if activation not in ("sigmoid", "relu"):
        raise ValueError("activation must be sigmoid or relu")
    Z = W @ A_prev + b
    A, _ = sigmoid(Z) if activation == "sigmoid" else relu(Z)
    return A, (A_prev, W, b, Z)
'''),
    Impl(function=LAF, style="activations swapped", right=False, words=["relu"], source='''
def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    if activation == "sigmoid":
        A, activation_cache = relu(Z)
    elif activation == "relu":
        A, activation_cache = sigmoid(Z)
    else:
        raise ValueError("activation must be 'sigmoid' or 'relu'")
    return A, (linear_cache, activation_cache)
'''),
    Impl(function=LAF, style="keeps the (A, Z) pair as A", right=False, words=["unpack"], source='''
def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    if activation == "sigmoid":
        A = sigmoid(Z)
    elif activation == "relu":
        A = relu(Z)
    else:
        raise ValueError("activation must be 'sigmoid' or 'relu'")
    return A, (linear_cache, Z)
'''),
    Impl(function=LAF, style="sigmoid without the minus", right=False, words=["exp(-Z)"], source='''
def linear_activation_forward(A_prev, W, b, activation):
    Z = np.dot(W, A_prev) + b
    if activation == "sigmoid":
        A = 1 / (1 + np.exp(Z))
    elif activation == "relu":
        A = np.maximum(0, Z)
    else:
        raise ValueError("activation must be 'sigmoid' or 'relu'")
    return A, ((A_prev, W, b), Z)
'''),
    Impl(function=LAF, style="np.max for relu", right=False, words=["np.maximum(0, Z)"], source='''
def linear_activation_forward(A_prev, W, b, activation):
    Z = np.dot(W, A_prev) + b
    if activation == "sigmoid":
        A = 1 / (1 + np.exp(-Z))
    elif activation == "relu":
        A = np.max(Z, 0)
    else:
        raise ValueError("activation must be 'sigmoid' or 'relu'")
    return A, ((A_prev, W, b), Z)
'''),
    Impl(function=LAF, style="A cached for Z", right=False, words=["holds A where Z belongs"], source='''
def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    if activation == "sigmoid":
        A, _ = sigmoid(Z)
    elif activation == "relu":
        A, _ = relu(Z)
    else:
        raise ValueError("activation must be 'sigmoid' or 'relu'")
    return A, (linear_cache, A)
'''),
    Impl(function=LAF, style="unknown activation returns None", right=False, words=["tanh", "accepted"], source='''
def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    if activation == "sigmoid":
        A, activation_cache = sigmoid(Z)
    elif activation == "relu":
        A, activation_cache = relu(Z)
    else:
        return None, None
    return A, (linear_cache, activation_cache)
'''),
    Impl(function=LAF, style="original template without else", right=False, words=["ValueError", "'sigmoid'", "no `else`"],
         source='''
def linear_activation_forward(A_prev, W, b, activation):
    if activation == "sigmoid":
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = sigmoid(Z)
    elif activation == "relu":
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = relu(Z)
    cache = (linear_cache, activation_cache)
    return A, cache
'''),
    # ---- L_model_forward: right ---------------------------------------------------------------------
    Impl(function=LMF, style="template loop", right=True, source=TEMPLATE_LOOP.format(extra="")),
    Impl(function=LMF, style="template loop with the template's assert", right=True,
         source=TEMPLATE_LOOP.format(extra="assert(AL.shape == (1, X.shape[1]))")),
    Impl(function=LMF, style="one loop, activation chosen inside", right=True, source='''
def L_model_forward(X, parameters):
    L = len(parameters) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        activation = "sigmoid" if l == L else "relu"
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], activation)
        caches.append(cache)
    return A, caches
'''),
    Impl(function=LMF, style="L from the keys, caches as list +=", right=True, source='''
def L_model_forward(X, parameters):
    L = len([key for key in parameters if key.startswith("W")])
    caches = []
    A = X
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters["W%d" % l], parameters["b%d" % l], activation="relu")
        caches += [cache]
    AL, cache = linear_activation_forward(A, parameters["W%d" % L], parameters["b%d" % L], activation="sigmoid")
    caches += [cache]
    return AL, caches
'''),
    # ---- L_model_forward: wrong ---------------------------------------------------------------------
    Impl(function=LMF, style="relu at the output", right=False, words=["relu"], source='''
def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L + 1):
        A, cache = linear_activation_forward(A, parameters['W' + str(l)], parameters['b' + str(l)], "relu")
        caches.append(cache)
    return A, caches
'''),
    Impl(function=LMF, style="L = len(parameters)", right=False, words=["L = len(parameters) // 2"], source='''
def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters)
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters['W' + str(l)], parameters['b' + str(l)], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters['W' + str(L)], parameters['b' + str(L)], "sigmoid")
    caches.append(cache)
    return AL, caches
'''),
    Impl(function=LMF, style="output layer fed with A_prev", right=False, words=["each layer takes the A the layer before it returned"], source='''
def L_model_forward(X, parameters):
    caches = []
    A = X
    A_prev = X
    L = len(parameters) // 2
    for l in range(1, L):
        A_prev = A
        A, cache = linear_activation_forward(A_prev, parameters['W' + str(l)], parameters['b' + str(l)], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A_prev, parameters['W' + str(L)], parameters['b' + str(L)], "sigmoid")
    caches.append(cache)
    return AL, caches
'''),
    Impl(function=LMF, style="every layer fed with X", right=False, words=["each layer takes the A the layer before it returned"], source='''
def L_model_forward(X, parameters):
    caches = []
    L = len(parameters) // 2
    A = X
    for l in range(1, L):
        A, cache = linear_activation_forward(X, parameters['W' + str(l)], parameters['b' + str(l)], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters['W' + str(L)], parameters['b' + str(L)], "sigmoid")
    caches.append(cache)
    return AL, caches
'''),
    Impl(function=LMF, style="output cache not appended", right=False, words=["one cache is missing"],
         source='''
def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters['W' + str(l)], parameters['b' + str(l)], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters['W' + str(L)], parameters['b' + str(L)], "sigmoid")
    return AL, caches
'''),
    Impl(function=LMF, style="caches appended to itself", right=False, words=["more caches than layers", "<itself>"], source='''
def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters['W' + str(l)], parameters['b' + str(l)], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters['W' + str(L)], parameters['b' + str(L)], "sigmoid")
    caches.append(cache)
    caches.append(caches)
    return AL, caches
'''),
    Impl(function=LMF, style="keys from W0", right=False, words=["'W0' is not there", "range of your loop"], source='''
def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(L - 1):
        A, cache = linear_activation_forward(A, parameters['W' + str(l)], parameters['b' + str(l)], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters['W' + str(L)], parameters['b' + str(L)], "sigmoid")
    caches.append(cache)
    return AL, caches
'''),
    Impl(function=LMF, style="sigmoid everywhere", right=False, words=["sigmoid"], source='''
def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L + 1):
        A, cache = linear_activation_forward(A, parameters['W' + str(l)], parameters['b' + str(l)], "sigmoid")
        caches.append(cache)
    return A, caches
'''),
]
