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
# # 04 · Backpropagation and the update
#
# Notebook 02 ran the network forwards, notebook 03 measured how wrong its outputs are. To improve it,
# we need to know how the cost changes when each weight and bias changes: the **gradients**. This
# notebook computes them all in one walk backwards through the network, then takes a step of gradient
# descent with them.
#
# **What you will build**
# 1. `linear_backward(dZ, cache)`: the gradients of the linear part of one layer.
# 2. `linear_activation_backward(dA, cache, activation)`: the same through a ReLU or sigmoid layer.
# 3. `L_model_backward(AL, Y, caches)`: every gradient of an L-layer network.
# 4. `update_parameters(parameters, grads, learning_rate)`: one step of gradient descent.
#
# **How each exercise works.** Write your code between the `# YOUR CODE HERE` marker and the end of the
# function, run the cell, then run the cells below it: one prints what your function returns (compare it
# with the expected output written above it), the next checks it. A failed check tells you *what* is wrong
# and, when it recognises the mistake, how to fix it. Run the cells from the top after a restart.
#
# > **Coming from the original course?** The exercises are the ones you know; what differs:
# > - `update_parameters` returns a **new** dict and leaves the caller's `parameters` as they were (the original wrote the new `W` and `b` into the dict it was given).
# > - `grads["dA" + str(l)]` is the gradient with respect to $A^{[l]}$, for `l = 0 .. L-1` (the later original's naming; the older one stored `dA1 .. dAL`).
# > - The checks compare your gradients with numerical ones on other layers and networks than the printed example (one example, one input unit, depths 1 and 3): the same cases grading runs.

# %%
import os

import numpy as np

from dnn_utils import (L_model_forward, compute_cost, initialize_parameters_deep, numerical_gradient,
                       rel_error, relu_backward, sigmoid_backward)
from testcases.fixtures import (L_model_backward_case, linear_activation_backward_case, linear_backward_case,
                                update_parameters_case)
from testcases.nb04 import (check_L_model_backward, check_linear_activation_backward, check_linear_backward,
                            check_update_parameters)

