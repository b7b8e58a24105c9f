# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 06 · Regularisation: L2 and dropout
#
# A network with enough units can learn its training set by heart, down to the examples that are there by
# accident: the mislabelled, the lucky, the odd ones out. It then scores well on the training set and worse
# on new data. This is **overfitting**, and in this notebook you watch a small network do it and then cure
# it in two ways: by making large weights expensive (**L2 regularisation**) and by switching units off at
# random while it learns (**dropout**).
#
# **What you will build**
# 1. `compute_cost_with_regularization(A3, Y, parameters, lambd)`: the cost with the L2 penalty.
# 2. `backward_propagation_with_regularization(X, Y, cache, lambd)`: its gradients.
# 3. `forward_propagation_with_dropout(X, parameters, keep_prob=0.5, rng=None)`: the forward pass with
#    (inverted) dropout.
# 4. `backward_propagation_with_dropout(X, Y, cache, keep_prob)`: its gradients.
#
# Then the same network is trained three times, without regularisation, with L2 and with dropout, and the
# three are compared side by side.
#
# Each exercise works as in the earlier notebooks: replace the two lines under the docstring, from
# `# YOUR CODE HERE` on, with your code, run the cell, then the cell that prints the result (compare it with
# the expected output above it) and the cell that checks it. Run the cells from the top after a restart.
#
# > **Coming from the original course?** The exercises are the ones you know; what differs:
# > - `relu(Z)` and `sigmoid(Z)` from `dnn_utils` return two values, `(A, Z)`: write `A1, _ = relu(Z1)` (or `np.maximum(0, Z1)`).
# > - The dropout masks come from the `rng` argument, `D1 = rng.rand(*A1.shape) < keep_prob`; never `np.random.seed` or `np.random.rand`.
# > - `forward_propagation_with_dropout(X, parameters, keep_prob=0.5, rng=None)` takes that `rng`; with none it creates `np.random.RandomState(1)`.
# > - Your functions return new arrays and dicts and never change the ones they are given.

# %%
import os

import matplotlib.pyplot as plt
import numpy as np

from dnn_utils import compute_cost, relu, sigmoid
from dnn_utils.football import load_football
from dnn_utils.plotting import plot_costs, plot_decision_boundary, plot_examples
from dnn_utils.three_layer import accuracy, classify, model
from testcases.fixtures import (backward_propagation_with_dropout_case,
                                backward_propagation_with_regularization_case,
                                compute_cost_with_regularization_case, forward_propagation_with_dropout_case)
from testcases.nb06 import (check_backward_propagation_with_dropout,
                            check_backward_propagation_with_regularization,
                            check_compute_cost_with_regularization, check_forward_propagation_with_dropout)

# %% [markdown]
# ## 1 · The problem: who wins the goalkeeper's kicks?
#
# Our goalkeeper launches the ball far up the pitch, and wherever it comes down a player of ours and an
# opponent go up for it. Each example below is one kick: the spot where it landed, in a 30 m × 30 m zone
# around the halfway line (coordinates in tens of metres from the zone's centre, across and along the
# pitch), and who got a head to it first, **blue** one of ours (label 1), **red** an opponent (label 0).
#
# The two teams hold their own sides of a line that bends with their formations. Close to that line it is
# a scramble, so there the labels are mixed; and here and there, far from it, a lucky bounce or a slip gave
# the ball to the other team. The coach wants a model that says, for a spot on the pitch, which team will
# probably win the ball there: something that holds for the *next* match, not a record of this one.
#
# The data (211 kicks to learn from, 200 others to test on) is generated with a fixed seed by
# `dnn_utils.football` and bundled with the course as `datasets/football.npz`.

# %%
train_X, train_Y, test_X, test_Y = load_football()
print("train_X:", train_X.shape, " train_Y:", train_Y.shape, " test_X:", test_X.shape, " test_Y:", test_Y.shape)
# what the labels and the axes mean, for every picture of the pitch in this notebook
pitch = dict(class_names=("an opponent won it (label 0)", "one of ours won it (label 1)"),
             axis_labels=("across the pitch (10 m)", "along the pitch (10 m)"))
plt.figure(figsize=(5, 4.5))
plot_examples(train_X, train_Y, title="the training set: where the kicks landed, who won them", **pitch)
plt.show()

