"""The 3-layer network of notebook 06_regularization, LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID,
with its training loop.

Given to the notebook: :func:`initialize_parameters` (for ``[2, 20, 3, 1]``), the plain
:func:`forward_propagation` / :func:`backward_propagation`, :func:`predict`, :func:`classify`,
:func:`accuracy` and :func:`model`. The regularised versions are the reference implementations of the
notebook's exercises; ``model`` uses them unless it is handed the student's functions.

Caches (COURSE.md):

- plain:   ``(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)``
- dropout: ``(Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)``, where ``A1`` and ``A2`` are the
  activations *after* the mask and the ``1/keep_prob`` scaling, and ``Z1``, ``Z2`` the linear parts
  before any mask.

Gradients: ``dW1 .. dW3`` and ``db1 .. db3`` are those of the cost (averaged over m); ``dZ3 .. dZ1``,
``dA2`` and ``dA1`` are those of the loss *summed* over the m examples (the course's convention), ``dAl``
being the gradient with respect to the output of layer l's ReLU. No function here touches numpy's
global random state or changes its inputs.
"""
import numpy as np

from .activations import relu, relu_backward, sigmoid
from .backward import linear_backward, update_parameters
from .cost import compute_cost
from .initialization import initialize_parameters_deep

#: the layer sizes of the notebook's network: 2 inputs, hidden layers of 20 and 3 units, one output
LAYER_DIMS = (2, 20, 3, 1)


def initialize_parameters(layer_dims=LAYER_DIMS, seed=3):
    """Parameters of the 3-layer network: ``W[l] = randn(n[l], n[l-1]) / sqrt(n[l-1])``, drawn W1, W2,
    W3 from one ``RandomState(seed)``; biases zero.

    layer_dims -- sequence [n[0], n[1], n[2], n[3]]; seed -- int
    Returns {"W1": (n[1], n[0]), "b1": (n[1], 1), ..., "W3": (n[3], n[2]), "b3": (n[3], 1)}
    """
    return initialize_parameters_deep(list(layer_dims), seed=seed, init="xavier")


def _unpack(parameters):
    return (parameters["W1"], parameters["b1"], parameters["W2"], parameters["b2"],
            parameters["W3"], parameters["b3"])


def forward_propagation(X, parameters):
    """The plain forward pass.

    X -- ndarray (n[0], m); parameters -- dict W1 (n[1], n[0]), b1 (n[1], 1), ..., W3, b3
    Returns A3 -- ndarray (1, m), the probabilities; cache -- (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    """
    W1, b1, W2, b2, W3, b3 = _unpack(parameters)
    Z1 = W1 @ X + b1
    A1, _ = relu(Z1)
    Z2 = W2 @ A1 + b2
    A2, _ = relu(Z2)
    Z3 = W3 @ A2 + b3
    A3, _ = sigmoid(Z3)
    return A3, (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)


def _gradients(X, Y, Z1, A1, W1, Z2, A2, W2, A3, W3, masks=None, keep_prob=1.0, lambd=0.0):
    """Backward pass shared by the three variants: masks = (D1, D2) for dropout, lambd for L2."""
    m = X.shape[1]
    Y = np.asarray(Y, dtype=float).reshape(A3.shape)
    dZ3 = A3 - Y
    dW3 = (dZ3 @ A2.T) / m + (lambd / m) * W3
    db3 = np.sum(dZ3, axis=1, keepdims=True) / m
    dA2 = W3.T @ dZ3
    if masks is not None:
        dA2 = dA2 * masks[1] / keep_prob
    dZ2 = np.where(Z2 > 0, dA2, 0.0)
    dW2 = (dZ2 @ A1.T) / m + (lambd / m) * W2
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dA1 = W2.T @ dZ2
    if masks is not None:
        dA1 = dA1 * masks[0] / keep_prob
    dZ1 = np.where(Z1 > 0, dA1, 0.0)
    dW1 = (dZ1 @ X.T) / m + (lambd / m) * W1
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def backward_propagation(X, Y, cache):
    """The plain backward pass.

    X -- ndarray (n[0], m); Y -- ndarray (1, m) of 0/1; cache -- as forward_propagation returns it
    Returns gradients -- dict dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 (shapes of what they
    differentiate)
    """
    Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3 = cache
    # written with the building blocks of 02 and 04, not with _gradients, which computes this
    # notebook's exercises and is withheld while they are graded (autograder/build/references.py)
    dZ3 = A3 - np.asarray(Y, dtype=float).reshape(A3.shape)
    dA2, dW3, db3 = linear_backward(dZ3, (A2, W3, b3))
    dZ2 = relu_backward(dA2, Z2)
    dA1, dW2, db2 = linear_backward(dZ2, (A1, W2, b2))
    dZ1 = relu_backward(dA1, Z1)
    _, dW1, db1 = linear_backward(dZ1, (X, W1, b1), need_dA_prev=False)
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