# %% [markdown]
# ## 1 · The chain rule, one layer at a time
#
# Forwards, layer $l$ computes $Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}$ and then $A^{[l]} = g^{[l]}(Z^{[l]})$.
# Backwards, it receives $dA^{[l]}$, how the loss changes with its output, and must pass on
# $dA^{[l-1]}$, how the loss changes with its input, computing on the way the $dW^{[l]}$ and $db^{[l]}$
# that the update needs. The chain rule does it in two steps.
#
# **Through the activation**, entry by entry, since $A = g(Z)$ acts on each entry alone:
#
# $$dZ^{[l]} = dA^{[l]} * g'\big(Z^{[l]}\big)$$
#
# ($*$ is the entrywise product). For ReLU $g'(z)$ is 1 where $z > 0$ and 0 elsewhere; for the sigmoid
# $g'(z) = \sigma(z)\big(1 - \sigma(z)\big)$. Both are given: `relu_backward(dA, Z)` and
# `sigmoid_backward(dA, Z)` return $dZ$.
#
# **Through the linear part.** Entry $(i, j)$ of $Z$ (unit $i$, example $j$) is
# $Z_{ij} = \sum_k W_{ik} A^{\text{prev}}_{kj} + b_i$. So
# - a weight $W_{ik}$ acts in every example: its gradient collects $dZ_{ij} A^{\text{prev}}_{kj}$ over
#   all $j$, a matrix product: $dW^{[l]} = \frac{1}{m}\, dZ^{[l]} A^{[l-1]\,T}$;
# - a bias $b_i$ is added in every example: $db^{[l]} = \frac{1}{m} \sum_{j=1}^{m} dZ^{[l]}_{:, j}$, a sum
#   over the columns that stays a column;
# - an input $A^{\text{prev}}_{kj}$ feeds every unit $i$ of its own example $j$:
#   $dA^{[l-1]} = W^{[l]\,T} dZ^{[l]}$.
#
# ### The convention: where the $\frac{1}{m}$ goes
# The cost is the average $J = \frac{1}{m} \sum_i \mathcal{L}^{(i)}$ of the per-example losses. In this
# course **$dA$ and $dZ$ are the gradients of the summed loss** $\sum_i \mathcal{L}^{(i)}$, not of $J$.
# Then column $j$ of $dA$ is the gradient of example $j$'s own loss, the natural thing to pass backwards:
# no $m$ appears anywhere in the flow from layer to layer. The parameters, on the other hand, are shared
# by all the examples, so their gradients add up over the examples, and that is where the $\frac{1}{m}$
# comes in: $dW$ and $db$ are the gradients of the cost $J$ itself, the ones the update uses.
#
# | gradient | of | shape |
# |---|---|---|
# | $dA^{[l]}$, $dZ^{[l]}$ | the summed loss $\sum_i \mathcal{L}^{(i)}$ | $(n^{[l]}, m)$, like $A^{[l]}$ and $Z^{[l]}$ |
# | $dA^{[l-1]} = W^{[l]\,T} dZ^{[l]}$ | the summed loss | $(n^{[l-1]}, m)$, like $A^{[l-1]}$ |
# | $dW^{[l]} = \frac{1}{m} dZ^{[l]} A^{[l-1]\,T}$ | the cost $J$ | $(n^{[l]}, n^{[l-1]})$, like $W^{[l]}$ |
# | $db^{[l]} = \frac{1}{m} \sum_j dZ^{[l]}_{:, j}$ | the cost $J$ | $(n^{[l]}, 1)$, like $b^{[l]}$ |
#
# Every gradient has the shape of what it differentiates. When you are unsure of the order of a matrix
# product or of a transpose, write down the shapes: only one arrangement fits.
#
# ### Where the chain starts
# For one example the loss of notebook 03 is $\mathcal{L} = -\big(y \log a + (1 - y) \log(1 - a)\big)$, so
#
# $$dA^{[L]} = \frac{\partial \mathcal{L}}{\partial a} = -\left(\frac{y}{a} - \frac{1 - y}{1 - a}\right),$$
#
# in numpy `dAL = -(Y / AL - (1 - Y) / (1 - AL))`, shape $(1, m)$ and, by the convention, no $\frac{1}{m}$.
# Through the sigmoid, $dZ^{[L]} = dA^{[L]} \cdot a(1 - a) = A^{[L]} - Y$: the simple gradient notebook 03
# promised.
#
# ### The caches
# The forward pass left behind, for each layer, exactly what its backward step needs: `caches[l - 1]` is
# the cache of layer $l$, `((A_prev, W, b), Z)`. The cell below prints their shapes for a 3-layer network
# and 3 examples, using the reference `L_model_forward` of `dnn_utils`.

# %%
X_demo = np.random.RandomState(1).randn(4, 3)
demo_parameters = initialize_parameters_deep([4, 3, 2, 1], seed=1, init="he")
AL_demo, caches_demo = L_model_forward(X_demo, demo_parameters)
for l, ((A_prev, W, b), Z) in enumerate(caches_demo, start=1):
    print(f"caches[{l - 1}], layer {l}: A_prev {A_prev.shape}, W {W.shape}, b {b.shape}, Z {Z.shape}")

# %% [markdown]
# ## 2 · Exercise: `linear_backward`
#
# Given $dZ$ of a layer and its linear cache `(A_prev, W, b)`, return `dA_prev`, `dW` and `db` with the
# three formulas of section 1. The number of examples `m` is the number of columns of `A_prev`.
#
# <details><summary>Hint</summary>
#
# `np.dot(X, Y)` (or `X @ Y`) is the matrix product and `.T` transposes. `db` must stay a column of
# shape `(n[l], 1)`: when you sum over an axis, ask `np.sum` to keep that axis.
# </details>

