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
# # 02 · Forward propagation
#
# Notebook 01 gave the network its parameters. This one makes the network *compute*: an input goes in at
# the bottom, passes through every layer in turn, and a prediction comes out at the top. Along the way
# each layer keeps a note of what it saw, its *cache*, because the backward pass of notebook 04 cannot
# work without it.
#
# **What you will build**
# 1. `linear_forward(A, W, b)`: the linear part of one layer, $Z = WA + b$.
# 2. `linear_activation_forward(A_prev, W, b, activation)`: one whole layer, linear part then activation.
# 3. `L_model_forward(X, parameters)`: the whole network, [LINEAR → RELU] × (L-1) → LINEAR → SIGMOID.
#
# Each exercise works as in notebook 01: replace the two lines under the docstring, from `# YOUR CODE HERE`
# on, with your code, run the cell, then the cell that prints the result (compare it with the expected
# output above it) and the cell that checks it. A failed check says what it expected, what it got, and
# the mistake it suspects.
#
# > **Coming from the original course?** The exercises are the ones you know; what differs:
# > - An unknown `activation` raises a `ValueError` naming `'sigmoid'` and `'relu'` (a typo must not pass silently).
# > - The network always has one output unit, so `AL` has shape `(1, m)`: the template's `assert(AL.shape == (1, X.shape[1]))` may stay.
# > - The checks also run other sizes than the printed example (one example, one unit, a square `W`, one layer, four layers): the same cases grading runs.

# %%
import numpy as np

from dnn_utils import sigmoid, relu
from testcases.fixtures import (L_model_forward_case, linear_activation_forward_case, linear_forward_case,
                                random_network)
from testcases.nb02 import check_L_model_forward, check_linear_activation_forward, check_linear_forward

# %% [markdown]
# ## 1 · The forward pass, layer by layer
#
# Every layer $l = 1, \dots, L$ does the same two steps on the activations $A^{[l-1]}$ it receives (for
# layer 1 that is the input, $A^{[0]} = X$):
#
# $$Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]} \qquad\qquad A^{[l]} = g^{[l]}\big(Z^{[l]}\big)$$
#
# a **linear** step with the layer's parameters, then an **activation** $g^{[l]}$ applied entry by entry.
# The network of this course uses ReLU in the $L-1$ hidden layers and a sigmoid in the output layer:
#
# ```
#  X = A[0]
#     │
#     ├─► [ LINEAR → RELU ]     W1, b1          ─► A[1]     cache 1 ─┐
#     │          ⋮                                                    │
#     ├─► [ LINEAR → RELU ]     W[L-1], b[L-1]  ─► A[L-1]   cache L-1 ├─► caches = [cache 1, ..., cache L]
#     │                                                               │
#     └─► [ LINEAR → SIGMOID ]  WL, bL          ─► AL = Ŷ   cache L ─┘
# ```
#
# All $m$ examples travel together: they are the columns of $X$, and every $Z^{[l]}$ and $A^{[l]}$ keeps one
# column per example, shape $(n^{[l]}, m)$. There is no loop over the examples anywhere; the matrix
# product does that work.

# %% [markdown]
# ## 2 · The linear part and broadcasting
#
# $W^{[l]}$ has shape $(n^{[l]}, n^{[l-1]})$ and $A^{[l-1]}$ has shape $(n^{[l-1]}, m)$, so the matrix product
# $W^{[l]} A^{[l-1]}$ (`np.dot(W, A)` or `W @ A`) has shape $(n^{[l]}, m)$: row $i$ of $W$ meets column $j$ of
# $A$ to give unit $i$'s value for example $j$. Note that `W * A` is something else: it multiplies entry by
# entry and fails (or, worse, silently broadcasts) when the shapes differ.
#
# The bias $b^{[l]}$ is a single column, shape $(n^{[l]}, 1)$, yet it is added to a matrix with $m$ columns.
# numpy's **broadcasting** stretches a dimension of size 1 to match the other operand, so the same bias
# column is added to every example. The cell below shows it on a layer of 3 units with 2 inputs and
# 4 examples.

