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
# # 01 · Initialising a deep network
#
# In this first notebook of *a deep neural network from scratch in numpy* you set up the notation the
# whole course uses and write the first two functions of your network: the ones that create its
# parameters.
#
# **What you will build**
# 1. `initialize_parameters(n_x, n_h, n_y, seed=1)`: the parameters of a 2-layer network.
# 2. `initialize_parameters_deep(layer_dims, seed=1, init="xavier")`: the parameters of an L-layer network,
#    with a choice of weight scale.
#
# **How each exercise works.** Write your code between the `# YOUR CODE HERE` marker and the end of the
# function, run the cell, then run the cells below it: one prints what your function returns (compare it
# with the expected output written above it), the next checks it. A failed check tells you *what* is wrong
# and, when it recognises the mistake, how to fix it. Run the cells from the top after a restart.
#
# > **Coming from the original course?** The exercises are the ones you know; what differs:
# > - The functions take a `seed` (and `initialize_parameters_deep` an `init`): `initialize_parameters(n_x, n_h, n_y, seed=1)`, `initialize_parameters_deep(layer_dims, seed=1, init="xavier")`.
# > - The weights come from a generator of the function's own, `rng = np.random.RandomState(seed)` then `rng.randn(...)`; never `np.random.seed(1)` and `np.random.randn`, which change every random number drawn afterwards.
# > - `initialize_parameters_deep` scales by `init`: `"small"` is the original's `* 0.01`, `"xavier"` its later `/ np.sqrt(layer_dims[l-1])`, `"he"` is `np.sqrt(2 / layer_dims[l-1])`.
# > - The checks also run other sizes than the printed example (one hidden unit, several output units, deeper networks): the same cases grading runs.

# %%
import os

import numpy as np

from testcases.nb01 import check_initialize_parameters, check_initialize_parameters_deep

# %% [markdown]
# ## 1 · Notation
#
# This page is the reference for every notebook of the course.
#
# | symbol | meaning | shape |
# |---|---|---|
# | $m$ | number of examples | |
# | $L$ | number of layers with parameters (the input layer is layer 0 and is not counted) | |
# | $n^{[l]}$ | number of units in layer $l$; $n^{[0]} = n_x$ is the number of input features | |
# | $X = A^{[0]}$ | the inputs, **one example per column** | $(n^{[0]}, m)$ |
# | $W^{[l]}$ | weights of layer $l$ | $(n^{[l]}, n^{[l-1]})$ |
# | $b^{[l]}$ | biases of layer $l$, a column broadcast over the examples | $(n^{[l]}, 1)$ |
# | $Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}$ | the linear part of layer $l$ | $(n^{[l]}, m)$ |
# | $A^{[l]} = g^{[l]}(Z^{[l]})$ | the activations of layer $l$ ($g$ is ReLU or sigmoid) | $(n^{[l]}, m)$ |
# | $\hat{Y} = A^{[L]}$ | the network's output, for a binary classifier a probability per example | $(1, m)$ |
# | $dW^{[l]}, db^{[l]}, dA^{[l]}, dZ^{[l]}$ | gradients of the cost, each with the shape of what it differentiates | |
#
# In code the parameters live in one dictionary: `parameters = {"W1": ..., "b1": ..., ..., "WL": ..., "bL": ...}`,
# so `L = len(parameters) // 2`. Superscripts in square brackets, $[l]$, number the layers; superscripts in
# round brackets, $x^{(i)}$, number the examples.
#
# ### The shapes of a network on 64×64 colour images
# A 64×64 RGB image flattened into a column has $64 \cdot 64 \cdot 3 = 12288$ entries. For the network
# `layer_dims = [12288, 20, 7, 5, 1]` trained on $m = 209$ images (notebook 05):
#
# | layer $l$ | $n^{[l]}$ | shape of $W^{[l]}$ | shape of $b^{[l]}$ | shape of $Z^{[l]}$ and $A^{[l]}$ | activation |
# |---|---|---|---|---|---|
# | 0 (input) | 12288 | | | $X$: (12288, 209) | |
# | 1 | 20 | (20, 12288) | (20, 1) | (20, 209) | ReLU |
# | 2 | 7 | (7, 20) | (7, 1) | (7, 209) | ReLU |
# | 3 | 5 | (5, 7) | (5, 1) | (5, 209) | ReLU |
# | 4 = L | 1 | (1, 5) | (1, 1) | (1, 209) | sigmoid |
#
# Each $W^{[l]}$ has one row per unit of layer $l$ and one column per unit of the layer before it. Adding
# $b^{[l]}$, shape $(n^{[l]}, 1)$, to $W^{[l]} A^{[l-1]}$, shape $(n^{[l]}, m)$, uses numpy *broadcasting*: the
# column is added to every one of the $m$ columns.