# %% nbgrader={"grade": false, "grade_id": "linear_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def linear_backward(dZ, cache):
    """Gradients of the linear part Z = W A_prev + b of one layer.

    Arguments:
    dZ -- ndarray (n[l], m), gradient of the summed loss with respect to Z of this layer
    cache -- tuple (A_prev, W, b) from the forward pass:
        A_prev -- ndarray (n[l-1], m)
        W -- ndarray (n[l], n[l-1])
        b -- ndarray (n[l], 1)

    Returns:
    dA_prev -- ndarray (n[l-1], m), gradient of the summed loss with respect to A_prev
    dW -- ndarray (n[l], n[l-1]), gradient of the cost with respect to W
    db -- ndarray (n[l], 1), gradient of the cost with respect to b
    """
    ### BEGIN SOLUTION
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = (1 / m) * np.dot(dZ, A_prev.T)
    db = (1 / m) * np.sum(dZ, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell:
# ```
# dA_prev = [[ 0.51822968 -0.19517421]
#  [-0.40506361  0.15255393]
#  [ 2.37496825 -0.89445391]]
# dW = [[-0.10076895  1.40685096  1.64992505]]
# db = [[0.50629448]]
# ```

# %%
dZ, linear_cache = linear_backward_case()
dA_prev, dW, db = linear_backward(dZ, linear_cache)
print("dA_prev =", dA_prev)
print("dW =", dW)
print("db =", db)

# %% nbgrader={"grade": true, "grade_id": "test_linear_backward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check_linear_backward(linear_backward)
### BEGIN HIDDEN TESTS
from testcases.nb04 import hidden_check_linear_backward

hidden_check_linear_backward(linear_backward)
### END HIDDEN TESTS

# %% [markdown]
# ## 3 · Exercise: `linear_activation_backward`
#
# Now a whole LINEAR → ACTIVATION layer. Its cache is `(linear_cache, Z)`:
# 1. compute $dZ = dA * g'(Z)$ with `relu_backward(dA, Z)` when `activation` is `"relu"`, or
#    `sigmoid_backward(dA, Z)` when it is `"sigmoid"`;
# 2. pass $dZ$ and the linear cache to your `linear_backward`, and return what it returns.
#
# <details><summary>Hint</summary>
#
# Unpack the cache in one line, `linear_cache, Z = cache`: the first part is what `linear_backward`
# expects, the second what the activation's derivative needs.
# </details>

# %% nbgrader={"grade": false, "grade_id": "linear_activation_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def linear_activation_backward(dA, cache, activation):
    """Gradients of one LINEAR -> ACTIVATION layer.

    Arguments:
    dA -- ndarray (n[l], m), gradient of the summed loss with respect to A of this layer
    cache -- tuple (linear_cache, Z) from the forward pass:
        linear_cache -- (A_prev (n[l-1], m), W (n[l], n[l-1]), b (n[l], 1))
        Z -- ndarray (n[l], m)
    activation -- "relu" or "sigmoid", the activation of this layer

    Returns:
    dA_prev -- ndarray (n[l-1], m), gradient of the summed loss with respect to A_prev
    dW -- ndarray (n[l], n[l-1]), gradient of the cost with respect to W
    db -- ndarray (n[l], 1), gradient of the cost with respect to b
    """
    ### BEGIN SOLUTION
    linear_cache, Z = cache
    if activation == "relu":
        dZ = relu_backward(dA, Z)
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, Z)
    else:
        raise ValueError(f"activation must be 'relu' or 'sigmoid'; got {activation!r}")
    dA_prev, dW, db = linear_backward(dZ, linear_cache)
    return dA_prev, dW, db
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell:
# ```
# sigmoid = dA_prev = [[ 0.11017994  0.01105339]
#  [ 0.09466817  0.00949723]
#  [-0.05743092 -0.00576154]]
# dW = [[ 0.10266786  0.09778551 -0.01968084]]
# db = [[-0.05729622]]
# relu = dA_prev = [[ 0.44090989  0.        ]
#  [ 0.37883606  0.        ]
#  [-0.2298228   0.        ]]
# dW = [[ 0.44513824  0.37371418 -0.10478989]]
# db = [[-0.20837892]]
# ```

# %%
dA, cache = linear_activation_backward_case()
for activation in ("sigmoid", "relu"):
    dA_prev, dW, db = linear_activation_backward(dA, cache, activation)
    print(activation, "= dA_prev =", dA_prev)
    print("dW =", dW)
    print("db =", db)