# %%
W_demo = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 1.0]])  # 3 units, 2 inputs
A_demo = np.array([[1.0, 0.0, 2.0, -1.0], [1.0, 1.0, 0.0, 2.0]])  # 2 inputs, 4 examples
b_demo = np.array([[10.0], [20.0], [30.0]])  # one bias per unit
print("W @ A has shape", (W_demo @ A_demo).shape, "and b has shape", b_demo.shape)
print("W @ A =")
print(W_demo @ A_demo)
print("W @ A + b =")
print(W_demo @ A_demo + b_demo)

# %% [markdown]
# ## 3 · Exercise: `linear_forward`
#
# Compute $Z = WA + b$ for one layer and return it together with the cache `(A, W, b)`: the three inputs
# of the computation, in that order, as a tuple.
#
# <details><summary>Hint</summary>
#
# One line computes `Z`; numpy takes care of adding the bias column to every example. Before you run the
# check, compare the shape of your `Z` with $(n^{[l]}, m)$: a wrong shape usually means the operands of
# the product are in the wrong order or one of them is transposed.
# </details>

# %% nbgrader={"grade": false, "grade_id": "linear_forward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def linear_forward(A, W, b):
    """The linear part of one layer: Z = W A + b.

    Arguments:
    A -- ndarray (n[l-1], m), activations of the previous layer (X for layer 1)
    W -- ndarray (n[l], n[l-1]), weights of this layer
    b -- ndarray (n[l], 1), biases of this layer

    Returns:
    Z -- ndarray (n[l], m), the input of the activation
    cache -- tuple (A, W, b), kept for the backward pass
    """
    ### BEGIN SOLUTION
    Z = np.dot(W, A) + b
    cache = (A, W, b)
    return Z, cache
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell:
# ```
# Z = [[ 3.26295337 -1.23429987]]
# ```

# %%
A, W, b = linear_forward_case()
Z, linear_cache = linear_forward(A, W, b)
print("Z =", Z)

# %% nbgrader={"grade": true, "grade_id": "test_linear_forward", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check_linear_forward(linear_forward)
### BEGIN HIDDEN TESTS
from testcases.nb02 import hidden_check_linear_forward

hidden_check_linear_forward(linear_forward)
### END HIDDEN TESTS

# %% [markdown]
# ## 4 · The activations
#
# Two activations are given in `dnn_utils`, already imported above:
#
# | function | formula | values | slope $g'(Z)$ |
# |---|---|---|---|
# | `sigmoid(Z)` | $\sigma(Z) = \dfrac{1}{1 + e^{-Z}}$ | between 0 and 1 | $\sigma(Z)\,(1 - \sigma(Z))$, at most $1/4$ |
# | `relu(Z)` | $\max(0, Z)$ | 0 or more | 1 where $Z > 0$, 0 where $Z < 0$ |
#
# Each takes `Z` and returns **two** values, `A, activation_cache = relu(Z)`, where the activation cache is
# `Z` itself. Both are written so that no `Z`, however large, makes them overflow.
#
# **Why ReLU in the hidden layers.** During the backward pass the gradient is multiplied by $g'(Z)$ once per
# layer. The sigmoid's slope is never more than $1/4$ and nearly 0 for large $|Z|$, so in a deep network
# of sigmoids the gradient shrinks layer after layer and the first layers barely learn. ReLU's slope is
# exactly 1 wherever a unit is active, so the gradient passes through unchanged; it is also the cheapest
# function there is to compute.
#
# **Why a sigmoid at the output.** The network is a binary classifier (cat or not cat, in notebook 05): its
# output should be a probability $\hat{y} = P(y = 1 \mid x)$, a number strictly between 0 and 1, which is
# exactly what the sigmoid delivers. The cost of notebook 03 takes its logarithm.

# %%
Z_demo = np.array([[-4.0, -1.0, 0.0, 1.0, 4.0]])
A_sigmoid, sigmoid_cache = sigmoid(Z_demo)
A_relu, relu_cache = relu(Z_demo)
print("Z       =", Z_demo)
print("sigmoid =", A_sigmoid)
print("relu    =", A_relu)
print("both return Z as their cache:", np.array_equal(sigmoid_cache, Z_demo) and np.array_equal(relu_cache, Z_demo))