# %% [markdown]
# ## 2 · Why random, why small
#
# **Random.** If every weight started at the same value, every unit of a layer would compute the same
# thing and receive the same gradient, so they would stay identical for ever: the layer would behave like
# a single unit. Random weights *break the symmetry*. Biases have no such problem and start at zero.
#
# **Small, but not too small.** With a sigmoid or tanh, large $|Z|$ lands on the flat tails of the
# function where the gradient is almost 0, and learning crawls. But weights that are too small shrink the
# signal layer after layer: each $Z^{[l]}$ is a sum of $n^{[l-1]}$ terms, so its spread grows with the
# number of inputs times the spread of a weight. Scaling each layer's weights by its number of inputs
# keeps the spread of $Z^{[l]}$ about the same through the whole network:
#
# | `init` | scale of $W^{[l]}$ (times a standard normal draw) | when |
# |---|---|---|
# | `"small"` | $0.01$ | shallow networks, and the first exercises of this course |
# | `"xavier"` | $1/\sqrt{n^{[l-1]}}$ (this course's name; Glorot's original also counts $n^{[l]}$) | tanh / sigmoid, and the deep network of notebook 05 |
# | `"he"` | $\sqrt{2/n^{[l-1]}}$ | ReLU layers: the factor 2 makes up for the half of the inputs ReLU sets to 0 |
#
# **Reproducible.** Every random number in this course comes from an explicit seed: a function that
# draws creates `rng = np.random.RandomState(seed)` and draws with `rng.randn(...)`, never with
# `np.random.seed(...)`, which would change every random number drawn afterwards anywhere in the notebook.

# %% [markdown]
# ## 3 · Exercise: `initialize_parameters`
#
# Create the parameters of a 2-layer network LINEAR → RELU → LINEAR → SIGMOID:
# - `W1` of shape `(n_h, n_x)` and then `W2` of shape `(n_y, n_h)`, drawn **in that order** from one
#   `rng = np.random.RandomState(seed)` with `rng.randn(...)` and multiplied by `0.01`;
# - `b1` of shape `(n_h, 1)` and `b2` of shape `(n_y, 1)`, zeros (`np.zeros`).
#
# Return them in a dictionary with the keys `"W1"`, `"b1"`, `"W2"`, `"b2"`.
#
# <details><summary>Hint</summary>
#
# `rng.randn(a, b)` returns an array of shape `(a, b)`. Draw `W1` before `W2`: the order decides which
# random numbers each matrix gets.
# </details>

# %% nbgrader={"grade": false, "grade_id": "initialize_parameters", "locked": false, "schema_version": 3, "solution": true, "task": false}
def initialize_parameters(n_x, n_h, n_y, seed=1):
    """Parameters of a 2-layer network.

    Arguments:
    n_x -- int, size of the input layer
    n_h -- int, size of the hidden layer
    n_y -- int, size of the output layer
    seed -- int, seed of the RandomState the weights are drawn from

    Returns:
    parameters -- dict with
        "W1" -- ndarray (n_h, n_x)
        "b1" -- ndarray (n_h, 1)
        "W2" -- ndarray (n_y, n_h)
        "b2" -- ndarray (n_y, 1)
    """
    ### BEGIN SOLUTION
    rng = np.random.RandomState(seed)
    W1 = rng.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = rng.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    return parameters
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell:
# ```
# W1 = [[ 0.01624345 -0.00611756]
#  [-0.00528172 -0.01072969]]
# b1 = [[0.]
#  [0.]]
# W2 = [[ 0.00865408 -0.02301539]]
# b2 = [[0.]]
# ```

# %%
parameters = initialize_parameters(2, 2, 1)
for key in ("W1", "b1", "W2", "b2"):
    print(key, "=", parameters[key])

# %% nbgrader={"grade": true, "grade_id": "test_initialize_parameters", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check_initialize_parameters(initialize_parameters)
### BEGIN HIDDEN TESTS
from testcases.nb01 import hidden_check_initialize_parameters

hidden_check_initialize_parameters(initialize_parameters)
### END HIDDEN TESTS

# %% [markdown]
# ## 4 · Exercise: `initialize_parameters_deep`
#
# Now any number of layers. `layer_dims` lists the sizes $[n^{[0]}, n^{[1]}, \dots, n^{[L]}]$, so the network
# has `L = len(layer_dims) - 1` layers with parameters. For `l` from 1 to `L`, in that order, draw
# `W` + str(l) with `rng.randn(layer_dims[l], layer_dims[l - 1])` from **one** `RandomState(seed)` and multiply
# it by the scale `init` names (table above); `b` + str(l) is `np.zeros((layer_dims[l], 1))`.
# An unknown `init` raises a `ValueError` that names the allowed values.
#
# <details><summary>Hint</summary>
#
# Compute the scale from `layer_dims[l - 1]`, the number of inputs each unit of layer `l` receives.
# Check `init` before the loop, so that a typo fails at once with a clear message.
# </details>