# ---- the references of the notebook's exercises ---------------------------------------------------
def compute_cost_with_regularization(A3, Y, parameters, lambd):
    """Cross-entropy plus the L2 term (lambd / (2 m)) * (||W1||^2 + ||W2||^2 + ||W3||^2).

    A3 -- ndarray (1, m); Y -- ndarray (1, m); parameters -- dict with W1, W2, W3; lambd -- float
    Returns cost -- float
    """
    m = np.shape(Y)[1]
    squares = sum(np.sum(np.square(parameters["W" + str(l)])) for l in (1, 2, 3))
    return compute_cost(A3, Y) + float(lambd / (2 * m) * squares)


def backward_propagation_with_regularization(X, Y, cache, lambd):
    """The backward pass of the L2-regularised cost: each dW[l] gains (lambd / m) * W[l]; db is unchanged.

    X -- ndarray (n[0], m); Y -- ndarray (1, m); cache -- as forward_propagation returns it; lambd -- float
    Returns gradients -- dict as backward_propagation returns it
    """
    Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3 = cache
    return _gradients(X, Y, Z1, A1, W1, Z2, A2, W2, A3, W3, lambd=lambd)


def forward_propagation_with_dropout(X, parameters, keep_prob=0.5, rng=None):
    """The forward pass with inverted dropout on the two hidden layers.

    X -- ndarray (n[0], m); parameters -- dict W1 .. b3; keep_prob -- probability of keeping a unit
    rng -- np.random.RandomState the masks are drawn from, D1 then D2 (``rng.rand(*A.shape) < keep_prob``);
           None means RandomState(1). Passing the same rng on every training iteration gives fresh masks.
    Returns A3 -- ndarray (1, m); cache -- (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    """
    rng = np.random.RandomState(1) if rng is None else rng
    W1, b1, W2, b2, W3, b3 = _unpack(parameters)
    Z1 = W1 @ X + b1
    A1, _ = relu(Z1)
    D1 = rng.rand(*A1.shape) < keep_prob
    A1 = A1 * D1 / keep_prob
    Z2 = W2 @ A1 + b2
    A2, _ = relu(Z2)
    D2 = rng.rand(*A2.shape) < keep_prob
    A2 = A2 * D2 / keep_prob
    Z3 = W3 @ A2 + b3
    A3, _ = sigmoid(Z3)
    return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)


def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    """The backward pass through the dropout masks: dA1 and dA2 are masked and divided by keep_prob.

    X -- ndarray (n[0], m); Y -- ndarray (1, m); cache -- as forward_propagation_with_dropout returns it
    keep_prob -- float
    Returns gradients -- dict as backward_propagation returns it
    """
    Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3 = cache
    return _gradients(X, Y, Z1, A1, W1, Z2, A2, W2, A3, W3, masks=(D1, D2), keep_prob=keep_prob)


# ---- predicting -----------------------------------------------------------------------------------
def classify(X, parameters):
    """Labels 0/1 (ndarray (1, m) of int) from the plain forward pass: no dropout at prediction time."""
    A3, _ = forward_propagation(X, parameters)
    return (A3 > 0.5).astype(int)