# %% [markdown]
# ## 5 · Caches: what the backward pass will need
#
# The backward pass (notebook 04) walks the layers from the output back to the input and, for each layer,
# turns the gradient with respect to its output into gradients with respect to its parameters and its
# input. Those formulas need quantities the forward pass has already computed:
#
# | the backward pass computes | with | so the forward pass keeps |
# |---|---|---|
# | $dZ^{[l]} = dA^{[l]} \odot g'(Z^{[l]})$ | the slope of the activation at $Z^{[l]}$ | $Z^{[l]}$ |
# | $dW^{[l]} = \frac{1}{m}\, dZ^{[l]} A^{[l-1]\,T}$ | the layer's input | $A^{[l-1]}$ |
# | $dA^{[l-1]} = W^{[l]\,T} dZ^{[l]}$ | the layer's weights | $W^{[l]}$ |
# | $db^{[l]}$, with the shape of $b^{[l]}$ | the bias | $b^{[l]}$ |
#
# Rather than compute them a second time, each layer stores them as it goes, in two levels:
#
# - the **linear cache** of a layer is `(A_prev, W, b)`: what `linear_forward` received;
# - the **layer cache** is `(linear_cache, Z)`: the linear cache, and the activation cache `Z`.
#
# `L_model_forward` collects one layer cache per layer in a list, `caches[l - 1]` for layer `l`. The order
# of everything matters: the backward functions unpack these tuples by position.

# %% [markdown]
# ## 6 · Exercise: `linear_activation_forward`
#
# Implement one LINEAR → ACTIVATION layer: compute `Z` with your `linear_forward`, apply the activation
# named by `activation` (`"sigmoid"` or `"relu"`, using the functions from `dnn_utils`), and return `A`
# with the layer cache `(linear_cache, activation_cache)`. If `activation` is anything else, raise a
# `ValueError` whose message names the two allowed values.
#
# <details><summary>Hint</summary>
#
# Both `linear_forward` and the activations return a pair: unpack each one into two names, so that the
# arrays and the caches do not get mixed up. Deciding on the activation first, before any computation,
# makes the `ValueError` easy to place.
# </details>

# %% nbgrader={"grade": false, "grade_id": "linear_activation_forward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def linear_activation_forward(A_prev, W, b, activation):
    """One layer: LINEAR -> ACTIVATION.

    Arguments:
    A_prev -- ndarray (n[l-1], m), activations of the previous layer (X for layer 1)
    W -- ndarray (n[l], n[l-1]), weights of this layer
    b -- ndarray (n[l], 1), biases of this layer
    activation -- str, "sigmoid" or "relu"

    Returns:
    A -- ndarray (n[l], m), the activations of this layer
    cache -- tuple (linear_cache, activation_cache) = ((A_prev, W, b), Z), Z of shape (n[l], m)

    Raises:
    ValueError -- when activation is neither "sigmoid" nor "relu"
    """
    ### BEGIN SOLUTION
    if activation == "sigmoid":
        g = sigmoid
    elif activation == "relu":
        g = relu
    else:
        raise ValueError(f"activation must be 'sigmoid' or 'relu'; got {activation!r}")
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = g(Z)
    cache = (linear_cache, activation_cache)
    return A, cache
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell:
# ```
# sigmoid = [[0.96890023 0.11013289]]
# relu = [[3.43896131 0.        ]]
# ```

# %%
A_prev, W, b = linear_activation_forward_case()
A, cache = linear_activation_forward(A_prev, W, b, activation="sigmoid")
print("sigmoid =", A)
A, cache = linear_activation_forward(A_prev, W, b, activation="relu")
print("relu =", A)

# %% nbgrader={"grade": true, "grade_id": "test_linear_activation_forward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check_linear_activation_forward(linear_activation_forward)
### BEGIN HIDDEN TESTS
from testcases.nb02 import hidden_check_linear_activation_forward

