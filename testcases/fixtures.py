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


# ---- 07_optimization ----
def update_parameters_with_gd_case():
    """seed 1: W1 (2, 3), b1 (2, 1), W2 (3, 3), b2 (3, 1), then dW1, db1, dW2, db2 of the same shapes;
    learning rate 0.01"""
    W1, b1, W2, b2, dW1, db1, dW2, db2 = _draw(1, (2, 3), (2, 1), (3, 3), (3, 1), (2, 3), (2, 1), (3, 3), (3, 1))
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    return parameters, grads, 0.01


def random_mini_batches_case():
    """seed 1: X = randn(12288, 148), Y = randn(1, 148) < 0.5; mini_batch_size 64, seed 0"""
    rng = np.random.RandomState(1)
    X = rng.randn(12288, 148)
    Y = rng.randn(1, 148) < 0.5
    return X, Y, 64, 0


def _zeros_like_grads(parameters):
    return {"d" + key: np.zeros_like(value) for key, value in parameters.items()}


def update_parameters_with_momentum_case():
    """the gd case; v zeros; beta 0.9, learning rate 0.01"""
    parameters, grads, learning_rate = update_parameters_with_gd_case()
    return parameters, grads, _zeros_like_grads(parameters), 0.9, learning_rate


def update_parameters_with_adam_case():
    """the gd case; v and s zeros; t = 2, learning rate 0.01, beta1 0.9, beta2 0.999, epsilon 1e-8"""
    parameters, grads, learning_rate = update_parameters_with_gd_case()
    return (parameters, grads, _zeros_like_grads(parameters), _zeros_like_grads(parameters), 2, learning_rate,
            0.9, 0.999, 1e-8)


def random_optimizer_case(seed, layer_dims, m=3, fresh=False, grad_scale=1.0):
    """Random parameters, grads, v and s for layer_dims, from RandomState(seed).

    grads holds dW1, db1, ... (standard normal times grad_scale) and, as L_model_backward returns them,
    dA0 .. dA{L-1} (n[l], m), which an update must ignore. v is standard normal, s uniform in [0, 1)
    (a second moment is never negative); both zeros when ``fresh``.
    """
    rng = np.random.RandomState(seed)
    _, _, parameters = random_network(rng, layer_dims, m)
    grads = {}
    for l in range(len(layer_dims) - 1):
        grads["dA" + str(l)] = rng.randn(layer_dims[l], m)
    for key, value in parameters.items():
        grads["d" + key] = grad_scale * rng.randn(*value.shape)
    if fresh:
        return parameters, grads, _zeros_like_grads(parameters), _zeros_like_grads(parameters)
    v = {"d" + key: rng.randn(*value.shape) for key, value in parameters.items()}
    s = {"d" + key: rng.rand(*value.shape) for key, value in parameters.items()}
    return parameters, grads, v, s


# ---- 08_gradient_check ----
def gradient_check_1d_case():
    """x, theta = 2, 4"""
    return 2, 4


def gradient_check_n_case():
    """seed 1: X (4, 3), W1 (5, 4), b1 (5, 1), W2 (3, 5), b2 (3, 1), W3 (1, 3), b3 (1, 1); Y = [[1, 1, 0]]"""
    X, W1, b1, W2, b2, W3, b3 = _draw(1, (4, 3), (5, 4), (5, 1), (3, 5), (3, 1), (1, 3), (1, 1))
    Y = np.array([[1, 1, 0]])
    return X, Y, {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}


def numerical_gradient_case():
    """f(x) = sum(x[0]**2 + x[1]**2) at x = [[3., 4.], [3., 4.]]"""
    def f(x):
        return np.sum(x[0] ** 2 + x[1] ** 2)
    return f, np.array([[3.0, 4.0], [3.0, 4.0]])


# ---- 09_layers_softmax (examples are rows) ----
def softmax_cases():
    """a = [0.3, 2.9, 4.0]; a = [1010, 1000, 990], whose exp would overflow"""
    return np.array([0.3, 2.9, 4.0]), np.array([1010.0, 1000.0, 990.0])


def softmax_batch_case(seed=0, N=4, C=5):
    """seed: a = 3 * randn(N, C), then 1000 added to row 1, so that a single max over the whole batch would
    push the other rows' exp to 0"""
    a = 3.0 * np.random.RandomState(seed).randn(N, C)
    a[1] += 1000.0
    return a