# %% [markdown]
# ## 2 · The network without regularisation
#
# The network is the 3-layer one of the earlier notebooks, written out for three layers:
# LINEAR → RELU → LINEAR → RELU → LINEAR → SIGMOID with 20 and 3 hidden units, `layers_dims = [2, 20, 3, 1]`.
# Its building blocks are given in `dnn_utils.three_layer`:
#
# - `forward_propagation(X, parameters)` returns `A3` and the cache
#   `(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)`;
# - `backward_propagation(X, Y, cache)` returns a dict of gradients `dZ3, dW3, db3, dA2, dZ2, dW2, db2,
#   dA1, dZ1, dW1, db1`;
# - `classify(X, parameters)` returns the predicted labels, `accuracy(X, Y, parameters)` the fraction right;
# - `model(X, Y, learning_rate=0.3, num_iterations=30000, print_cost=True, lambd=0, keep_prob=1)` trains the
#   network by gradient descent and returns `(parameters, costs)`. It starts from
#   `W[l] = randn(n[l], n[l-1]) / sqrt(n[l-1])` drawn with seed 3, and in outline does:
#
# ```
# for i in range(num_iterations):
#     if keep_prob < 1:  A3, cache = forward_propagation_with_dropout(X, parameters, keep_prob, rng)
#     else:              A3, cache = forward_propagation(X, parameters)
#     if lambd != 0:     cost = compute_cost_with_regularization(A3, Y, parameters, lambd)
#                        grads = backward_propagation_with_regularization(X, Y, cache, lambd)
#     elif keep_prob < 1:
#                        cost = compute_cost(A3, Y)
#                        grads = backward_propagation_with_dropout(X, Y, cache, keep_prob)
#     else:              cost = compute_cost(A3, Y)
#                        grads = backward_propagation(X, Y, cache)
#     parameters = update_parameters(parameters, grads, learning_rate)
# ```
#
# The four functions with "regularization" or "dropout" in their names are yours to write below. First,
# the network as it is. The course trains it for 30000 iterations; here 20000 tell the same story in less
# time (and while a notebook is being autograded, ten keep grading fast).

# %%
num_iterations = 10 if os.environ.get("NBGRADER_EXECUTION") else 20000
parameters_plain, costs_plain = model(train_X, train_Y, num_iterations=num_iterations)
print(f"train accuracy: {accuracy(train_X, train_Y, parameters_plain):.3f}")
print(f"test accuracy:  {accuracy(test_X, test_Y, parameters_plain):.3f}")

# %%
plt.figure(figsize=(5, 4.5))
plot_decision_boundary(lambda points: classify(points, parameters_plain), train_X, train_Y,
                       title="no regularisation", **pitch)
plt.show()

# %% [markdown]
# Right on almost 95 % of the kicks it learnt from, and on 86.5 % of the new ones: the network is better
# on the data it has seen than on data it has not, by more than 8 points. The picture shows why.
# Where the classes meet, the boundary does not follow the gentle bend of the line the teams hold; it
# pushes a tongue of blue deep into the red side, round a handful of blue kicks that are there by chance.
# Those kicks will not be in the same places next match, so the tongue costs accuracy on the test set
# instead of earning it. The network has fitted the noise of its training set: it **overfits**.

# %% [markdown]
# ## 3 · L2 regularisation
#
# To bend its boundary round single points, the network needs large weights: a sharp turn is a steep
# change of some $Z$ over a short distance. L2 regularisation makes large weights cost something. To the
# cross-entropy it adds the sum of the squares of every weight, scaled by a strength $\lambda$ (`lambd` in
# code, since `lambda` is a Python keyword):
#
# $$J_{\text{regularized}} = \underbrace{-\frac{1}{m} \sum_{i=1}^{m} \Big(y^{(i)} \log a^{[3](i)} + (1 - y^{(i)})
# \log\big(1 - a^{[3](i)}\big)\Big)}_{\text{cross-entropy}} \;+\; \underbrace{\frac{\lambda}{2m} \sum_{l=1}^{3}
# \sum_{k} \sum_{j} \big(W_{kj}^{[l]}\big)^2}_{\text{L2 term}}$$
#
# Only the weights are penalised, not the biases: a bias shifts a unit, it does not make the boundary any
# steeper. The network now has to trade fitting the training set against keeping its weights small, and a
# few stray points are no longer worth the large weights it takes to fit them.
#
# ## 4 · Exercise: `compute_cost_with_regularization`
#
# Compute the cost above. The cross-entropy part is `compute_cost(A3, Y)` (given, from `dnn_utils`); add the
# L2 term for `W1`, `W2` and `W3`, where $m$ is the number of examples, `Y.shape[1]`. Return a float.
#
# <details><summary>Hint</summary>
#
# `np.sum(np.square(W1))` is the sum of the squares of all the entries of `W1`. Add the three sums, then
# multiply by `lambd / (2 * m)`: mind the 2.
# </details>

