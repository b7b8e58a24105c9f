"""Corpus of notebook 06_regularization: the L2 cost and its gradients, the forward and backward passes
with dropout, right and wrong, in the styles students write them (the original course's template with
np.multiply and np.int64(A > 0), @, np.maximum for the ReLU, loops over the weights, the given
backward_propagation reused, the original course's helpers and global random numbers)."""
from harness import Impl

CASES = [
    # ---- compute_cost_with_regularization -----------------------------------------------------------
    Impl(function="compute_cost_with_regularization", style="template, 1./m * lambd/2", right=True, source='''
def compute_cost_with_regularization(A3, Y, parameters, lambd):
    m = Y.shape[1]
    W1 = parameters["W1"]
    W2 = parameters["W2"]
    W3 = parameters["W3"]
    cross_entropy_cost = compute_cost(A3, Y)
    L2_regularization_cost = (1. / m) * (lambd / 2) * (np.sum(np.square(W1)) + np.sum(np.square(W2)) + np.sum(np.square(W3)))
    cost = cross_entropy_cost + L2_regularization_cost
    return cost
'''),
    Impl(function="compute_cost_with_regularization", style="loop over the weights, ** 2", right=True, source='''
def compute_cost_with_regularization(A3, Y, parameters, lambd):
    m = Y.shape[1]
    squares = 0
    for l in range(1, 4):
        squares += np.sum(parameters["W" + str(l)] ** 2)
    return float(compute_cost(A3, Y) + lambd * squares / (2 * m))
'''),
    Impl(function="compute_cost_with_regularization", style="np.linalg.norm squared", right=True, source='''
def compute_cost_with_regularization(A3, Y, parameters, lambd):
    m = A3.shape[1]
    l2 = sum(np.linalg.norm(parameters[k]) ** 2 for k in ("W1", "W2", "W3"))
    return compute_cost(A3, Y) + lambd / (2 * m) * l2
'''),
    Impl(function="compute_cost_with_regularization", style="lambd / m", right=False, words=["lambd / (2 m)"],
         absent=["constant factor"], source='''
def compute_cost_with_regularization(A3, Y, parameters, lambd):
    m = Y.shape[1]
    s = np.sum(np.square(parameters["W1"])) + np.sum(np.square(parameters["W2"])) + np.sum(np.square(parameters["W3"]))
    return compute_cost(A3, Y) + lambd / m * s
'''),
    Impl(function="compute_cost_with_regularization", style="m = Y.shape[0]", right=False, words=["Y.shape[1]"],
         absent=["constant factor"], source='''
def compute_cost_with_regularization(A3, Y, parameters, lambd):
    m = Y.shape[0]
    s = sum(np.sum(np.square(parameters[k])) for k in ("W1", "W2", "W3"))
    return compute_cost(A3, Y) + lambd / (2 * m) * s
'''),
    Impl(function="compute_cost_with_regularization", style="biases too", right=False, words=["biases"],
         source='''
def compute_cost_with_regularization(A3, Y, parameters, lambd):
    m = Y.shape[1]
    s = sum(np.sum(np.square(value)) for value in parameters.values())
    return compute_cost(A3, Y) + lambd / (2 * m) * s
'''),
    Impl(function="compute_cost_with_regularization", style="np.linalg.norm, not squared", right=False,
         words=["square root"], source='''
def compute_cost_with_regularization(A3, Y, parameters, lambd):
    m = Y.shape[1]
    l2 = sum(np.linalg.norm(parameters[k]) for k in ("W1", "W2", "W3"))
    return compute_cost(A3, Y) + lambd / (2 * m) * l2
'''),
    Impl(function="compute_cost_with_regularization", style="range(1, 3) leaves out W3", right=False,
         words=["leaves out W3"], source='''
def compute_cost_with_regularization(A3, Y, parameters, lambd):
    m = Y.shape[1]
    squares = 0
    for l in range(1, 3):
        squares += np.sum(np.square(parameters["W" + str(l)]))
    return compute_cost(A3, Y) + lambd / (2 * m) * squares
'''),
    Impl(function="compute_cost_with_regularization", style="1/2 * lambd/m as integers", right=True, source='''
def compute_cost_with_regularization(A3, Y, parameters, lambd):
    m = Y.shape[1]
    total = np.sum(np.square(parameters["W1"])) + np.sum(np.square(parameters["W2"])) + np.sum(np.square(parameters["W3"]))
    return compute_cost(A3, Y) + 1 / 2 * lambd / m * total
'''),
]