# %% nbgrader={"grade": true, "grade_id": "test_linear_activation_backward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check_linear_activation_backward(linear_activation_backward)
### BEGIN HIDDEN TESTS
from testcases.nb04 import hidden_check_linear_activation_backward

hidden_check_linear_activation_backward(linear_activation_backward)
### END HIDDEN TESTS

# %% [markdown]
# ## 4 · Exercise: `L_model_backward`
#
# The whole network, [LINEAR → RELU] × (L−1) → LINEAR → SIGMOID, backwards:
# 1. `L = len(caches)`; give `Y` the shape of `AL` (`Y.reshape(AL.shape)`).
# 2. Start the chain with `dAL = -(Y / AL - (1 - Y) / (1 - AL))`.
# 3. Layer $L$ (sigmoid): call your `linear_activation_backward` with `dAL` and `caches[L - 1]`.
# 4. Layers $l = L-1, L-2, \dots, 1$ (ReLU), in that order: call it with the gradient with respect to
#    $A^{[l]}$ that the layer after it returned, and with `caches[l - 1]`.
# 5. Store what each call returns in the dictionary `grads` and return it.
#
# **The keys.** `grads["dW" + str(l)]` and `grads["db" + str(l)]` belong to layer $l$, for
# $l = 1, \dots, L$. The number in `grads["dA" + str(l)]` is the layer of the activations it
# differentiates: it is the gradient with respect to $A^{[l]}$, for $l = 0, \dots, L-1$. So the call for
# layer $l$, which returns the gradient with respect to its input $A^{[l-1]}$, stores it as
# `grads["dA" + str(l - 1)]`, and `grads["dA0"]` is the gradient with respect to $X = A^{[0]}$.
# (An older version of this course stored that one as `"dA1"`; the check recognises the older naming and
# tells you.) For a 2-layer network the keys are `dA0, dA1, dW1, db1, dW2, db2`.
#
# <details><summary>Hint</summary>
#
# `reversed(range(1, L))` runs over $L-1, \dots, 1$. Write the key of each result next to the call that
# produces it, and check it against the paragraph above for $l = 1$: the layer whose cache is
# `caches[0]`.
# </details>

# %% nbgrader={"grade": false, "grade_id": "L_model_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def L_model_backward(AL, Y, caches):
    """Gradients of the cross-entropy cost of [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID.

    Arguments:
    AL -- ndarray (1, m), the output of the forward pass
    Y -- ndarray (1, m), the true labels, 0 or 1
    caches -- list of the L layer caches ((A_prev, W, b), Z) of the forward pass; caches[l - 1] is layer l's

    Returns:
    grads -- dict with
        "dA" + str(l) -- ndarray (n[l], m), gradient of the summed loss with respect to A[l], l = 0 .. L-1
        "dW" + str(l) -- ndarray (n[l], n[l-1]), gradient of the cost with respect to W[l], l = 1 .. L
        "db" + str(l) -- ndarray (n[l], 1), gradient of the cost with respect to b[l], l = 1 .. L
    """
    ### BEGIN SOLUTION
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = -(Y / AL - (1 - Y) / (1 - AL))
    dA_prev, dW, db = linear_activation_backward(dAL, caches[L - 1], "sigmoid")
    grads["dA" + str(L - 1)] = dA_prev
    grads["dW" + str(L)] = dW
    grads["db" + str(L)] = db
    for l in reversed(range(1, L)):
        dA_prev, dW, db = linear_activation_backward(grads["dA" + str(l)], caches[l - 1], "relu")
        grads["dA" + str(l - 1)] = dA_prev
        grads["dW" + str(l)] = dW
        grads["db" + str(l)] = db
    return grads
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell:
# ```
# dW1 = [[0.41010002 0.07807203 0.13798444 0.10502167]
#  [0.         0.         0.         0.        ]
#  [0.05283652 0.01005865 0.01777766 0.0135308 ]]
# db1 = [[-0.22007063]
#  [ 0.        ]
#  [-0.02835349]]
# dA0 = [[ 0.          0.52257901]
#  [ 0.         -0.3269206 ]
#  [ 0.         -0.32070404]
#  [ 0.         -0.74079187]]
# ```
#
# (This example's `AL` is drawn at random, not computed from its caches, as in the original course's
# test. If you take the output layer's `dZ` directly as `AL - Y`, which is right whenever `AL` is the
# sigmoid of that layer's `Z`, your numbers here differ: the check accepts it, and verifies it on networks
# whose `AL` comes from the forward pass.)