# %% nbgrader={"grade": false, "grade_id": "compute_cost_with_regularization", "locked": false, "schema_version": 3, "solution": true, "task": false}
def compute_cost_with_regularization(A3, Y, parameters, lambd):
    """The cross-entropy cost plus the L2 penalty on the weights.

    Arguments:
    A3 -- ndarray (1, m), the network's output (probabilities)
    Y -- ndarray (1, m), the labels, 0 or 1
    parameters -- dict with "W1" (n[1], n[0]), "W2" (n[2], n[1]), "W3" (1, n[2]) (and the biases)
    lambd -- float, the strength of the regularisation

    Returns:
    cost -- float, cross-entropy + (lambd / (2 m)) * (sum of the squares of every entry of W1, W2 and W3)
    """
    ### BEGIN SOLUTION
    m = Y.shape[1]
    W1 = parameters["W1"]
    W2 = parameters["W2"]
    W3 = parameters["W3"]
    cross_entropy_cost = compute_cost(A3, Y)
    L2_regularization_cost = lambd / (2 * m) * (np.sum(np.square(W1)) + np.sum(np.square(W2))
                                                + np.sum(np.square(W3)))
    cost = float(cross_entropy_cost + L2_regularization_cost)
    return cost
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell:
# ```
# cost = 1.78648594516
# ```

# %%
A3, Y, parameters, lambd = compute_cost_with_regularization_case()
print(f"cost = {compute_cost_with_regularization(A3, Y, parameters, lambd):.11f}")

# %% nbgrader={"grade": true, "grade_id": "test_compute_cost_with_regularization", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check_compute_cost_with_regularization(compute_cost_with_regularization)
### BEGIN HIDDEN TESTS
from testcases.nb06 import hidden_check_compute_cost_with_regularization

hidden_check_compute_cost_with_regularization(compute_cost_with_regularization)
### END HIDDEN TESTS

# %% [markdown]
# ## 5 · Exercise: `backward_propagation_with_regularization`
#
# A new cost means new gradients, but only a little new. The L2 term does not depend on the biases, nor on
# any $Z$ or $A$, so every `dZ`, `dA` and `db` is what it was without it. Each `dW[l]` gains the derivative
# of the L2 term with respect to $W^{[l]}$:
#
# $$\frac{\partial}{\partial W^{[l]}} \left( \frac{\lambda}{2m} \sum_{k,j} \big(W_{kj}^{[l]}\big)^2 \right)
# = \frac{\lambda}{m} W^{[l]}$$
#
# The backward pass of the plain network, which you extend, is (with `*` the entrywise product):
#
# ```
# dZ3 = A3 - Y                                 dW3 = (1/m) dZ3 A2.T     db3 = (1/m) sum of dZ3 over the examples
# dA2 = W3.T dZ3     dZ2 = dA2 * (A2 > 0)      dW2 = (1/m) dZ2 A1.T     db2 = (1/m) sum of dZ2 over the examples
# dA1 = W2.T dZ2     dZ1 = dA1 * (A1 > 0)      dW1 = (1/m) dZ1 X.T      db1 = (1/m) sum of dZ1 over the examples
# ```
#
# Write it with the term `(lambd / m) * W` added to `dW3`, `dW2` and `dW1`, and return the gradients in a
# dict with the keys of the plain `backward_propagation`: `"dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2",
# "dA1", "dZ1", "dW1", "db1"`.
#
# <details><summary>Hint</summary>
#
# Sum over the examples with `np.sum(dZ, axis=1, keepdims=True)`, so that `db` stays a column. The term
# goes on the `dW` only, never on `db` or `dA`. (Calling the given `backward_propagation(X, Y, cache)` and
# adding the term to its three `dW` works too.)
# </details>

