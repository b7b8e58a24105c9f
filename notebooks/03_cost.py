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
# # 03 · The cost: binary cross-entropy
#
# The forward pass of notebook 02 turns each example into a probability, the output $A^{[L]}$. Learning
# needs one number that says how wrong those probabilities are, for all the examples at once: the
# **cost**. This notebook derives the cost used for binary classification, shows how to read its
# values, and has you write it so that it survives probabilities of exactly 0 or 1.
#
# **What you will build**
# 1. `compute_cost(AL, Y)`: the binary cross-entropy averaged over the $m$ examples, returned as a
#    Python float.
#
# **How each exercise works.** Write your code between the `# YOUR CODE HERE` marker and the end of the
# function, run the cell, then run the cells below it: one prints what your function returns (compare it
# with the expected output written above it), the next checks it. A failed check tells you *what* is wrong
# and, when it recognises the mistake, how to fix it. Run the cells from the top after a restart.
#
# > **Coming from the original course?** The exercise is the one you know; what differs:
# > - The cost must stay finite where `AL` is exactly 0 or 1: clip `AL` before the logs (the original did not).
# > - Return a number: `float(cost)`, or the original's `np.squeeze(cost)` (a 0-d array), both pass; a `(1, 1)` array does not.

# %%
import numpy as np

from dnn_utils import L_model_forward, initialize_parameters_deep
from testcases.fixtures import compute_cost_case
from testcases.nb03 import check_compute_cost

# %% [markdown]
# ## 1 · From probabilities to one number
#
# For example $i$ the network outputs $a^{(i)}$, its estimate of the probability that the label is 1.
# The probability it gives to the label $y^{(i)}$ that was actually observed is $a^{(i)}$ when
# $y^{(i)} = 1$ and $1 - a^{(i)}$ when $y^{(i)} = 0$; since $y$ is 0 or 1, one formula covers both cases:
#
# $$P\big(y^{(i)} \mid x^{(i)}\big) = \big(a^{(i)}\big)^{y^{(i)}} \big(1 - a^{(i)}\big)^{1 - y^{(i)}}.$$
#
# A good network gives a high probability to what was observed, for every example at once, that is to the
# product of these numbers over the $m$ examples (the *likelihood* of the labels). Taking $-\log$ of that
# product turns the product into a sum and the search for a maximum into one for a minimum. Divided by
# $m$, it is the **binary cross-entropy** cost:
#
# $$J = -\frac{1}{m} \sum_{i=1}^{m} \Big( y^{(i)} \log a^{(i)} + \big(1 - y^{(i)}\big) \log\big(1 - a^{(i)}\big) \Big).$$
#
# For each example exactly one of the two terms is non-zero: $-\log a$ for a positive example,
# $-\log(1 - a)$ for a negative one.
#
# ### Why the log
# - **Sums instead of products.** The cost of a data set is an average of per-example losses, so its
#   gradient is an average of per-example gradients: the structure backpropagation (notebook 04) relies on.
# - **No underflow.** The likelihood of 1100 labels, each given probability 0.5, is $2^{-1100}$, which
#   float64 rounds to 0; the sum of their logs, $-1100 \ln 2 \approx -762$, is an ordinary number.
# - **Confident mistakes cost a lot.** The loss $-\log p$ of the probability $p$ given to the truth is
#   almost 0 for $p$ near 1, about 0.7 for $p = 0.5$, and grows without bound as $p \to 0$ (the table
#   below).
# - **A simple gradient.** With a sigmoid output, the derivative of this loss with respect to $Z^{[L]}$
#   is just $A^{[L]} - Y$ (derived in notebook 04). A squared error would multiply it by the sigmoid's
#   slope, which is almost 0 exactly when the network is confidently wrong, so learning would stall when
#   it is needed most.
#
# The factor $\frac{1}{m}$ makes costs of data sets of different sizes comparable, and keeps the size of a
# gradient step independent of $m$.

# %%
print("probability given to the truth -> loss")
for p in (0.99, 0.9, 0.7, 0.5, 0.3, 0.1, 0.01, 0.001):
    print(f"  {p:5}  ->  {-np.log(p):.3f}")

# %% [markdown]
# ### What 0.693 means
# $\ln 2 \approx 0.693$ is the cost of answering $a = 0.5$ for every example, whatever the labels: the
# cost of a network that knows nothing. An untrained network with small weights has $Z^{[L]} \approx 0$,
# so $A^{[L]} = \sigma(Z^{[L]}) \approx 0.5$, and the first cost it reports is close to 0.693 (section 4
# shows it). When you read a cost:
# - **about 0.693 at the start** is what it should be;
# - **below 0.693 is not yet proof of learning from the inputs**: answering the fraction $p$ of positive
#   examples for everybody costs $-\big(p \ln p + (1 - p) \ln(1 - p)\big)$, at most 0.693 and less for
#   unbalanced labels; a network has learned something from $X$ only when it beats that;
# - **above 0.693** the network is worse than a coin toss: confident *and* wrong, often a sign of weights
#   that start too large or of a learning rate that is too high.

# %% [markdown]
# ## 2 · Probabilities of exactly 0 or 1
#
# In floating point the sigmoid reaches its limits: for $z$ above about 37, $1 + e^{-z}$ rounds to 1 and
# $\sigma(z)$ is exactly `1.0`; far enough below 0 it is exactly `0.0`. A network that has become very
# sure of an example produces such values, and then:
# - $\log 0 = -\infty$: one certain and wrong prediction makes the cost infinite;
# - worse, $0 \cdot \log 0 = 0 \cdot (-\infty)$ is `nan`, *not a number*, even for a prediction that is
#   certain and right, because both terms of the formula are evaluated for every example. A single `nan`
#   turns the cost, and every gradient computed from it, into `nan`.
#
# The cell below shows both, with numpy's warnings switched off for the demonstration:

# %%
with np.errstate(divide="ignore", invalid="ignore"):
    print("log(0)     =", np.log(0.0))
    print("0 * log(0) =", 0 * np.log(0.0))

# %% [markdown]
# **The fix: clipping.** Before taking logs, move every probability into $[\varepsilon, 1 - \varepsilon]$:
# `AL = np.clip(AL, eps, 1 - eps)` with `eps = 1e-15`. It changes nothing but the probabilities within
# $10^{-15}$ of 0 or 1; a certain and right prediction then costs about $10^{-15}$ instead of `nan`, and a
# certain and wrong one costs $-\log(10^{-15}) \approx 34.5$ instead of $\infty$: still a heavy penalty,
# but a number.
#
# Why not a much smaller `eps`? Near 1, float64 numbers are about $2.2 \cdot 10^{-16}$ apart, so
# `1 - 1e-17` *is* `1.0` and the upper clip would do nothing:

# %%
print("1 - 1e-15 < 1:", 1 - 1e-15 < 1)
print("1 - 1e-17 < 1:", 1 - 1e-17 < 1)

# %% [markdown]
# ## 3 · Exercise: `compute_cost`
#
# Compute the cross-entropy cost $J$ of section 1:
# 1. `m` is the number of examples, the number of **columns** of `Y`.
# 2. Clip the probabilities: `AL = np.clip(AL, eps, 1 - eps)` with `eps = 1e-15` (`np.clip` returns a new
#    array: the caller's `AL` is not changed).
# 3. Compute $-\frac{1}{m}$ times the sum over the examples of $y \log a + (1 - y) \log(1 - a)$, with
#    `np.log` (the natural log).
# 4. Return the cost as a number: `float(...)` (the original course's `np.squeeze(cost)`, a 0-d array, is
#    accepted too).
#
# The expected output shows every digit of a float. It was computed as `-(1.0 / m) * np.sum(...)`; another,
# equally correct, order of the operations may change the last digit or two, which the check allows.
#
# <details><summary>Hint</summary>
#
# `np.log`, `*`, `+` and `-` work entry by entry on arrays, so the formula can be written for all $m$
# examples at once, without a loop; `np.sum` with no `axis` adds up every entry. If you use `np.dot` for
# the sum instead, the result is a `(1, 1)` array: squeeze it (`np.squeeze`) before `float`.
# </details>

# %% nbgrader={"grade": false, "grade_id": "compute_cost", "locked": false, "schema_version": 3, "solution": true, "task": false}
def compute_cost(AL, Y):
    """Binary cross-entropy cost, averaged over the examples.

    Arguments:
    AL -- ndarray (1, m), the predicted probabilities that each label is 1
    Y -- ndarray (1, m), the true labels, 0 or 1

    Returns:
    cost -- Python float, -(1/m) * sum(Y log(AL) + (1 - Y) log(1 - AL)), finite even where AL is
            exactly 0 or 1 (AL is clipped to [1e-15, 1 - 1e-15] first)
    """
    ### BEGIN SOLUTION
    m = Y.shape[1]
    eps = 1e-15
    AL = np.clip(AL, eps, 1 - eps)
    cost = -(1.0 / m) * np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
    return float(cost)
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell:
# ```
# 0.41493159961539694
# ```

# %%
AL, Y = compute_cost_case()
cost = compute_cost(AL, Y)
print(cost)

# %% nbgrader={"grade": true, "grade_id": "test_compute_cost", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check_compute_cost(compute_cost)
### BEGIN HIDDEN TESTS
from testcases.nb03 import hidden_check_compute_cost

hidden_check_compute_cost(compute_cost)
### END HIDDEN TESTS

# %% [markdown]
# ## 4 · Your cost at work
#
# **An untrained network.** Below, 500 random examples with random labels go through a 3-layer network
# initialised with small weights (`L_model_forward` and `initialize_parameters_deep` come from
# `dnn_utils`). Every output is within a hair of 0.5, and the cost is $\ln 2$ to four decimals.

# %%
rng = np.random.RandomState(0)
X_demo = rng.randn(20, 500)
Y_demo = (rng.rand(1, 500) < 0.5).astype(int)
untrained = initialize_parameters_deep([20, 10, 5, 1], seed=1, init="small")
AL_demo, _ = L_model_forward(X_demo, untrained)
print(f"outputs between {AL_demo.min():.6f} and {AL_demo.max():.6f}")
print(f"cost of the untrained network: {compute_cost(AL_demo, Y_demo):.4f}")
print(f"ln 2:                          {np.log(2):.4f}")

# %% [markdown]
# **Certain predictions.** Thanks to the clipping, certainty costs a number either way: almost nothing
# when it is right, about 34.5 per example when it is wrong.

# %%
Y_sure = np.array([[1, 0]])
print(f"certain and right: {compute_cost(np.array([[1.0, 0.0]]), Y_sure):.1e}")
print(f"certain and wrong: {compute_cost(np.array([[0.0, 1.0]]), Y_sure):.1f}")

# %% [markdown]
# ## Summary
# - The binary cross-entropy $J = -\frac{1}{m} \sum \big(y \log a + (1 - y) \log(1 - a)\big)$ is the
#   negative log-likelihood of the labels, averaged over the examples.
# - 0.693 ($\ln 2$) is the cost of answering 0.5 for everything: where an untrained network starts, and
#   what a trained one must beat.
# - Clipping `AL` to $[10^{-15}, 1 - 10^{-15}]$ keeps the cost finite, with no `nan` and no warning, when
#   the network is certain.
#
# Next, in **04_backward**, the derivative of this cost starts the backward pass that computes every
# gradient of the network.