# %%
AL, Y, caches = L_model_backward_case()
grads = L_model_backward(AL, Y, caches)
for key in ("dW1", "db1", "dA0"):
    print(key, "=", grads[key])

# %% nbgrader={"grade": true, "grade_id": "test_L_model_backward", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
check_L_model_backward(L_model_backward)
### BEGIN HIDDEN TESTS
from testcases.nb04 import hidden_check_L_model_backward

hidden_check_L_model_backward(L_model_backward)
### END HIDDEN TESTS

# %% [markdown]
# ## 5 · Exercise: `update_parameters`
#
# One step of gradient descent moves every parameter a little against its gradient, for $l = 1, \dots, L$:
#
# $$W^{[l]} := W^{[l]} - \alpha\, dW^{[l]}, \qquad b^{[l]} := b^{[l]} - \alpha\, db^{[l]},$$
#
# where $\alpha$ is the `learning_rate`. Return the new parameters in a **new dictionary** and leave the
# caller's dictionary and arrays as they were: no `-=` on them, no assignment into `parameters`. The
# caller may still need the old values: to compare before and after, to check gradients, or to try
# several learning rates from the same starting point.
#
# One trap: Python ends a statement at the end of a line. If an update is too long for one line and you
# break it just before the `-`, the second line becomes a statement of its own whose result is thrown
# away, and nothing is updated. Keep each update on one line, or put it in parentheses.
#
# <details><summary>Hint</summary>
#
# `parameters` holds a `W` and a `b` per layer, so the number of layers is half its length. `grads` may
# hold more keys than you need (the `dA`s of `L_model_backward`): loop over the layers, not over `grads`.
# </details>

# %% nbgrader={"grade": false, "grade_id": "update_parameters", "locked": false, "schema_version": 3, "solution": true, "task": false}
def update_parameters(parameters, grads, learning_rate):
    """One step of gradient descent; the caller's parameters are left unchanged.

    Arguments:
    parameters -- dict with "W" + str(l), ndarray (n[l], n[l-1]), and "b" + str(l), ndarray (n[l], 1),
                  for l = 1 .. L
    grads -- dict with "dW" + str(l) and "db" + str(l) of the same shapes (and possibly the "dA" keys)
    learning_rate -- float, the step size alpha

    Returns:
    new_parameters -- a new dict with the keys of parameters:
        "W" + str(l) -- W[l] - learning_rate * dW[l]
        "b" + str(l) -- b[l] - learning_rate * db[l]
    """
    ### BEGIN SOLUTION
    L = len(parameters) // 2
    new_parameters = {}
    for l in range(1, L + 1):
        new_parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        new_parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return new_parameters
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell:
# ```
# W1 = [[-0.59562069 -0.09991781 -2.14584584  1.82662008]
#  [-1.76569676 -0.80627147  0.51115557 -1.18258802]
#  [-1.0535704  -0.86128581  0.68284052  2.20374577]]
# b1 = [[-0.04659241]
#  [-1.28888275]
#  [ 0.53405496]]
# W2 = [[-0.55569196  0.0354055   1.32964895]]
# b2 = [[-0.84610769]]
# ```

# %%
parameters, grads, learning_rate = update_parameters_case()
new_parameters = update_parameters(parameters, grads, learning_rate)
for key in ("W1", "b1", "W2", "b2"):
    print(key, "=", new_parameters[key])

# %% nbgrader={"grade": true, "grade_id": "test_update_parameters", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check_update_parameters(update_parameters)
### BEGIN HIDDEN TESTS
from testcases.nb04 import hidden_check_update_parameters

hidden_check_update_parameters(update_parameters)
### END HIDDEN TESTS