# %% nbgrader={"grade": false, "grade_id": "backward_propagation_with_regularization", "locked": false, "schema_version": 3, "solution": true, "task": false}
def backward_propagation_with_regularization(X, Y, cache, lambd):
    """The backward pass of the network whose cost has the L2 term.

    Arguments:
    X -- ndarray (n[0], m), the inputs
    Y -- ndarray (1, m), the labels, 0 or 1
    cache -- tuple (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) from forward_propagation
    lambd -- float, the strength of the regularisation

    Returns:
    gradients -- dict with "dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1",
                 each with the shape of what it differentiates
    """
    ### BEGIN SOLUTION
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache

    dZ3 = A3 - Y
    dW3 = 1 / m * np.dot(dZ3, A2.T) + lambd / m * W3
    db3 = 1 / m * np.sum(dZ3, axis=1, keepdims=True)

    dA2 = np.dot(W3.T, dZ3)
    dZ2 = dA2 * (A2 > 0)
    dW2 = 1 / m * np.dot(dZ2, A1.T) + lambd / m * W2
    db2 = 1 / m * np.sum(dZ2, axis=1, keepdims=True)

    dA1 = np.dot(W2.T, dZ2)
    dZ1 = dA1 * (A1 > 0)
    dW1 = 1 / m * np.dot(dZ1, X.T) + lambd / m * W1
    db1 = 1 / m * np.sum(dZ1, axis=1, keepdims=True)

    gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
                 "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
    return gradients
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell:
# ```
# dW1 = [[-0.25604646  0.12298827 -0.28297129]
#  [-0.17706303  0.34536094 -0.4410571 ]]
# dW2 = [[ 0.79276486  0.85133918]
#  [-0.0957219  -0.01720463]
#  [-0.13100772 -0.03750433]]
# dW3 = [[-1.77691347 -0.11832879 -0.09397446]]
# ```

# %%
X, Y, cache, lambd = backward_propagation_with_regularization_case()
grads = backward_propagation_with_regularization(X, Y, cache, lambd)
for key in ("dW1", "dW2", "dW3"):
    print(key, "=", grads[key])

# %% nbgrader={"grade": true, "grade_id": "test_backward_propagation_with_regularization", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check_backward_propagation_with_regularization(backward_propagation_with_regularization)
### BEGIN HIDDEN TESTS
from testcases.nb06 import hidden_check_backward_propagation_with_regularization

hidden_check_backward_propagation_with_regularization(backward_propagation_with_regularization)
### END HIDDEN TESTS

# %% [markdown]
# ### Training with L2
#
# Now `model` with `lambd = 0.7`, running **your** two functions (they are handed to it in `yours`).
# Gradient descent with the L2 term is also called *weight decay*: the update
# $W := W - \alpha\big(dW_{\text{cross-entropy}} + \frac{\lambda}{m} W\big) = \big(1 - \frac{\alpha\lambda}{m}\big) W
# - \alpha\, dW_{\text{cross-entropy}}$ shrinks every weight by the same small factor at every step, and only
# the pull of the data keeps a weight large. The cell also prints the sum of the squared weights of both
# networks.

# %%
yours = {"compute_cost_with_regularization": compute_cost_with_regularization,
         "backward_propagation_with_regularization": backward_propagation_with_regularization}
parameters_l2, costs_l2 = model(train_X, train_Y, lambd=0.7, num_iterations=num_iterations, functions=yours)
print(f"train accuracy: {accuracy(train_X, train_Y, parameters_l2):.3f}")
print(f"test accuracy:  {accuracy(test_X, test_Y, parameters_l2):.3f}")


def sum_of_squared_weights(parameters):
    return sum(float(np.sum(np.square(parameters[key]))) for key in ("W1", "W2", "W3"))


print(f"sum of the squared weights: {sum_of_squared_weights(parameters_plain):.1f} without regularisation, "
      f"{sum_of_squared_weights(parameters_l2):.1f} with L2")

# %% [markdown]
# The sum of the squared weights is more than ten times smaller, the training accuracy is a little lower
# and the test accuracy higher: the network fits its training set less closely and generalises better.
# Section 10 puts its decision boundary beside the others.
#
# $\lambda$ is a *hyperparameter*: too small and nothing changes, too large and the weights are pressed so
# hard towards zero that the network can only draw an almost straight boundary and underfits. It is chosen
# by comparing a few values on data the network does not train on (a validation set).