# ---- the backward pass with L2: a template with one line to change -------------------------------------
L2_TEMPLATE = '''
def backward_propagation_with_regularization(X, Y, cache, lambd):
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    DW3_LINE
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    DW2_LINE
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    DW1_LINE
    DB1_LINE
    gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2,
                 "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                 "dZ1": dZ1, "dW1": dW1, "db1": db1}
    return gradients
'''
L2_RIGHT = dict(DW3_LINE='dW3 = 1. / m * np.dot(dZ3, A2.T) + (lambd * W3) / m',
                DW2_LINE='dW2 = 1. / m * np.dot(dZ2, A1.T) + (lambd * W2) / m',
                DW1_LINE='dW1 = 1. / m * np.dot(dZ1, X.T) + (lambd * W1) / m',
                DB1_LINE='db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)')


def l2(**lines):
    source = L2_TEMPLATE
    for key, line in dict(L2_RIGHT, **lines).items():
        source = source.replace(key, line)
    return source


CASES += [
    Impl(function="backward_propagation_with_regularization", style="template, np.multiply, np.int64", right=True,
         source=l2()),
    Impl(function="backward_propagation_with_regularization", style="the given backward_propagation plus the term",
         right=True, source='''
from dnn_utils.three_layer import backward_propagation

def backward_propagation_with_regularization(X, Y, cache, lambd):
    m = X.shape[1]
    gradients = dict(backward_propagation(X, Y, cache))
    weights = {"dW1": cache[2], "dW2": cache[6], "dW3": cache[10]}
    for key, W in weights.items():
        gradients[key] = gradients[key] + lambd / m * W
    return gradients
'''),
    Impl(function="backward_propagation_with_regularization", style="@, ReLU derivative from Z", right=True, source='''
def backward_propagation_with_regularization(X, Y, cache, lambd):
    Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3 = cache
    m = X.shape[1]
    g = {}
    g["dZ3"] = A3 - Y
    g["dW3"] = (g["dZ3"] @ A2.T + lambd * W3) / m
    g["db3"] = g["dZ3"].sum(axis=1, keepdims=True) / m
    g["dA2"] = W3.T @ g["dZ3"]
    g["dZ2"] = g["dA2"] * (Z2 > 0)
    g["dW2"] = (g["dZ2"] @ A1.T + lambd * W2) / m
    g["db2"] = g["dZ2"].sum(axis=1, keepdims=True) / m
    g["dA1"] = W2.T @ g["dZ2"]
    g["dZ1"] = g["dA1"] * (Z1 > 0)
    g["dW1"] = (g["dZ1"] @ X.T + lambd * W1) / m
    g["db1"] = g["dZ1"].sum(axis=1, keepdims=True) / m
    return g
'''),
    Impl(function="backward_propagation_with_regularization", style="no term on dW1", right=False,
         words=["(lambd / m) * W"], source=l2(DW1_LINE='dW1 = 1. / m * np.dot(dZ1, X.T)')),
    Impl(function="backward_propagation_with_regularization", style="lambd / (2 m)", right=False,
         words=["(lambd / (2 m)) * W", "(lambd / m) * W"], source=l2(
             DW3_LINE='dW3 = 1. / m * np.dot(dZ3, A2.T) + lambd / (2 * m) * W3',
             DW2_LINE='dW2 = 1. / m * np.dot(dZ2, A1.T) + lambd / (2 * m) * W2',
             DW1_LINE='dW1 = 1. / m * np.dot(dZ1, X.T) + lambd / (2 * m) * W1')),
    Impl(function="backward_propagation_with_regularization", style="term on db too", right=False,
         words=["db has a (lambd / m) * b term"], source=l2(DB1_LINE='db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True) + lambd / m * b1')),
    Impl(function="backward_propagation_with_regularization", style="db squeezed to 1-D", right=False,
         words=["1-D", "keepdims=True"], absent=["sum over every axis"],
         source=l2(DB1_LINE='db1 = 1. / m * np.sum(dZ1, axis=1)')),
    Impl(function="backward_propagation_with_regularization", style="term not divided by m", right=False,
         words=["not divided by m"], source=l2(DW3_LINE='dW3 = 1. / m * np.dot(dZ3, A2.T) + lambd * W3',
                                              DW2_LINE='dW2 = 1. / m * np.dot(dZ2, A1.T) + lambd * W2',
                                              DW1_LINE='dW1 = 1. / m * np.dot(dZ1, X.T) + lambd * W1')),
]