hidden_check_linear_activation_forward(linear_activation_forward)
### END HIDDEN TESTS

# %% [markdown]
# ## 7 · Exercise: `L_model_forward`
#
# Put the layers together: starting from `A = X`, run the $L - 1$ hidden layers with `"relu"` and then the
# output layer $L$ with `"sigmoid"`, each through your `linear_activation_forward`, and collect the cache of
# every layer in a list, in order. Return the output layer's activations `AL` and the list `caches`.
# The parameters of layer `l` are `parameters["W" + str(l)]` and `parameters["b" + str(l)]`, and the
# number of layers is `L = len(parameters) // 2`.
#
# <details><summary>Hint</summary>
#
# The hidden layers all look alike, so they belong in a loop; the output layer is different and comes once,
# after it. Count carefully which values of `l` the loop visits: `range` stops *before* its second argument.
# Each layer must receive the activations the previous one produced, and each cache goes in the list as
# the one tuple `linear_activation_forward` returned.
# </details>

# %% nbgrader={"grade": false, "grade_id": "L_model_forward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def L_model_forward(X, parameters):
    """The forward pass of the whole network: [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID.

    Arguments:
    X -- ndarray (n[0], m), the inputs, one example per column
    parameters -- dict with "W1", "b1", ..., "WL", "bL"; "Wl" of shape (n[l], n[l-1]), "bl" of shape (n[l], 1)

    Returns:
    AL -- ndarray (1, m), the output of the sigmoid layer: one probability per example (n[L] = 1)
    caches -- list of the L layer caches ((A_prev, W, b), Z), caches[l - 1] for layer l
    """
    ### BEGIN SOLUTION
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A_prev = A
        A, cache = linear_activation_forward(A_prev, parameters["W" + str(l)], parameters["b" + str(l)], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)], "sigmoid")
    caches.append(cache)
    return AL, caches
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell:
# ```
# AL = [[0.17007265 0.2524272 ]]
# len_caches = 2
# ```

# %%
X, parameters = L_model_forward_case()
AL, caches = L_model_forward(X, parameters)
print("AL =", AL)
print("len_caches =", len(caches))

# %% nbgrader={"grade": true, "grade_id": "test_L_model_forward", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
check_L_model_forward(L_model_forward)
### BEGIN HIDDEN TESTS
from testcases.nb02 import hidden_check_L_model_forward

hidden_check_L_model_forward(L_model_forward)
### END HIDDEN TESTS

# %% [markdown]
# ## 8 · What the caches hold
#
# A deeper network makes the structure visible. The cell below runs your `L_model_forward` on a network
# with `layer_dims = [4, 5, 3, 1]` and 6 examples, and prints the shapes stored in each layer's cache:
# every layer's `A_prev` is the previous layer's output, and `Z` always has the shape of the layer's
# activations.

# %%
X_demo, _, parameters_demo = random_network(np.random.RandomState(0), [4, 5, 3, 1], m=6)
AL_demo, caches_demo = L_model_forward(X_demo, parameters_demo)
for l, ((A_prev_l, W_l, b_l), Z_l) in enumerate(caches_demo, start=1):
    print(f"caches[{l - 1}], layer {l}: A_prev {A_prev_l.shape}, W {W_l.shape}, b {b_l.shape}, Z {Z_l.shape}")
print("AL has shape", AL_demo.shape, "and every entry is between 0 and 1:", bool(np.all((AL_demo > 0) & (AL_demo < 1))))

# %% [markdown]
# ## Summary
# - A layer computes $Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}$ (a matrix product, the bias broadcast over the
#   examples) and then $A^{[l]} = g^{[l]}(Z^{[l]})$.
# - ReLU in the hidden layers keeps gradients alive; the sigmoid at the output turns the last $Z$ into a
#   probability.
# - Every layer leaves a cache `((A_prev, W, b), Z)`; `L_model_forward` returns them all, one per layer, in
#   order.
#
# Next, in **03_cost**, the prediction `AL` is compared with the labels to measure how wrong the network is.