# %% nbgrader={"grade": false, "grade_id": "initialize_parameters_deep", "locked": false, "schema_version": 3, "solution": true, "task": false}
def initialize_parameters_deep(layer_dims, seed=1, init="xavier"):
    """Parameters of an L-layer network.

    Arguments:
    layer_dims -- list of ints [n[0], n[1], ..., n[L]]; n[0] is the number of input features
    seed -- int, seed of the one RandomState all weights are drawn from, W1 first
    init -- "small" (scale 0.01), "xavier" (1/sqrt(n[l-1])) or "he" (sqrt(2/n[l-1]))

    Returns:
    parameters -- dict with, for l = 1..L,
        "Wl" -- ndarray (n[l], n[l-1])
        "bl" -- ndarray (n[l], 1)

    Raises:
    ValueError -- when init is not one of the three names
    """
    ### BEGIN SOLUTION
    if init not in ("small", "xavier", "he"):
        raise ValueError(f"init must be 'small', 'xavier' or 'he'; got {init!r}")
    rng = np.random.RandomState(seed)
    parameters = {}
    L = len(layer_dims) - 1
    for l in range(1, L + 1):
        n_prev = layer_dims[l - 1]
        if init == "small":
            scale = 0.01
        elif init == "xavier":
            scale = 1 / np.sqrt(n_prev)
        else:
            scale = np.sqrt(2 / n_prev)
        parameters["W" + str(l)] = rng.randn(layer_dims[l], n_prev) * scale
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell:
# ```
# small: W1 = [[ 0.01788628  0.0043651   0.00096497 -0.01863493 -0.00277388]
#  [-0.00354759 -0.00082741 -0.00627001 -0.00043818 -0.00477218]
#  [-0.01313865  0.00884622  0.00881318  0.01709573  0.00050034]
#  [-0.00404677 -0.0054536  -0.01546477  0.00982367 -0.01101068]]
# small: b1 = [[0.]
#  [0.]
#  [0.]
#  [0.]]
# small: W2 = [[-0.01185047 -0.0020565   0.01486148  0.00236716]
#  [-0.01023785 -0.00712993  0.00625245 -0.00160513]
#  [-0.00768836 -0.00230031  0.00745056  0.01976111]]
# small: b2 = [[0.]
#  [0.]
#  [0.]]
# xavier: W1 = [[ 0.79989897  0.19521314  0.04315498 -0.83337927 -0.12405178]
#  [-0.15865304 -0.03700312 -0.28040323 -0.01959608 -0.21341839]
#  [-0.58757818  0.39561516  0.39413741  0.76454432  0.02237573]
#  [-0.18097724 -0.24389238 -0.69160568  0.43932807 -0.49241241]]
# xavier: W2 = [[-0.59252326 -0.10282495  0.74307418  0.11835813]
#  [-0.51189257 -0.3564966   0.31262248 -0.08025668]
#  [-0.38441818 -0.11501536  0.37252813  0.98805539]]
# xavier [3, 2, 1], seed 1: W1 = [[ 0.93781623 -0.35319773 -0.3049401 ]
#  [-0.61947872  0.49964333 -1.32879399]]
# xavier [3, 2, 1], seed 1: W2 = [[ 1.23376823 -0.53825456]]
# ```

# %%
parameters = initialize_parameters_deep([5, 4, 3], seed=3, init="small")
for key in ("W1", "b1", "W2", "b2"):
    print("small:", key, "=", parameters[key])
parameters = initialize_parameters_deep([5, 4, 3], seed=3, init="xavier")
for key in ("W1", "W2"):
    print("xavier:", key, "=", parameters[key])
parameters = initialize_parameters_deep([3, 2, 1], seed=1, init="xavier")
for key in ("W1", "W2"):
    print("xavier [3, 2, 1], seed 1:", key, "=", parameters[key])

# %% nbgrader={"grade": true, "grade_id": "test_initialize_parameters_deep", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check_initialize_parameters_deep(initialize_parameters_deep)
### BEGIN HIDDEN TESTS
from testcases.nb01 import hidden_check_initialize_parameters_deep

hidden_check_initialize_parameters_deep(initialize_parameters_deep)
### END HIDDEN TESTS

# %% [markdown]
# ## 5 · What the scale does
#
# The cell below pushes 1000 random examples through 10 ReLU layers of 500 units each and prints the
# spread (standard deviation) of the activations at the last layer for each `init`. With `"small"` the
# signal all but vanishes; with `"he"` it keeps its size, as the table above promised. (While a notebook
# is being autograded the layers have 50 units and the examples are 100, so that grading stays fast;
# the graded checks above never depend on it.)

# %%
units, examples = (50, 100) if os.environ.get("NBGRADER_EXECUTION") else (500, 1000)
X_demo = np.random.RandomState(0).randn(units, examples)
for init in ("small", "xavier", "he"):
    demo = initialize_parameters_deep([units] * 11, seed=0, init=init)
    A = X_demo
    for l in range(1, 11):
        A = np.maximum(0, demo["W" + str(l)] @ A + demo["b" + str(l)])
    print(f"{init:>6}: std of A[10] = {A.std():.3g}")

# %% [markdown]
# ## Summary
# - Examples are columns; $W^{[l]}$ is $(n^{[l]}, n^{[l-1]})$ and $b^{[l]}$ is $(n^{[l]}, 1)$.
# - Weights are random to break the symmetry, scaled to keep the signal's size; biases start at zero.
# - Randomness comes from an explicit `RandomState(seed)`, so every number printed here is reproducible.
#
# Next, in **02_forward**, these parameters carry inputs forward through the network.