# ---- the forward pass with dropout -----------------------------------------------------------------------
FORWARD_TEMPLATE = '''
def forward_propagation_with_dropout(X, parameters, keep_prob=0.5, rng=None):
    RNG_LINE
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    W3 = parameters["W3"]
    b3 = parameters["b3"]
    Z1 = np.dot(W1, X) + b1
    RELU1_LINE
    D1_LINE
    A1 = A1 * D1
    A1 = A1 / keep_prob
    Z2 = np.dot(W2, A1) + b2
    A2, _ = relu(Z2)
    D2_LINE
    A2 = A2 * D2
    A2 = A2 / keep_prob
    Z3 = np.dot(W3, A2) + b3
    A3, _ = sigmoid(Z3)
    cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache
'''
FORWARD_RIGHT = dict(RNG_LINE='if rng is None:\n        rng = np.random.RandomState(1)',
                     RELU1_LINE='A1, _ = relu(Z1)',
                     D1_LINE='D1 = rng.rand(A1.shape[0], A1.shape[1])\n    D1 = D1 < keep_prob',
                     D2_LINE='D2 = rng.rand(A2.shape[0], A2.shape[1]) < keep_prob')


def forward(**lines):
    source = FORWARD_TEMPLATE
    for key, line in dict(FORWARD_RIGHT, **lines).items():
        source = source.replace(key, line)
    return source


CASES += [
    Impl(function="forward_propagation_with_dropout", style="template with rng", right=True, source=forward()),
    Impl(function="forward_propagation_with_dropout", style="np.maximum, @, *A.shape", right=True, source='''
def forward_propagation_with_dropout(X, parameters, keep_prob=0.5, rng=None):
    rng = np.random.RandomState(1) if rng is None else rng
    p = parameters
    Z1 = p["W1"] @ X + p["b1"]
    D1 = rng.rand(*Z1.shape) < keep_prob
    A1 = np.maximum(0, Z1) * D1 / keep_prob
    Z2 = p["W2"] @ A1 + p["b2"]
    D2 = rng.rand(*Z2.shape) < keep_prob
    A2 = np.maximum(0, Z2) * D2 / keep_prob
    Z3 = p["W3"] @ A2 + p["b3"]
    A3 = 1 / (1 + np.exp(-Z3))
    return A3, (Z1, D1, A1, p["W1"], p["b1"], Z2, D2, A2, p["W2"], p["b2"], Z3, A3, p["W3"], p["b3"])
'''),
    Impl(function="forward_propagation_with_dropout", style="(A, cache) helpers of the original course", right=False,
         words=["relu(Z) and sigmoid(Z)", "(A, Z)", "A1, _ = relu(Z1)"], source=forward(RELU1_LINE='A1 = relu(Z1)')),
    Impl(function="forward_propagation_with_dropout", style="np.random.seed and np.random.rand (original course)",
         right=False, words=["global random state", "rng"], source=forward(
             RNG_LINE='np.random.seed(1)', D1_LINE='D1 = np.random.rand(A1.shape[0], A1.shape[1])\n    D1 = D1 < keep_prob',
             D2_LINE='D2 = np.random.rand(A2.shape[0], A2.shape[1]) < keep_prob')),
    Impl(function="forward_propagation_with_dropout", style="the original course's signature, no rng", right=False,
         words=["no rng argument", "rng=None"], absent=["keep its signature"], source=forward(
             RNG_LINE='rng = np.random.RandomState(1)').replace(
             "def forward_propagation_with_dropout(X, parameters, keep_prob=0.5, rng=None):",
             "def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):")),
    Impl(function="forward_propagation_with_dropout", style="D1 reused for layer 2", right=False,
         words=["D2", "A2", "own"], absent=["np.dot(W, A)"], source=forward(D2_LINE='D2 = D1')),
    Impl(function="forward_propagation_with_dropout", style="randn > keep_prob", right=False,
         words=["rng.randn", "rng.rand", "<"], source=forward(
             D1_LINE='D1 = rng.randn(A1.shape[0], A1.shape[1]) > keep_prob',
             D2_LINE='D2 = rng.randn(A2.shape[0], A2.shape[1]) > keep_prob')),
    Impl(function="forward_propagation_with_dropout", style="mask compared with >", right=False,
         words=["compared the wrong way"], source=forward(
             D1_LINE='D1 = rng.rand(A1.shape[0], A1.shape[1]) > keep_prob',
             D2_LINE='D2 = rng.rand(A2.shape[0], A2.shape[1]) > keep_prob')),
    Impl(function="forward_propagation_with_dropout", style="no 1 / keep_prob", right=False, words=["not divided by keep_prob"],
         source='''
def forward_propagation_with_dropout(X, parameters, keep_prob=0.5, rng=None):
    rng = rng or np.random.RandomState(1)
    Z1 = np.dot(parameters["W1"], X) + parameters["b1"]
    A1, _ = relu(Z1)
    D1 = rng.rand(*A1.shape) < keep_prob
    A1 = np.multiply(A1, D1)
    Z2 = np.dot(parameters["W2"], A1) + parameters["b2"]
    A2, _ = relu(Z2)
    D2 = rng.rand(*A2.shape) < keep_prob
    A2 = np.multiply(A2, D2)
    Z3 = np.dot(parameters["W3"], A2) + parameters["b3"]
    A3, _ = sigmoid(Z3)
    return A3, (Z1, D1, A1, parameters["W1"], parameters["b1"], Z2, D2, A2, parameters["W2"], parameters["b2"],
                Z3, A3, parameters["W3"], parameters["b3"])
'''),
    Impl(function="forward_propagation_with_dropout", style="a new RandomState(1) every call", right=False,
         words=["same on every call", "create RandomState(1) only when rng is None"],
         source=forward(RNG_LINE='rng = np.random.RandomState(1)')),
]

