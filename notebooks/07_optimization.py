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
# # 07 · Optimisation: mini-batches, momentum and Adam
#
# Until now every step of gradient descent looked at the whole training set, and every step had the same
# size in every direction. This notebook changes both. **Mini-batches** take many cheap, slightly noisy
# steps per pass over the data instead of one exact one; **momentum** smooths those steps by averaging
# the recent gradients; **Adam** also gives every parameter its own step size. At the end you train the
# same network with the three methods and compare what they learn.
#
# **What you will build**
# 1. `update_parameters_with_gd(parameters, grads, learning_rate)`: one step of gradient descent.
# 2. `random_mini_batches(X, Y, mini_batch_size=64, seed=0)`: shuffle the examples, cut them into batches.
# 3. `initialize_velocity(parameters)` and `update_parameters_with_momentum(parameters, grads, v, beta,
#    learning_rate)`.
# 4. `initialize_adam(parameters)` and `update_parameters_with_adam(parameters, grads, v, s, t, ...)`.
#
# **How each exercise works.** Write your code between the `# YOUR CODE HERE` marker and the end of the
# function, run the cell, then run the cells below it: one prints what your function returns (compare it
# with the expected output written above it), the next checks it. A failed check tells you *what* is wrong
# and, when it recognises the mistake, how to fix it. Run the cells from the top after a restart.
#
# > **Coming from the original course?** The exercises are the ones you know; what differs:
# > - `random_mini_batches` shuffles with `np.random.RandomState(seed).permutation(m)`; never `np.random.seed`, which changes numpy's random numbers everywhere.
# > - The updates return new dicts: the `parameters`, `v` and `s` you are given stay as they were (the original course's code wrote into them).
# > - `grads` may hold more keys than `dW1, db1, ...` (`dA0`, ... as `L_model_backward` returns them): loop over the layers, not over `grads`.

# %%
import os

import matplotlib.pyplot as plt
import numpy as np

from dnn_utils.moons import load_moons
from dnn_utils.optimizers import model, predict
from dnn_utils.plotting import plot_costs, plot_decision_boundary, plot_examples
from testcases.fixtures import (random_mini_batches_case, update_parameters_with_adam_case,
                                update_parameters_with_gd_case, update_parameters_with_momentum_case)
from testcases.nb07 import (check_initialize_adam, check_initialize_velocity, check_random_mini_batches,
                            check_update_parameters_with_adam, check_update_parameters_with_gd,
                            check_update_parameters_with_momentum)

# %% [markdown]
# ## 1 · Gradient descent, one batch at a time
#
# A step of gradient descent moves every parameter a little against its gradient:
#
# $$W^{[l]} := W^{[l]} - \alpha\, dW^{[l]} \qquad\qquad b^{[l]} := b^{[l]} - \alpha\, db^{[l]}$$
#
# with $\alpha$ the learning rate. What changes in this notebook is *which examples* the gradients are
# computed on:
#
# | method | gradients from | steps per pass over the data (an *epoch*) | each step |
# |---|---|---|---|
# | (batch) gradient descent | all $m$ examples | 1 | exact, but slow when $m$ is large |
# | stochastic gradient descent | 1 example | $m$ | fast, very noisy, loses the speed of vectorised code |
# | **mini-batch** gradient descent | a batch of, say, 64 examples | $\lceil m / 64 \rceil$ | fast, a little noisy, vectorised |
#
# The update is the same formula in all three; only the gradients fed to it differ. A noisy step is not
# all bad: it is cheap, and many cheap steps usually get further than a few exact ones.
#
# ## 2 · Exercise: `update_parameters_with_gd`
#
# For every layer `l = 1 .. L` (with `L = len(parameters) // 2`), compute `W` + str(l) and `b` + str(l)
# with the formula above and return them in a **new** dictionary: the caller's `parameters` must stay as
# they were. `grads` holds `"dW1"`, `"db1"`, ...; it may also hold other keys (such as `"dA0"`), which
# you leave alone.
#
# <details><summary>Hint</summary>
#
# Build the result with `new = {}` and assignments such as `new["W" + str(l)] = ...`. Writing
# `parameters["W1"] -= ...` would change the caller's arrays.
# </details>