def cross_entropy_case(seed=0, N=4, C=5):
    """seed: probabilities y (N, C), the softmax of 2 * randn(N, C); labels randint(C, size=N), drawn after;
    returns y, labels (N,) and the same labels one-hot (N, C)"""
    rng = np.random.RandomState(seed)
    scores = 2.0 * rng.randn(N, C)
    labels = rng.randint(C, size=N)
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    y = e / e.sum(axis=1, keepdims=True)
    return y, labels, np.eye(C)[labels]


def layer_case(seed, N, D, H):
    """seed: x (N, D), W (D, H), b (H,), dout (N, H), in that order"""
    rng = np.random.RandomState(seed)
    return rng.randn(N, D), rng.randn(D, H), rng.randn(H), rng.randn(N, H)


def classification_batch(seed, N, D, C):
    """seed: x (N, D) standard normal, labels randint(C, size=N); returns x, labels (N,), one-hot (N, C)"""
    rng = np.random.RandomState(seed)
    x = rng.randn(N, D)
    labels = rng.randint(C, size=N)
    return x, labels, np.eye(C)[labels]


# ---- 05_model: tiny data sets for the training loop and predict ----
def model_case(seed=1, n_x=6, m=20):
    """A small binary problem: X (n_x, m) with entries in [0, 1) like scaled pixels, Y (1, m) 0/1.

    About a third of the labels are 1 (like the cats of the training set); they follow a random linear
    rule of X, so that a network learns them within a few hundred iterations.
    """
    rng = np.random.RandomState(seed)
    X = rng.rand(n_x, m)
    w = rng.randn(n_x, 1)
    score = np.sum(w * (X - 0.5), axis=0, keepdims=True)
    Y = (score > np.sort(score, axis=None)[(2 * m) // 3]).astype(np.int64)
    return X, Y


def predict_case(seed=1, layer_dims=(4, 5, 3, 1), m=10):
    """X (n[0], m), labels y (1, m) and the parameters of a network whose outputs lie on both sides of
    0.5, none of them within 1e-3 of it (so that > and >= agree)."""
    from dnn_utils import L_model_forward

    rng = np.random.RandomState(seed)
    while True:
        X, y, parameters = random_network(rng, list(layer_dims), m)
        A, _ = L_model_forward(X, parameters)
        if np.all(np.abs(A - 0.5) > 1e-3) and (m == 1 or 0 < np.sum(A > 0.5) < m):
            return X, y.astype(np.int64), parameters


# ---- 06_regularization (the 3-layer network of dnn_utils.three_layer) ----
#: the shapes of W1, b1, W2, b2, W3, b3 in the documented cases of notebook 06
THREE_LAYER_SHAPES = ((2, 3), (2, 1), (3, 2), (3, 1), (1, 3), (1, 1))


def _three_layer_parameters(rng):
    W1, b1, W2, b2, W3, b3 = (rng.randn(*shape) for shape in THREE_LAYER_SHAPES)
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}


def compute_cost_with_regularization_case():
    """seed 1: W1 (2, 3), b1 (2, 1), W2 (3, 2), b2 (3, 1), W3 (1, 3), b3 (1, 1); Y = [[1, 1, 0, 1, 0]];
    A3 the documented literal; lambd 0.1"""
    parameters = _three_layer_parameters(np.random.RandomState(1))
    A3 = np.array([[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]])
    Y = np.array([[1, 1, 0, 1, 0]])
    return A3, Y, parameters, 0.1


def three_layer_case():
    """seed 1: X (3, 5), then W1 .. b3 with the shapes above; Y = [[1, 1, 0, 1, 0]]"""
    rng = np.random.RandomState(1)
    X = rng.randn(3, 5)
    parameters = _three_layer_parameters(rng)
    return X, np.array([[1, 1, 0, 1, 0]]), parameters


def backward_propagation_with_regularization_case():
    """the three-layer case; cache from the plain forward_propagation; lambd 0.7"""
    from dnn_utils.three_layer import forward_propagation

    X, Y, parameters = three_layer_case()
    _, cache = forward_propagation(X, parameters)
    return X, Y, cache, 0.7


def forward_propagation_with_dropout_case():
    """the three-layer case's X and parameters; keep_prob 0.7 (the masks come from RandomState(1))"""
    X, _, parameters = three_layer_case()
    return X, parameters, 0.7


def backward_propagation_with_dropout_case():
    """the three-layer case; cache from forward_propagation_with_dropout(X, parameters, keep_prob=0.5,
    rng=RandomState(1)); backward with keep_prob 0.8 (the course's own mismatch, kept for its values)"""
    from dnn_utils.three_layer import forward_propagation_with_dropout

    X, Y, parameters = three_layer_case()
    _, cache = forward_propagation_with_dropout(X, parameters, keep_prob=0.5, rng=np.random.RandomState(1))
    return X, Y, cache, 0.8