# ---- the backward pass with dropout ----------------------------------------------------------------------
DROPOUT_TEMPLATE = '''
def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    m = X.shape[1]
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T)
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    MASK2_LINE
    SCALE2_LINE
    DZ2_LINE
    dW2 = 1. / m * np.dot(dZ2, A1.T)
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    MASK1_LINE
    SCALE1_LINE
    DZ1_LINE
    dW1 = 1. / m * np.dot(dZ1, X.T)
    db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)
    gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2,
                 "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                 "dZ1": dZ1, "dW1": dW1, "db1": db1}
    return gradients
'''
DROPOUT_RIGHT = dict(MASK2_LINE='dA2 = dA2 * D2', SCALE2_LINE='dA2 = dA2 / keep_prob',
                     DZ2_LINE='dZ2 = np.multiply(dA2, np.int64(A2 > 0))',
                     MASK1_LINE='dA1 = dA1 * D1', SCALE1_LINE='dA1 = dA1 / keep_prob',
                     DZ1_LINE='dZ1 = np.multiply(dA1, np.int64(A1 > 0))')


def dropout(**lines):
    source = DROPOUT_TEMPLATE
    for key, line in dict(DROPOUT_RIGHT, **lines).items():
        source = source.replace(key, line)
    return source


CASES += [
    Impl(function="backward_propagation_with_dropout", style="template, np.int64(A > 0)", right=True, source=dropout()),
    Impl(function="backward_propagation_with_dropout", style="one line, np.multiply, Z > 0", right=True,
         source=dropout(MASK2_LINE='dA2 = np.multiply(dA2, D2) / keep_prob', SCALE2_LINE='',
                        DZ2_LINE='dZ2 = dA2 * (Z2 > 0)',
                        MASK1_LINE='dA1 = np.multiply(dA1, D1) / keep_prob', SCALE1_LINE='',
                        DZ1_LINE='dZ1 = dA1 * (Z1 > 0)')),
    Impl(function="backward_propagation_with_dropout", style="in-place *= and /=", right=True,
         source=dropout(MASK2_LINE='dA2 *= D2', SCALE2_LINE='dA2 /= keep_prob',
                        MASK1_LINE='dA1 *= D1', SCALE1_LINE='dA1 /= keep_prob')),
    Impl(function="backward_propagation_with_dropout", style="D1 reused for dA2", right=False,
         words=["D1", "dA2", "D2"], absent=["np.dot(W, A)"], source=dropout(MASK2_LINE='dA2 = dA2 * D1')),
    Impl(function="backward_propagation_with_dropout", style="D1 and D2 swapped", right=False,
         words=["D1", "dA2", "D2"], absent=["np.dot(W, A)"],
         source=dropout(MASK2_LINE='dA2 = dA2 * D1', MASK1_LINE='dA1 = dA1 * D2')),
    Impl(function="backward_propagation_with_dropout", style="mask applied to dZ", right=False,
         words=["dZ2", "dA2", "right after"], absent=["Multiply dA2 by D2 (and dA1 by D1), then divide"],
         source=dropout(MASK2_LINE='', SCALE2_LINE='',
                        DZ2_LINE='dZ2 = np.multiply(dA2, np.int64(A2 > 0)) * D2 / keep_prob',
                        MASK1_LINE='', SCALE1_LINE='',
                        DZ1_LINE='dZ1 = np.multiply(dA1, np.int64(A1 > 0)) * D1 / keep_prob')),
    Impl(function="backward_propagation_with_dropout", style="no / keep_prob", right=False,
         words=["not divided by keep_prob"], source=dropout(SCALE2_LINE='', SCALE1_LINE='')),
    Impl(function="backward_propagation_with_dropout", style="* keep_prob", right=False,
         words=["multiplied by keep_prob"], source=dropout(SCALE2_LINE='dA2 = dA2 * keep_prob',
                                                          SCALE1_LINE='dA1 = dA1 * keep_prob')),
    Impl(function="backward_propagation_with_dropout", style="masks forgotten", right=False,
         words=["mask is not applied"], source=dropout(MASK2_LINE='', MASK1_LINE='')),
]