# %% [markdown]
# ## 6 · Dropout
#
# Dropout attacks overfitting from another side. At each iteration of training, every hidden unit is
# switched off for each example with probability `1 - keep_prob`, independently of everything else, and
# the forward and backward passes run on what is left. Every iteration thus trains a different thinned
# network. A unit can never count on any particular other unit being there, so it cannot specialise in
# patching up one odd example together with a few partners; what it learns has to be useful whichever of
# the others happen to be there. The effect is close to that of L2: the weights spread out and stay small.
#
# How, for layer 1 (and the same for layer 2):
#
# 1. Draw a mask of the shape of `A1`, one entry per unit and example: `D1 = rng.rand(*A1.shape) < keep_prob`.
#    `rng.rand` gives numbers uniform in $[0, 1)$, so each entry is `True` (keep) with probability `keep_prob`.
# 2. Switch off the dropped units: `A1 = A1 * D1`.
# 3. Scale up the rest: `A1 = A1 / keep_prob`. This is **inverted dropout**. With `keep_prob = 0.8`, a fifth of
#    the units are off, so the next layer receives on average 80 % of the signal it would get; dividing by
#    0.8 gives back the same expected value. Thanks to this, at prediction time the network is used **as it
#    is**, every unit on, no mask and no scaling.
#
# Dropout is for the hidden layers only: not the input, and not the output, which is the prediction itself.
#
# **Where the masks come from.** The masks must be new at every iteration, or the network would not be
# trained on a different thinned network each time (section 9 shows what happens then). The training loop
# therefore creates **one** random generator, `rng = np.random.RandomState(1)`, and passes it to the forward
# pass at every iteration: each call draws the next numbers of the same stream, so every iteration gets
# fresh masks, and a run is still reproducible because the stream always starts from the same seed. The
# forward pass draws from the `rng` it is given, `D1` first and then `D2`; when it is given none
# (`rng=None`) it creates `RandomState(1)` itself. It never calls `np.random.seed` or `np.random.rand`,
# which would change the random numbers of everything else in the notebook.
#
# ## 7 · Exercise: `forward_propagation_with_dropout`
#
# Write the forward pass LINEAR → RELU → LINEAR → RELU → LINEAR → SIGMOID with dropout on `A1` and `A2`, as
# above. The cache holds each mask next to the activations it drops out:
# `(Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)`, where `A1` and `A2` are the activations after
# the mask and the scaling, and `Z1`, `Z2` the linear parts as they were computed.
#
# The check calls it with `rng=None`, with an `rng` of its own, twice in a row with one `rng` (the second call
# must draw new masks), and with `keep_prob = 1`, which keeps every unit: then it is the plain forward pass.
#
# <details><summary>Hint</summary>
#
# `relu(Z)` and `sigmoid(Z)` from `dnn_utils` return `(A, Z)`; `np.maximum(0, Z)` is ReLU too. Draw `D1`
# after computing `A1` and before computing `Z2`, then `D2` after `A2`: the order of the draws decides which
# random numbers each mask gets. Apply the mask after the ReLU, and keep `Z1` as it is.
# </details>

# %% nbgrader={"grade": false, "grade_id": "forward_propagation_with_dropout", "locked": false, "schema_version": 3, "solution": true, "task": false}
def forward_propagation_with_dropout(X, parameters, keep_prob=0.5, rng=None):
    """The forward pass with inverted dropout on the two hidden layers.

    Arguments:
    X -- ndarray (n[0], m), the inputs
    parameters -- dict with "W1" (n[1], n[0]), "b1" (n[1], 1), "W2" (n[2], n[1]), "b2" (n[2], 1),
                  "W3" (1, n[2]), "b3" (1, 1)
    keep_prob -- float, the probability of keeping a hidden unit
    rng -- np.random.RandomState to draw the masks from (D1, then D2); None means RandomState(1)

    Returns:
    A3 -- ndarray (1, m), the network's output
    cache -- tuple (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3); D1 (n[1], m) and D2 (n[2], m)
             are the masks, A1 and A2 the activations after dropout
    """
    ### BEGIN SOLUTION
    if rng is None:
        rng = np.random.RandomState(1)
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]

    Z1 = np.dot(W1, X) + b1
    A1, _ = relu(Z1)
    D1 = rng.rand(A1.shape[0], A1.shape[1]) < keep_prob
    A1 = A1 * D1 / keep_prob

    Z2 = np.dot(W2, A1) + b2
    A2, _ = relu(Z2)
    D2 = rng.rand(A2.shape[0], A2.shape[1]) < keep_prob
    A2 = A2 * D2 / keep_prob

    Z3 = np.dot(W3, A2) + b3
    A3, _ = sigmoid(Z3)

    cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell (masks from `RandomState(1)`, `keep_prob = 0.7`):