def accuracy(X, Y, parameters):
    """The fraction of the m examples of X that the network labels as Y says (a float in [0, 1])."""
    return float(np.mean(classify(X, parameters) == np.asarray(Y).reshape(1, -1)))


def predict(X, y, parameters, print_accuracy=True):
    """Predicted labels, shape (1, m), 0 or 1; prints the accuracy against y (when y is given)."""
    p = classify(X, parameters)
    if y is not None and print_accuracy:
        print(f"Accuracy: {accuracy(X, y, parameters):.4f}")
    return p


# ---- training -------------------------------------------------------------------------------------
#: the regularised building blocks ``model`` uses, by name; ``model(..., functions={...})`` replaces any of
#: them (the notebook passes the student's)
BUILDING_BLOCKS = {
    "compute_cost_with_regularization": compute_cost_with_regularization,
    "backward_propagation_with_regularization": backward_propagation_with_regularization,
    "forward_propagation_with_dropout": forward_propagation_with_dropout,
    "backward_propagation_with_dropout": backward_propagation_with_dropout,
}


def model(X, Y, learning_rate=0.3, num_iterations=30000, print_cost=True, lambd=0, keep_prob=1, *,
          seed=3, rng=None, print_every=10000, functions=None):
    """Train the 3-layer network [n_x, 20, 3, 1] by batch gradient descent, with L2 regularisation
    (lambd > 0) or dropout (keep_prob < 1), not both.

    X -- ndarray (n_x, m); Y -- ndarray (1, m) of 0/1
    learning_rate, num_iterations -- of gradient descent
    print_cost -- print the cost every ``print_every`` iterations and after the last one
    lambd -- L2 strength; keep_prob -- probability of keeping a hidden unit
    seed -- int, seed of the initialisation (initialize_parameters)
    rng -- RandomState of the dropout masks, created once (RandomState(1) when None) and passed to the
           forward pass on every iteration, so each iteration draws fresh masks
    functions -- optional {name: function} replacing any of BUILDING_BLOCKS, called as
           forward_propagation_with_dropout(X, parameters, keep_prob, rng),
           backward_propagation_with_dropout(X, Y, cache, keep_prob),
           compute_cost_with_regularization(A3, Y, parameters, lambd),
           backward_propagation_with_regularization(X, Y, cache, lambd)
    Returns parameters -- the trained dict; costs -- list of the cost at iterations 0, 100, 200, ...
    """
    if lambd != 0 and keep_prob != 1:
        raise ValueError("use L2 regularisation (lambd > 0) or dropout (keep_prob < 1), not both")
    if not 0 < keep_prob <= 1:
        raise ValueError(f"keep_prob must lie in (0, 1]; got {keep_prob!r}")
    unknown = set(functions or {}) - set(BUILDING_BLOCKS)
    if unknown:
        raise ValueError(f"functions may replace {', '.join(BUILDING_BLOCKS)}; got {sorted(unknown)}")
    blocks = dict(BUILDING_BLOCKS, **(functions or {}))
    rng = np.random.RandomState(1) if rng is None else rng

    parameters = initialize_parameters([X.shape[0], 20, 3, 1], seed=seed)
    costs = []
    for i in range(num_iterations):
        if keep_prob < 1:
            A3, cache = blocks["forward_propagation_with_dropout"](X, parameters, keep_prob, rng)
        else:
            A3, cache = forward_propagation(X, parameters)
        if lambd != 0:
            cost = blocks["compute_cost_with_regularization"](A3, Y, parameters, lambd)
            grads = blocks["backward_propagation_with_regularization"](X, Y, cache, lambd)
        elif keep_prob < 1:
            cost = compute_cost(A3, Y)
            grads = blocks["backward_propagation_with_dropout"](X, Y, cache, keep_prob)
        else:
            cost = compute_cost(A3, Y)
            grads = backward_propagation(X, Y, cache)
        parameters = update_parameters(parameters, grads, learning_rate)
        if i % 100 == 0:
            costs.append(float(cost))
        if print_cost and (i % print_every == 0 or i == num_iterations - 1):
            print(f"Cost after iteration {i}: {float(cost):.6f}")
    return parameters, costs