# %% nbgrader={"grade": false, "grade_id": "update_parameters_with_gd", "locked": false, "schema_version": 3, "solution": true, "task": false}
def update_parameters_with_gd(parameters, grads, learning_rate):
    """One step of gradient descent.

    Arguments:
    parameters -- dict, "Wl": ndarray (n[l], n[l-1]) and "bl": ndarray (n[l], 1) for l = 1..L
    grads -- dict, "dWl" and "dbl" with the shapes of "Wl" and "bl" (and possibly other keys)
    learning_rate -- float

    Returns:
    new_parameters -- a new dict with the keys and shapes of parameters
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
# W1 = [[ 1.63535156 -0.62320365 -0.53718766]
#  [-1.07799357  0.85639907 -2.29470142]]
# b1 = [[ 1.74604067]
#  [-0.75184921]]
# W2 = [[ 0.32171798 -0.25467393  1.46902454]
#  [-2.05617317 -0.31554548 -0.3756023 ]
#  [ 1.1404819  -1.09976462 -0.1612551 ]]
# b2 = [[-0.88020257]
#  [ 0.02561572]
#  [ 0.57539477]]
# ```

# %%
parameters, grads, learning_rate = update_parameters_with_gd_case()
new_parameters = update_parameters_with_gd(parameters, grads, learning_rate)
for key in ("W1", "b1", "W2", "b2"):
    print(key, "=", new_parameters[key])

# %% nbgrader={"grade": true, "grade_id": "test_update_parameters_with_gd", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check_update_parameters_with_gd(update_parameters_with_gd)
### BEGIN HIDDEN TESTS
from testcases.nb07 import hidden_check_update_parameters_with_gd

hidden_check_update_parameters_with_gd(update_parameters_with_gd)
### END HIDDEN TESTS

# %% [markdown]
# ## 3 · Exercise: `random_mini_batches`
#
# Making the mini-batches takes two steps.
#
# **Shuffle.** Draw one random order of the $m$ examples and apply it to the columns of `X` *and* of `Y`, so
# that each example keeps its label. Shuffling matters because training sets are often stored in some
# order (all the cats first, say); a batch cut from sorted data would not look like the data as a whole.
# Use `permutation = np.random.RandomState(seed).permutation(m)`: a permutation of `0 .. m-1` drawn from
# the seed you are given, so that the same seed always gives the same batches.
#
# **Partition.** Cut the shuffled columns into consecutive slices of `mini_batch_size` columns: mini-batch
# `k` holds columns `k * mini_batch_size` to `(k + 1) * mini_batch_size`. When `m` is not a multiple of the
# size, there are `m // mini_batch_size` full batches and then one smaller batch with the
# `m % mini_batch_size` examples left over. With $m = 148$ and batches of 64:
#
# ```
#  shuffled columns:  0 ........ 63 | 64 ....... 127 | 128 ... 147
#                     batch 0 (64)  | batch 1 (64)   | batch 2 (20)
# ```
#
# Every example is in **exactly one** batch: none is left out, none appears twice.
# Return a list of `(mini_batch_X, mini_batch_Y)` pairs.
#
# <details><summary>Hint</summary>
#
# Slicing past the end of an array is allowed in numpy: `a[:, 128:192]` of an array with 148 columns gives
# the last 20. So one loop over the start columns `range(0, m, mini_batch_size)` makes every batch, the
# last one included. If you prefer a loop over the full batches and a separate partial batch, make sure the
# slice uses the batch number `k` and that the partial batch is added only when `m % mini_batch_size != 0`.
# </details>

# %% nbgrader={"grade": false, "grade_id": "random_mini_batches", "locked": false, "schema_version": 3, "solution": true, "task": false}
def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    """Shuffle the examples and cut them into mini-batches.

    Arguments:
    X -- ndarray (n_x, m), one example per column
    Y -- ndarray (1, m), the labels
    mini_batch_size -- int, the number of examples in a full mini-batch
    seed -- int, the shuffle is np.random.RandomState(seed).permutation(m)

    Returns:
    mini_batches -- list of (mini_batch_X (n_x, size), mini_batch_Y (1, size)); every size is
                    mini_batch_size except possibly the last, which holds the m % mini_batch_size left over
    """
    ### BEGIN SOLUTION
    m = X.shape[1]
    permutation = np.random.RandomState(seed).permutation(m)
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, permutation]
    mini_batches = []
    for start in range(0, m, mini_batch_size):
        mini_batch_X = shuffled_X[:, start:start + mini_batch_size]
        mini_batch_Y = shuffled_Y[:, start:start + mini_batch_size]
        mini_batches.append((mini_batch_X, mini_batch_Y))
    return mini_batches
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell (148 examples of 12288 features, batches of 64, seed 0):
# ```
# shapes = [[12288    64]
#  [12288    64]
#  [12288    20]]
# shapes of the labels = [[ 1 64]
#  [ 1 64]
#  [ 1 20]]
# first3 = [ 0.90085595 -0.7612069   0.2344157 ]
# ```

# %%
X_example, Y_example, size_example, seed_example = random_mini_batches_case()
mini_batches = random_mini_batches(X_example, Y_example, size_example, seed_example)
print("shapes =", np.array([mini_batch_X.shape for mini_batch_X, _ in mini_batches]))
print("shapes of the labels =", np.array([mini_batch_Y.shape for _, mini_batch_Y in mini_batches]))
print("first3 =", mini_batches[0][0][0, :3])

# %% nbgrader={"grade": true, "grade_id": "test_random_mini_batches", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check_random_mini_batches(random_mini_batches)
### BEGIN HIDDEN TESTS
from testcases.nb07 import hidden_check_random_mini_batches

hidden_check_random_mini_batches(random_mini_batches)
### END HIDDEN TESTS

# %% [markdown]
# Powers of two (16, 32, 64, 128, ...) are the usual batch sizes: they fit the way memory is laid out. A
# batch much larger than what the machine computes at once buys nothing; a batch of 1 wastes the
# vectorised code.
#
# ## 4 · Momentum
#
# With mini-batches each gradient points roughly, not exactly, downhill, and the path zig-zags. In a long
# narrow valley of the cost, even exact gradient descent zig-zags across the valley while it creeps along
# it. **Momentum** replaces the gradient in the step by a running average of the recent gradients, the
# *velocity* $v$: the parts of the gradients that keep changing sign cancel out, the parts that keep
# pointing the same way add up.
#
# $$v_{dW^{[l]}} := \beta\, v_{dW^{[l]}} + (1 - \beta)\, dW^{[l]} \qquad\qquad W^{[l]} := W^{[l]} - \alpha\, v_{dW^{[l]}}$$
#
# and the same for $b^{[l]}$. This is an *exponentially weighted average*: the gradient of $k$ steps ago
# weighs $(1 - \beta)\beta^k$, so $v$ remembers about the last $1 / (1 - \beta)$ gradients ($\beta = 0.9$:
# about 10). The factor $(1 - \beta)$ makes the weights add up to 1, so $v$ has the size of a gradient; left
# out, $v$ would grow to about $1 / (1 - \beta)$ times that. $\beta = 0$ is plain gradient descent.
#
# ## 5 · Exercise: `initialize_velocity`
#
# Return the velocities, all zeros: a dictionary with the keys `"dW1"`, `"db1"`, ..., `"dWL"`, `"dbL"`
# (the keys of the gradients), each an array of zeros with the shape of the matching parameter.
#
# <details><summary>Hint</summary>
#
# `np.zeros_like(parameters["W" + str(l)])` has the shape of `W` + str(l).
# </details>

# %% nbgrader={"grade": false, "grade_id": "initialize_velocity", "locked": false, "schema_version": 3, "solution": true, "task": false}
def initialize_velocity(parameters):
    """Zero velocities for momentum.

    Arguments:
    parameters -- dict, "Wl": ndarray (n[l], n[l-1]) and "bl": ndarray (n[l], 1) for l = 1..L

    Returns:
    v -- dict, "dWl": zeros (n[l], n[l-1]) and "dbl": zeros (n[l], 1) for l = 1..L
    """
    ### BEGIN SOLUTION
    L = len(parameters) // 2
    v = {}
    for l in range(1, L + 1):
        v["dW" + str(l)] = np.zeros_like(parameters["W" + str(l)])
        v["db" + str(l)] = np.zeros_like(parameters["b" + str(l)])
    return v
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell:
# ```
# v["dW1"] = [[0. 0. 0.]
#  [0. 0. 0.]]
# v["db1"] = [[0.]
#  [0.]]
# v["dW2"] = [[0. 0. 0.]
#  [0. 0. 0.]
#  [0. 0. 0.]]
# v["db2"] = [[0.]
#  [0.]
#  [0.]]
# ```

# %%
parameters, _, _ = update_parameters_with_gd_case()
v = initialize_velocity(parameters)
for key in ("dW1", "db1", "dW2", "db2"):
    print(f'v["{key}"] =', v[key])

# %% nbgrader={"grade": true, "grade_id": "test_initialize_velocity", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check_initialize_velocity(initialize_velocity)
### BEGIN HIDDEN TESTS
from testcases.nb07 import hidden_check_initialize_velocity

hidden_check_initialize_velocity(initialize_velocity)
### END HIDDEN TESTS

# %% [markdown]
# ## 6 · Exercise: `update_parameters_with_momentum`
#
# For every layer, first update the velocities of `W` and `b` with the formula of section 4, then take the
# step with the **new** velocities. Return the new parameters and the new velocities, both in new
# dictionaries (the caller's `parameters`, `grads` and `v` stay as they were).
#
# <details><summary>Hint</summary>
#
# The order matters: a step taken with the velocity from *before* the update lags one gradient behind (and,
# in the very first step, when `v` is all zeros, does not move at all).
# </details>

# %% nbgrader={"grade": false, "grade_id": "update_parameters_with_momentum", "locked": false, "schema_version": 3, "solution": true, "task": false}
def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    """One step of gradient descent with momentum.

    Arguments:
    parameters -- dict, "Wl": ndarray (n[l], n[l-1]) and "bl": ndarray (n[l], 1) for l = 1..L
    grads -- dict, "dWl" and "dbl" with the shapes of "Wl" and "bl" (and possibly other keys)
    v -- dict, the velocities "dWl" and "dbl", with the shapes of "Wl" and "bl"
    beta -- float, the momentum, between 0 and 1
    learning_rate -- float

    Returns:
    new_parameters -- a new dict with the keys and shapes of parameters
    new_v -- a new dict with the keys and shapes of v
    """
    ### BEGIN SOLUTION
    L = len(parameters) // 2
    new_parameters, new_v = {}, {}
    for l in range(1, L + 1):
        for name in ("W", "b"):
            key = name + str(l)
            new_v["d" + key] = beta * v["d" + key] + (1 - beta) * grads["d" + key]
            new_parameters[key] = parameters[key] - learning_rate * new_v["d" + key]
    return new_parameters, new_v
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell (`v` zeros, `beta = 0.9`, learning rate 0.01):
# ```
# W1 = [[ 1.62544598 -0.61290114 -0.52907334]
#  [-1.07347112  0.86450677 -2.30085497]]
# b1 = [[ 1.74493465]
#  [-0.76027113]]
# W2 = [[ 0.31930698 -0.24990073  1.4627996 ]
#  [-2.05974396 -0.32173003 -0.38320915]
#  [ 1.13444069 -1.0998786  -0.1713109 ]]
# b2 = [[-0.87809283]
#  [ 0.04055394]
#  [ 0.58207317]]
# v["dW1"] = [[-0.11006192  0.11447237  0.09015907]
#  [ 0.05024943  0.09008559 -0.06837279]]
# v["db2"] = [[0.02344157]
#  [0.16598022]
#  [0.07420442]]
# ```

# %%
parameters, grads, v, beta, learning_rate = update_parameters_with_momentum_case()
new_parameters, new_v = update_parameters_with_momentum(parameters, grads, v, beta, learning_rate)
for key in ("W1", "b1", "W2", "b2"):
    print(key, "=", new_parameters[key])
for key in ("dW1", "db2"):
    print(f'v["{key}"] =', new_v[key])

# %% nbgrader={"grade": true, "grade_id": "test_update_parameters_with_momentum", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check_update_parameters_with_momentum(update_parameters_with_momentum)
### BEGIN HIDDEN TESTS
from testcases.nb07 import hidden_check_update_parameters_with_momentum

hidden_check_update_parameters_with_momentum(update_parameters_with_momentum)
### END HIDDEN TESTS

# %% [markdown]
# ## 7 · Adam
#
# Adam (*adaptive moment estimation*) keeps two running averages per parameter: $v$, of the gradients (as
# momentum does), and $s$, of the **squared** gradients. Dividing the step by $\sqrt{s}$ gives every
# parameter its own step size: where the gradients have been large the step shrinks, where they have been
# small it grows, so all parameters move at a similar pace. With $t$ the number of steps taken so far,
# this one included ($t = 1$ for the first step):
#
# $$\begin{aligned}
# v_{dW} &:= \beta_1 v_{dW} + (1 - \beta_1)\, dW & s_{dW} &:= \beta_2 s_{dW} + (1 - \beta_2)\, dW^2 \\
# v^{corrected}_{dW} &= \frac{v_{dW}}{1 - \beta_1^t} & s^{corrected}_{dW} &= \frac{s_{dW}}{1 - \beta_2^t} \\
# W &:= W - \alpha\, \frac{v^{corrected}_{dW}}{\sqrt{s^{corrected}_{dW}} + \varepsilon}
# \end{aligned}$$
#
# for every $W^{[l]}$ and $b^{[l]}$; $dW^2$ squares each entry.
#
# **Why the bias correction.** $v$ and $s$ start at zero, so in the first steps they are averages of a few
# gradients and a lot of zeros: far too small. After $t$ steps the weights of the real gradients add up to
# $1 - \beta^t$; dividing by it undoes the pull towards zero. For $\beta_2 = 0.999$ that matters for
# thousands of steps. As $t$ grows, $\beta^t \to 0$ and the correction fades away.
#
# **Where $\varepsilon$ goes.** $\varepsilon$ (about $10^{-8}$) keeps the division safe where $s$ is 0. It
# is added *after* the square root. Inside, $\sqrt{s + \varepsilon}$ is at least $10^{-4}$, which
# shrinks the steps of every parameter whose gradients are smaller than that: a different method, and
# not the one whose values are documented below.
#
# The usual settings are $\beta_1 = 0.9$, $\beta_2 = 0.999$, $\varepsilon = 10^{-8}$; only the learning
# rate usually needs tuning.
#
# ## 8 · Exercise: `initialize_adam`
#
# Return `v` and `s`, two dictionaries of zeros, each with the keys `"dW1"`, `"db1"`, ... and the shapes of
# the matching parameters, like `initialize_velocity`.
#
# <details><summary>Hint</summary>
#
# One loop can fill both dictionaries. Make them two separate dictionaries of separate arrays: `v = s = {}`
# gives one dictionary under two names.
# </details>

# %% nbgrader={"grade": false, "grade_id": "initialize_adam", "locked": false, "schema_version": 3, "solution": true, "task": false}
def initialize_adam(parameters):
    """Zero first and second moment estimates for Adam.

    Arguments:
    parameters -- dict, "Wl": ndarray (n[l], n[l-1]) and "bl": ndarray (n[l], 1) for l = 1..L

    Returns:
    v -- dict, "dWl": zeros (n[l], n[l-1]) and "dbl": zeros (n[l], 1): the average of the gradients
    s -- dict, the same keys and shapes: the average of the squared gradients
    """
    ### BEGIN SOLUTION
    L = len(parameters) // 2
    v, s = {}, {}
    for l in range(1, L + 1):
        for name in ("W", "b"):
            key = name + str(l)
            v["d" + key] = np.zeros_like(parameters[key])
            s["d" + key] = np.zeros_like(parameters[key])
    return v, s
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell:
# ```
# v keys: ['dW1', 'dW2', 'db1', 'db2']
# s keys: ['dW1', 'dW2', 'db1', 'db2']
# all zeros: True
# s["dW2"] = [[0. 0. 0.]
#  [0. 0. 0.]
#  [0. 0. 0.]]
# ```

# %%
parameters, _, _ = update_parameters_with_gd_case()
v, s = initialize_adam(parameters)
print("v keys:", sorted(v))
print("s keys:", sorted(s))
print("all zeros:", all(not np.any(value) for value in list(v.values()) + list(s.values())))
print('s["dW2"] =', s["dW2"])

# %% nbgrader={"grade": true, "grade_id": "test_initialize_adam", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check_initialize_adam(initialize_adam)
### BEGIN HIDDEN TESTS
from testcases.nb07 import hidden_check_initialize_adam

hidden_check_initialize_adam(initialize_adam)
### END HIDDEN TESTS

# %% [markdown]
# ## 9 · Exercise: `update_parameters_with_adam`
#
# For every layer and for both `W` and `b`: update `v` and `s`, compute their bias-corrected values, then
# take the step, all with the formulas of section 7. Return the new parameters and the new **uncorrected**
# `v` and `s` (the corrected values serve only the step; the next step goes on from the uncorrected
# ones), all in new dictionaries.
#
# <details><summary>Hint</summary>
#
# `beta1 ** t` is $\beta_1^t$; the correction divides by `1 - beta1 ** t`, not by `(1 - beta1) ** t`.
# `np.sqrt` and `**` act entry by entry. Write the step as
# `v_corrected / (np.sqrt(s_corrected) + epsilon)`, and check where your parentheses put `epsilon`.
# </details>

# %% nbgrader={"grade": false, "grade_id": "update_parameters_with_adam", "locked": false, "schema_version": 3, "solution": true, "task": false}
def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999,
                                epsilon=1e-8):
    """One step of Adam, with bias correction.

    Arguments:
    parameters -- dict, "Wl": ndarray (n[l], n[l-1]) and "bl": ndarray (n[l], 1) for l = 1..L
    grads -- dict, "dWl" and "dbl" with the shapes of "Wl" and "bl" (and possibly other keys)
    v -- dict, "dWl" and "dbl": the running average of the gradients
    s -- dict, "dWl" and "dbl": the running average of the squared gradients
    t -- int, the number of Adam steps taken so far, this one included (1 for the first step)
    learning_rate -- float
    beta1 -- float, the rate of the average v
    beta2 -- float, the rate of the average s
    epsilon -- float, keeps the division safe

    Returns:
    new_parameters -- a new dict with the keys and shapes of parameters
    new_v -- a new dict with the keys and shapes of v (not bias-corrected)
    new_s -- a new dict with the keys and shapes of s (not bias-corrected)
    """
    ### BEGIN SOLUTION
    L = len(parameters) // 2
    new_parameters, new_v, new_s = {}, {}, {}
    for l in range(1, L + 1):
        for name in ("W", "b"):
            key = name + str(l)
            grad = grads["d" + key]
            new_v["d" + key] = beta1 * v["d" + key] + (1 - beta1) * grad
            new_s["d" + key] = beta2 * s["d" + key] + (1 - beta2) * grad ** 2
            v_corrected = new_v["d" + key] / (1 - beta1 ** t)
            s_corrected = new_s["d" + key] / (1 - beta2 ** t)
            new_parameters[key] = parameters[key] - learning_rate * v_corrected / (np.sqrt(s_corrected) + epsilon)
    return new_parameters, new_v, new_s
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell (`v` and `s` zeros, `t = 2`, learning rate 0.01):
# ```
# W1 = [[ 1.63178673 -0.61919778 -0.53561312]
#  [-1.08040999  0.85796626 -2.29409733]]
# b1 = [[ 1.75225313]
#  [-0.75376553]]
# W2 = [[ 0.32648046 -0.25681174  1.46954931]
#  [-2.05269934 -0.31497584 -0.37661299]
#  [ 1.14121081 -1.09244991 -0.16498684]]
# b2 = [[-0.88529979]
#  [ 0.03477238]
#  [ 0.57537385]]
# s["dW1"] = [[0.00121136 0.00131039 0.00081287]
#  [0.0002525  0.00081154 0.00046748]]
# s["db2"] = [[5.49507194e-05]
#  [2.75494327e-03]
#  [5.50629536e-04]]
# ```
# The check compares these to all 8 decimals: an Adam with $\varepsilon$ inside the square root differs
# from them in the 7th, and it runs one more case where the difference is plain to see.

# %%
parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon = update_parameters_with_adam_case()
new_parameters, new_v, new_s = update_parameters_with_adam(parameters, grads, v, s, t, learning_rate, beta1,
                                                           beta2, epsilon)
for key in ("W1", "b1", "W2", "b2"):
    print(key, "=", new_parameters[key])
for key in ("dW1", "db2"):
    print(f's["{key}"] =', new_s[key])

# %% nbgrader={"grade": true, "grade_id": "test_update_parameters_with_adam", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check_update_parameters_with_adam(update_parameters_with_adam)
### BEGIN HIDDEN TESTS
from testcases.nb07 import hidden_check_update_parameters_with_adam

hidden_check_update_parameters_with_adam(update_parameters_with_adam)
### END HIDDEN TESTS

# %% [markdown]
# ## 10 · The three optimisers at work
#
# The data set: two interleaving half moons in the plane, 300 training and 300 test examples, generated
# with a fixed seed by `dnn_utils.moons` and bundled with the course (`datasets/moons.npz`). No straight
# line separates the classes, so the network has to learn a curved boundary.

# %%
train_X, train_Y, test_X, test_Y = load_moons()
print("train_X:", train_X.shape, " train_Y:", train_Y.shape, " test_X:", test_X.shape, " test_Y:", test_Y.shape)
moons = dict(class_names=("upper moon (label 0)", "lower moon (label 1)"), axis_labels=("$x_1$", "$x_2$"))
plt.figure(figsize=(5, 4))
plot_examples(train_X, train_Y, title="the training set", **moons)
plt.show()

# %% [markdown]
# `model` from `dnn_utils.optimizers` trains a 3-layer network, LINEAR → RELU → LINEAR → RELU → LINEAR →
# SIGMOID with 5 and 2 hidden units (`layers_dims = [2, 5, 2, 1]`), initialised with the `"he"` scale. Each
# *epoch* it calls **your** `random_mini_batches` with a new seed (`seed + 1 + epoch`, so that every epoch
# sees the batches in a new order), and for each mini-batch it runs the forward and backward passes of
# `dnn_utils` and then the update you choose. In outline:
#
# ```
# parameters = initialize_parameters_deep(layers_dims, seed, init="he");  v, s = zeros;  t = 0
# for epoch in range(num_epochs):
#     for mini_batch_X, mini_batch_Y in random_mini_batches(X, Y, mini_batch_size, seed + 1 + epoch):
#         AL, caches = L_model_forward(mini_batch_X, parameters)
#         grads = L_model_backward(AL, mini_batch_Y, caches)
#         "gd":       parameters = update_parameters_with_gd(parameters, grads, learning_rate)
#         "momentum": parameters, v = update_parameters_with_momentum(parameters, grads, v, beta, learning_rate)
#         "adam":     t = t + 1
#                     parameters, v, s = update_parameters_with_adam(parameters, grads, v, s, t, learning_rate, ...)
# ```
#
# Note that Adam's `t` counts steps, not epochs. The functions you wrote are handed to it in `yours`. All
# three runs use the same small learning rate, 0.0007, batches of 64 and 2000 epochs. (While a notebook
# is being autograded they stop after 5 epochs, so that grading stays fast.)

# %%
yours = {
    "random_mini_batches": random_mini_batches,
    "update_parameters_with_gd": update_parameters_with_gd,
    "initialize_velocity": initialize_velocity,
    "update_parameters_with_momentum": update_parameters_with_momentum,
    "initialize_adam": initialize_adam,
    "update_parameters_with_adam": update_parameters_with_adam,
}
layers_dims = [2, 5, 2, 1]
num_epochs = 5 if os.environ.get("NBGRADER_EXECUTION") else 2000
trained = {}
for optimizer in ("gd", "momentum", "adam"):
    print(f"--- {optimizer} ---")
    trained[optimizer] = model(train_X, train_Y, layers_dims, optimizer=optimizer, learning_rate=0.0007,
                               mini_batch_size=64, beta=0.9, num_epochs=num_epochs, print_every=500,
                               functions=yours)

# %% [markdown]
# The cost, averaged over the epoch's examples, every 100 epochs:

# %%
fig, ax = plt.subplots(figsize=(7, 4))
for optimizer, (_, costs) in trained.items():
    plot_costs(costs, every=100, ax=ax, label=optimizer)
ax.set_xlabel("epoch")
ax.set_title("learning rate = 0.0007, mini-batches of 64")
ax.legend()
plt.show()

# %% [markdown]
# And what each network has learnt: its decision boundary over the training set, with its accuracy on the
# training and on the test set.

# %%
print("optimizer  train accuracy  test accuracy")
fig, axes = plt.subplots(1, 3, figsize=(15, 4))
for ax, (optimizer, (trained_parameters, _)) in zip(axes, trained.items()):
    train_accuracy = np.mean(predict(train_X, trained_parameters) == train_Y)
    test_accuracy = np.mean(predict(test_X, trained_parameters) == test_Y)
    print(f"{optimizer:<9}  {train_accuracy:14.4f}  {test_accuracy:13.4f}")
    plot_decision_boundary(lambda points, p=trained_parameters: predict(points, p), train_X, train_Y, ax=ax,
                           title=f"{optimizer}: train {train_accuracy:.1%}, test {test_accuracy:.1%}", **moons)
plt.show()

# %% [markdown]
# With this small learning rate, plain mini-batch gradient descent and momentum are still on their way
# after 2000 epochs: the cost has fallen slowly and the boundary is a gently bent line that cuts through
# the tips of both moons. Momentum smooths the path but takes steps of the same size, so with so little
# noise to smooth it ends up close to gradient descent. Adam, whose steps adapt to each parameter,
# reaches a much lower cost and a boundary that follows the moons. Given many more epochs, or a larger
# learning rate, the other two would get there as well; Adam's advantage is that it needs less tuning to
# get there quickly.
#
# ## Summary
# - Mini-batch gradient descent takes one step per batch: shuffle the columns (examples and labels with
#   the same permutation), cut consecutive batches, keep the partial last one.
# - Momentum steps along an exponentially weighted average of the gradients,
#   $v := \beta v + (1 - \beta)\, dW$.
# - Adam adds an average $s$ of the squared gradients, divides the step by $\sqrt{s} + \varepsilon$, and
#   corrects both averages for their start at zero by $1 - \beta^t$.
#
# Next, in **08_gradient_check**, you make sure that gradients like the ones these optimisers use are
# right, by comparing them with numerical ones.