# ```
# A3 = [[0.36974721 0.00305176 0.04565099 0.49683389 0.36974721]]
# ```

# %%
X, parameters, keep_prob = forward_propagation_with_dropout_case()
A3, cache = forward_propagation_with_dropout(X, parameters, keep_prob=keep_prob)
print("A3 =", A3)

# %% nbgrader={"grade": true, "grade_id": "test_forward_propagation_with_dropout", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check_forward_propagation_with_dropout(forward_propagation_with_dropout)
### BEGIN HIDDEN TESTS
from testcases.nb06 import hidden_check_forward_propagation_with_dropout

hidden_check_forward_propagation_with_dropout(forward_propagation_with_dropout)
### END HIDDEN TESTS

# %% [markdown]
# ## 8 · Exercise: `backward_propagation_with_dropout`
#
# A unit that was switched off sent nothing forward, so nothing comes back to it: the backward pass drops
# the same units as the forward pass, with the masks kept in the cache, and scales the rest by the same
# `1 / keep_prob`. It is the plain backward pass of section 5 (without any L2 term) with two more lines:
#
# ```
# dA2 = W3.T dZ3     dA2 = dA2 * D2 / keep_prob     dZ2 = dA2 * (A2 > 0)     ...
# dA1 = W2.T dZ2     dA1 = dA1 * D1 / keep_prob     dZ1 = dA1 * (A1 > 0)     ...
# ```
#
# Return the same keys as before. The documented case below uses a cache made with `keep_prob = 0.5` and
# runs the backward pass with `keep_prob = 0.8`; in training the two are of course always the same, but
# this mismatch is how the course has always documented this exercise, and it is kept so that the numbers
# come out as documented.
#
# <details><summary>Hint</summary>
#
# Unpack the cache in its order, `(Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)`. Apply each mask to
# the `dA` of its own layer (`D2` to `dA2`, `D1` to `dA1`), right after computing that `dA`.
# </details>