# %% [markdown]
# ## 6 · Your gradients against numerical ones
#
# A gradient can also be estimated without any calculus: nudge one parameter by a tiny $\varepsilon$ up
# and down, and see how the cost moves,
# $\frac{\partial J}{\partial \theta} \approx \frac{J(\theta + \varepsilon) - J(\theta - \varepsilon)}{2 \varepsilon}$.
# That is far too slow to train with (two forward passes per parameter), but it is an independent check
# of backpropagation; notebook 08 is devoted to it. The cell below compares every gradient your
# `L_model_backward` returns for a small 3-layer network with these estimates from
# `dnn_utils.numerical_gradient`; by the convention, `dA0` is compared with the gradient of $m \cdot J$.

# %%
rng = np.random.RandomState(3)
X_check = rng.randn(3, 5)
Y_check = (rng.rand(1, 5) < 0.5).astype(int)
check_parameters = initialize_parameters_deep([3, 4, 3, 1], seed=2, init="he")
AL_check, caches_check = L_model_forward(X_check, check_parameters)
your_grads = L_model_backward(AL_check, Y_check, caches_check)


def cost_of_parameters(_):
    return compute_cost(L_model_forward(X_check, check_parameters)[0], Y_check)


for key in ("W1", "b1", "W2", "b2", "W3", "b3"):
    estimate = numerical_gradient(cost_of_parameters, check_parameters[key])
    print(f"d{key}: agrees with the numerical gradient: {rel_error(your_grads['d' + key], estimate) < 1e-6}")
m_check = X_check.shape[1]
estimate = numerical_gradient(lambda X: m_check * compute_cost(L_model_forward(X, check_parameters)[0], Y_check),
                              X_check.copy())
print(f"dA0: agrees with the numerical gradient: {rel_error(your_grads['dA0'], estimate) < 1e-6}")

# %% [markdown]
# ## 7 · Learning
#
# Forward, cost, backward, update, again and again: that is training. Below, your `L_model_backward` and
# `update_parameters` (with `L_model_forward` and `compute_cost` from `dnn_utils`) teach a 3-layer
# network which of 200 points of the plane lie inside a circle. The cost starts near 0.693, as notebook
# 03 predicted, and falls. (While a notebook is being autograded the loop stops after 10 iterations, so
# that grading stays fast; the graded checks above never depend on it.)

# %%
rng = np.random.RandomState(2)
X_toy = rng.randn(2, 200)
Y_toy = (np.sum(X_toy ** 2, axis=0, keepdims=True) < 1.4).astype(int)
toy_parameters = initialize_parameters_deep([2, 8, 4, 1], seed=3, init="he")
toy_iterations = 10 if os.environ.get("NBGRADER_EXECUTION") else 1001
for iteration in range(toy_iterations):
    AL_toy, caches_toy = L_model_forward(X_toy, toy_parameters)
    if iteration % 200 == 0:
        accuracy = np.mean((AL_toy > 0.5) == Y_toy)
        print(f"iteration {iteration:4d}: cost {compute_cost(AL_toy, Y_toy):.4f}, accuracy {accuracy:.3f}")
    toy_grads = L_model_backward(AL_toy, Y_toy, caches_toy)
    toy_parameters = update_parameters(toy_parameters, toy_grads, learning_rate=0.3)

# %% [markdown]
# ## Summary
# - Backwards through a layer: $dZ = dA * g'(Z)$, $dW = \frac{1}{m} dZ A_{\text{prev}}^T$,
#   $db = \frac{1}{m} \sum_j dZ_{:, j}$ (a column), $dA_{\text{prev}} = W^T dZ$.
# - $dA$ and $dZ$ are gradients of the summed loss; the $\frac{1}{m}$ enters only $dW$ and $db$, the
#   gradients of the cost. Every gradient has the shape of what it differentiates.
# - `grads["dA" + str(l)]` is the gradient with respect to $A^{[l]}$, $l = 0, \dots, L-1$; `dA0` is the
#   one for $X$.
# - Gradient descent returns new parameters and leaves the caller's as they were.
#
# Next, in **05_model**, these pieces train a deep network to tell cats from non-cats.