# %% nbgrader={"grade": false, "grade_id": "backward_propagation_with_dropout", "locked": false, "schema_version": 3, "solution": true, "task": false}
def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    """The backward pass of the network trained with dropout.

    Arguments:
    X -- ndarray (n[0], m), the inputs
    Y -- ndarray (1, m), the labels, 0 or 1
    cache -- tuple (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) from
             forward_propagation_with_dropout
    keep_prob -- float, the probability of keeping a hidden unit

    Returns:
    gradients -- dict with "dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1",
                 each with the shape of what it differentiates
    """
    ### BEGIN SOLUTION
    m = X.shape[1]
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache

    dZ3 = A3 - Y
    dW3 = 1 / m * np.dot(dZ3, A2.T)
    db3 = 1 / m * np.sum(dZ3, axis=1, keepdims=True)

    dA2 = np.dot(W3.T, dZ3)
    dA2 = dA2 * D2 / keep_prob
    dZ2 = dA2 * (A2 > 0)
    dW2 = 1 / m * np.dot(dZ2, A1.T)
    db2 = 1 / m * np.sum(dZ2, axis=1, keepdims=True)

    dA1 = np.dot(W2.T, dZ2)
    dA1 = dA1 * D1 / keep_prob
    dZ1 = dA1 * (A1 > 0)
    dW1 = 1 / m * np.dot(dZ1, X.T)
    db1 = 1 / m * np.sum(dZ1, axis=1, keepdims=True)

    gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
                 "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
    return gradients
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell (the course's documented table has `-0.00188233` where this prints
# `-0.00188234`: it was computed from a cache typed in with 8 decimals, and the exact value, -0.0018823360,
# rounds the other way):
# ```
# dA1 = [[ 0.36544439  0.         -0.00188234  0.         -0.17408748]
#  [ 0.65515713  0.         -0.00337459  0.         -0.        ]]
# dA2 = [[ 0.58180856  0.         -0.00299679  0.         -0.27715731]
#  [ 0.          0.53159854 -0.          0.53159854 -0.34089673]
#  [ 0.          0.         -0.00292733  0.         -0.        ]]
# ```

# %%
X, Y, cache, keep_prob = backward_propagation_with_dropout_case()
grads = backward_propagation_with_dropout(X, Y, cache, keep_prob)
for key in ("dA1", "dA2"):
    print(key, "=", grads[key])

# %% nbgrader={"grade": true, "grade_id": "test_backward_propagation_with_dropout", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check_backward_propagation_with_dropout(backward_propagation_with_dropout)
### BEGIN HIDDEN TESTS
from testcases.nb06 import hidden_check_backward_propagation_with_dropout

hidden_check_backward_propagation_with_dropout(backward_propagation_with_dropout)
### END HIDDEN TESTS

# %% [markdown]
# ### Training with dropout
#
# `model` with `keep_prob = 0.86`, running your two dropout functions: each hidden unit is off for about one
# example in seven, a different selection at every iteration.

# %%
yours = {"forward_propagation_with_dropout": forward_propagation_with_dropout,
         "backward_propagation_with_dropout": backward_propagation_with_dropout}
parameters_dropout, costs_dropout = model(train_X, train_Y, keep_prob=0.86, num_iterations=num_iterations,
                                          functions=yours)
print(f"train accuracy: {accuracy(train_X, train_Y, parameters_dropout):.3f}")
print(f"test accuracy:  {accuracy(test_X, test_Y, parameters_dropout):.3f}")

# %% [markdown]
# **No dropout at prediction time.** The accuracies above come from `classify`, which runs the plain forward
# pass with every unit on. Had the predictions kept dropout, they would change from one call to the next,
# as the cell below shows with five different masks on the test set: a model that answers the same question
# differently each time is not one you want to use. Inverted dropout is what makes it right to simply leave
# the masks out.

# %%
for seed in range(5):
    A3, _ = forward_propagation_with_dropout(test_X, parameters_dropout, 0.86, np.random.RandomState(seed))
    print(f"test accuracy with dropout left on, masks from RandomState({seed}): {np.mean((A3 > 0.5) == test_Y):.3f}")
print(f"test accuracy of the network as it is (every unit on):        "
      f"{accuracy(test_X, test_Y, parameters_dropout):.3f}")

# %% [markdown]
# ## 9 · Fresh masks at every iteration
#
# An older version of this exercise called `np.random.seed(1)` at the start of the forward pass. That
# looks harmless, but it restarts the random stream on every call, so every iteration of training draws
# *the same* masks. Compare two calls that share one generator, as the training loop makes them, with two
# calls that each start again from seed 1:

# %%
shared = np.random.RandomState(1)
_, cache_shared_1 = forward_propagation_with_dropout(train_X, parameters_plain, 0.86, rng=shared)
_, cache_shared_2 = forward_propagation_with_dropout(train_X, parameters_plain, 0.86, rng=shared)
_, cache_restarted_1 = forward_propagation_with_dropout(train_X, parameters_plain, 0.86, rng=np.random.RandomState(1))
_, cache_restarted_2 = forward_propagation_with_dropout(train_X, parameters_plain, 0.86, rng=np.random.RandomState(1))
print(f"one shared rng:        {np.mean(cache_shared_1[1] == cache_shared_2[1]):.1%} of the entries of D1 are "
      "the same in two consecutive iterations")
print(f"restarted at seed 1:   {np.mean(cache_restarted_1[1] == cache_restarted_2[1]):.1%} of the entries of D1 "
      "are the same in two consecutive iterations")

# %% [markdown]
# With one shared generator, about three quarters of the mask entries agree between two iterations, which
# is what chance gives ($0.86^2 + 0.14^2 \approx 0.76$); restarted at the same seed, all of them do. What does
# that do to training? The cell below trains once more with keep_prob 0.86, but with a forward pass that
# starts from `RandomState(1)` at every call, as the older version did.

# %%
def forward_with_the_same_masks(X, parameters, keep_prob, rng):
    return forward_propagation_with_dropout(X, parameters, keep_prob, rng=np.random.RandomState(1))


same_masks = {"forward_propagation_with_dropout": forward_with_the_same_masks,
              "backward_propagation_with_dropout": backward_propagation_with_dropout}
parameters_same_masks, costs_same_masks = model(train_X, train_Y, keep_prob=0.86, num_iterations=num_iterations,
                                                functions=same_masks)
print(f"train accuracy: {accuracy(train_X, train_Y, parameters_same_masks):.3f}")
print(f"test accuracy:  {accuracy(test_X, test_Y, parameters_same_masks):.3f}")

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 4.5))
plot_decision_boundary(lambda points: classify(points, parameters_dropout), train_X, train_Y, ax=axes[0],
                       title="dropout, fresh masks at every iteration", **pitch)
plot_decision_boundary(lambda points: classify(points, parameters_same_masks), train_X, train_Y, ax=axes[1],
                       title="dropout, the same masks at every iteration", **pitch)
plt.show()

# %% [markdown]
# Look at the cost in the last line the training printed: with the same masks every time it falls far
# below the cost of the network *without* any regularisation. That is no paradox. A mask that never changes
# is no random noise; it is a fixed, thinned network for each example, and the training set is learnt by
# heart through those fixed thinned networks. Nothing pushes the units to cope without one another, which
# was the whole point. At prediction time every unit is switched on, a combination the network never once
# trained with, and on the right of the picture that shows as a thin stripe of blue running out through
# red territory to the edge of the pitch. Its training accuracy, measured with every unit on, is the lowest
# of all the models so far, and its test accuracy is below that of dropout done right. With fresh masks the
# network has to work whichever units are missing, and its boundary stays close to the line the teams
# hold.

# %% [markdown]
# ## 10 · The three models side by side
#
# The same network trained three times on the same 211 kicks, from the same initial weights, and tested on
# the same 200 new ones:

# %%
models = {"no regularisation": parameters_plain, "L2, lambd = 0.7": parameters_l2,
          "dropout, keep_prob = 0.86": parameters_dropout}
print(f"{'model':<27}{'train accuracy':>15}{'test accuracy':>15}")
for name, trained in models.items():
    print(f"{name:<27}{accuracy(train_X, train_Y, trained):>15.3f}{accuracy(test_X, test_Y, trained):>15.3f}")

fig, axes = plt.subplots(1, 3, figsize=(15, 4.5))
for ax, (name, trained) in zip(axes, models.items()):
    plot_decision_boundary(lambda points, p=trained: classify(points, p), train_X, train_Y, ax=ax, title=name,
                           **pitch)
plt.show()

# %% [markdown]
# What the numbers show:
#
# - **Without regularisation** the network is the best on the kicks it learnt from and the worst on new
#   ones, with a gap of more than 8 points between the two: the signature of overfitting. Its boundary
#   reaches out to individual kicks.
# - **With L2** it gives up almost 2 points on the training set and gains 3.5 on the test set. The
#   boundary is the smoothest of the three: L2 keeps every weight small, so no part of the boundary can
#   turn sharply.
# - **With dropout** the training accuracy falls as much as with L2 and the test accuracy rises further,
#   to the best of the three, with training and test accuracy less than 2 points apart. Its boundary is
#   smooth too, though it bends more than L2's.
#
# Both cures work the same way: they make the network fit its training set *less* well, on purpose, by
# keeping it from spending its capacity on a few odd points. The training accuracy is not the number to
# look at; the test accuracy is, and there both regularised networks win. On a data set where the network
# does not overfit, or with too strong a regularisation, they would lose: $\lambda$ and `keep_prob` are
# tuned on held-out data.
#
# The cost each model minimised is plotted below. They are not quite the same quantity: the L2 cost
# includes the penalty, so it levels off higher, and the dropout cost is that of a different thinned
# network at every iteration, so it is noisy and higher than the cost of the full network would be.

# %%
fig, ax = plt.subplots(figsize=(7, 4))
plot_costs(costs_plain, learning_rate=0.3, ax=ax, label="no regularisation")
plot_costs(costs_l2, ax=ax, label="L2 (cost with the penalty)")
plot_costs(costs_dropout, ax=ax, label="dropout (cost with the masks on)")
ax.legend()
plt.show()

# %% [markdown]
# ## Summary
# - A network that fits its training set much better than new data overfits: its decision boundary chases
#   the noise of the training set.
# - **L2 regularisation** adds $\frac{\lambda}{2m} \sum_l \lVert W^{[l]} \rVert^2$ to the cost, and so
#   $\frac{\lambda}{m} W^{[l]}$ to each $dW^{[l]}$: every step shrinks the weights a little.
# - **Dropout** switches each hidden unit off with probability `1 - keep_prob` in the forward pass, drops the
#   same units in the backward pass, and scales the kept ones by `1 / keep_prob` (inverted dropout), so that
#   at prediction time the network is used whole, with no mask.
# - The masks must be new at every iteration: draw them from one generator passed through the training
#   loop, never from a generator seeded again at every call, and never from numpy's global random state.
#
# Next, in **07_optimization**, the same kind of network learns faster with better update rules than plain
# gradient descent.
