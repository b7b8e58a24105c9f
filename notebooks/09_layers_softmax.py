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
# # 09 · Layers, softmax, and a digit classifier
#
# So far the network was one long function with one long backward pass. This notebook takes it apart
# into **layers**: small objects that each know how to compute their output (`forward`) and how to pass
# a gradient back through themselves (`backward`). Stacked, they make a network whose backward pass is
# nothing but the layers' backward passes called in reverse order: the chain rule, one link at a time.
# With a **softmax** output the network can choose among many classes, and at the end it learns to read
# real handwritten digits.
#
# **What you will build**
# 1. `softmax(a)` and `cross_entropy_error(y, t)`: the output and the loss of a classifier with many classes.
# 2. The layers `MulLayer`, `AddLayer`, `Relu`, `Sigmoid`, `Affine` and `SoftmaxWithLoss`.
# 3. `TwoLayerNet`: a network made of those layers, which you check and then train on 8×8 images of digits.
#
# ## Examples are rows in this notebook
#
# Notebooks 01 to 08 put one example per **column**: $X$ had shape $(n_x, m)$ and a layer computed
# $W X + b$. This notebook puts one example per **row**: a batch `x` has shape `(N, D)`, N examples of D
# features, and an affine layer computes `x @ W + b` with `W` of shape `(D, H)` and `b` of shape `(H,)`.
#
# Why switch? Because the layer-by-layer view is how most libraries are built, and they almost all store
# a batch this way: a data set is a table with one example per row (the layout of the files, of numpy's
# `load_*` functions, of scikit-learn), and deep-learning libraries pass batches `(N, ...)` from layer to
# layer. Writing layers in that convention makes them read like the code you will meet next. Nothing else
# changes: it is the same mathematics, transposed.
#
# | | notebooks 01-08 (columns) | this notebook (rows) |
# |---|---|---|
# | a batch of inputs | `X` $(n_x, m)$ | `x` `(N, D)` |
# | weights of a layer | `W` $(n^{[l]}, n^{[l-1]})$ | `W` `(D, H)`, the transpose |
# | bias | `b` $(n^{[l]}, 1)$, a column | `b` `(H,)`, a 1-D array broadcast over the rows |
# | linear part | `W @ A + b` | `x @ W + b` |
# | gradient of the weights | `dZ @ A_prev.T / m` | `x.T @ dout` |
# | sum over the examples | `axis=1` | `axis=0` |
# | probabilities of C classes | | `(N, C)`, each row adds up to 1 |
#
# **How each exercise works.** Write your code between the `# YOUR CODE HERE` marker and the end of the
# function or class, run the cell, then run the cells below it: one prints what your code returns (compare
# it with the expected output written above it), the next checks it. A failed check tells you *what* is
# wrong and, when it recognises the mistake, how to fix it. Run the cells from the top after a restart.
#
# > **Coming from the original course or from "Deep Learning from Scratch"?** The layers are the book's; what differs:
# > - `TwoLayerNet(..., weight_init_std=0.01, seed=0)` draws `W1`, then `W2`, from `np.random.RandomState(seed)`, not from `np.random.randn`.
# > - `backward` never writes into the `dout` it receives (the book's `Relu.backward` sets `dout[self.mask] = 0`): return a new array.
# > - One example's label is what `labels[0]` gives, a numpy integer: the book's `cross_entropy_error`, with its `t.reshape`, works as it is.
# > - Notebooks 01-08 put examples in columns; here they are rows, as in the book.

# %%
import os
from collections import OrderedDict

import matplotlib.pyplot as plt
import numpy as np

from dnn_utils import numerical_gradient
from dnn_utils.digits import load_digits_split
from testcases.fixtures import classification_batch, cross_entropy_case, layer_case, softmax_batch_case, softmax_cases
from testcases.nb09 import (check_add_layer, check_affine, check_cross_entropy_error, check_mul_layer, check_relu,
                            check_sigmoid, check_softmax, check_softmax_with_loss, check_two_layer_net)

# %% [markdown]
# ## 1 · Softmax
#
# A classifier with $C$ classes ends in $C$ scores per example, any real numbers. The **softmax** turns
# them into probabilities, positive and adding up to 1, keeping their order:
#
# $$y_k = \frac{e^{a_k}}{\sum_{j=1}^{C} e^{a_j}}$$
#
# **Overflow.** $e^{710}$ is already beyond the largest float64, so scores near 1000 give `inf / inf = nan`.
# The cure costs nothing: subtracting the same number $c$ from every score multiplies numerator and
# denominator by $e^{-c}$, which cancels. With $c = \max_j a_j$ every exponent is at most 0, every
# $e^{a_k - c}$ at most 1, and the largest one exactly 1, so the sum is at least 1 as well.

# %%
a, a_large = softmax_cases()
with np.errstate(over="ignore", invalid="ignore"):  # show what goes wrong, without numpy's warnings
    naive = np.exp(a_large) / np.sum(np.exp(a_large))
print("exp(a) / sum(exp(a)) for a = [1010, 1000, 990]:", naive)

# %% [markdown]
# ### Exercise: `softmax`
#
# Write a stable softmax that takes one example, `a` of shape `(C,)`, or a batch, `a` of shape `(N, C)`,
# and applies the formula to each row: subtract the row's largest score, exponentiate, divide by the row's
# sum. Do not change `a` itself.
#
# <details><summary>Hint</summary>
#
# `axis=-1` is the last axis whatever the number of dimensions, and `keepdims=True` keeps the reduced axis
# with size 1 so that the result broadcasts back over the row: `np.max(a, axis=-1, keepdims=True)`.
# </details>

# %% nbgrader={"grade": false, "grade_id": "softmax", "locked": false, "schema_version": 3, "solution": true, "task": false}
def softmax(a):
    """Softmax of each row, without overflow.

    Arguments:
    a -- ndarray (C,) for one example or (N, C) for a batch of N examples: the scores

    Returns:
    y -- ndarray of the shape of a: exp(a - max) / sum(exp(a - max)) row by row; each row adds up to 1
    """
    ### BEGIN SOLUTION
    shifted = a - np.max(a, axis=-1, keepdims=True)
    e = np.exp(shifted)
    y = e / np.sum(e, axis=-1, keepdims=True)
    return y
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell:
# ```
# softmax([0.3, 2.9, 4.0]) = [0.01821127 0.24519181 0.73659691]
# softmax([1010, 1000, 990]) = [9.99954600e-01 4.53978686e-05 2.06106005e-09]
# a batch of 4: the rows add up to [1. 1. 1. 1.]
# ```

# %%
print("softmax([0.3, 2.9, 4.0]) =", softmax(a))
print("softmax([1010, 1000, 990]) =", softmax(a_large))
print("a batch of 4: the rows add up to", np.round(softmax(softmax_batch_case()).sum(axis=1), 12))

# %% nbgrader={"grade": true, "grade_id": "test_softmax", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check_softmax(softmax)
### BEGIN HIDDEN TESTS
from testcases.nb09 import hidden_check_softmax

hidden_check_softmax(softmax)
### END HIDDEN TESTS

# %% [markdown]
# ## 2 · The cross-entropy error
#
# The loss of one example whose correct class is $k$ is $-\log y_k$: close to 0 when the network gives the
# right class a probability near 1, large when it gives it little. With the target as a one-hot row $t$
# (1 at the correct class, 0 elsewhere) that is $-\sum_j t_j \log y_j$. For a batch, average over the $N$
# examples:
#
# $$E = -\frac{1}{N} \sum_{n=1}^{N} \sum_{j=1}^{C} t_{nj} \log\big(y_{nj} + \delta\big)$$
#
# The tiny $\delta = 10^{-7}$ guards the logarithm: a probability of exactly 0 (it happens, after
# underflow) would otherwise give $-\log 0 = \infty$ and a `nan` soon after.
#
# ### Exercise: `cross_entropy_error`
#
# `y` holds probabilities, `(N, C)` for a batch or `(C,)` for one example. The targets `t` come in either
# of two forms: **one-hot**, with the shape of `y`; or **labels**, the index of the correct class of each
# example, ints of shape `(N,)` (for one example, its label as `labels[0]` gives it: a numpy integer).
# Return $E$ as a float.
#
# <details><summary>Hint</summary>
#
# Turn one example into a batch of one first: `y = y.reshape(1, -1)`, and `t` likewise. One-hot targets
# become labels with `t.argmax(axis=1)`. With labels, `y[np.arange(N), t]` picks the probability of the
# correct class in every row at once.
# </details>

# %% nbgrader={"grade": false, "grade_id": "cross_entropy_error", "locked": false, "schema_version": 3, "solution": true, "task": false}
def cross_entropy_error(y, t):
    """The cross-entropy error, averaged over the batch.

    Arguments:
    y -- ndarray (N, C) of probabilities, or (C,) for one example
    t -- the targets: one-hot, with the shape of y; or labels, ints of shape (N,) (labels[0], a numpy integer,
         for one example)

    Returns:
    E -- float, -sum(t * log(y + 1e-7)) / N
    """
    ### BEGIN SOLUTION
    delta = 1e-7
    y = np.asarray(y, dtype=float)
    t = np.asarray(t)
    if y.ndim == 1:
        y = y.reshape(1, -1)
        t = t.reshape(1, -1) if t.size == y.size else t.reshape(1)
    if t.shape == y.shape:
        t = t.argmax(axis=1)
    N = y.shape[0]
    return float(-np.sum(np.log(y[np.arange(N), t] + delta)) / N)
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell:
# ```
# one-hot targets: 2.868598
# label targets:   2.868598
# one example:     4.356733
# a probability of 0 for the correct class: 8.752195
# ```

# %%
y, labels, one_hot = cross_entropy_case()
print(f"one-hot targets: {cross_entropy_error(y, one_hot):.6f}")
print(f"label targets:   {cross_entropy_error(y, labels):.6f}")
print(f"one example:     {cross_entropy_error(y[0], one_hot[0]):.6f}")
y_zero = np.array([[0.0, 1.0, 0.0], [0.5, 0.25, 0.25]])
print(f"a probability of 0 for the correct class: {cross_entropy_error(y_zero, np.array([0, 1])):.6f}")

# %% nbgrader={"grade": true, "grade_id": "test_cross_entropy_error", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check_cross_entropy_error(cross_entropy_error)
### BEGIN HIDDEN TESTS
from testcases.nb09 import hidden_check_cross_entropy_error

hidden_check_cross_entropy_error(cross_entropy_error)
### END HIDDEN TESTS

# %% [markdown]
# ## 3 · Layers: forward and backward
#
# Think of a computation as a graph of small operations. Going **forward**, each node computes its output
# from its inputs. Going **backward**, each node receives `dout`, the derivative of the final result with
# respect to its output, and hands each of its inputs the derivative with respect to that input: `dout`
# times the node's own *local* derivative. That is the chain rule, split into pieces that know nothing of
# one another. In code, a node is a class with two methods:
#
# - `forward(...)` computes the output and keeps what the backward pass will need;
# - `backward(dout)` returns the gradients with respect to the inputs.
#
# **`backward` never changes `dout`.** The array belongs to the caller, and another part of the graph may
# still need it. Compute a new array; do not write into the one you were given (and `forward` leaves its
# input alone for the same reason).
#
# ### Exercise: `MulLayer` and `AddLayer`
#
# - `MulLayer`: `forward(x, y)` returns `x * y` and keeps `x` and `y`; `backward(dout)` returns
#   `(dx, dy)` with $\frac{\partial (xy)}{\partial x} = y$ and $\frac{\partial (xy)}{\partial y} = x$, each
#   times `dout`.
# - `AddLayer`: `forward(x, y)` returns `x + y`; `backward(dout)` returns `(dx, dy)`, both `dout`, since
#   both partial derivatives of $x + y$ are 1.
#
# Both work on numbers and on arrays of the same shape alike.
#
# <details><summary>Hint</summary>
#
# `MulLayer.backward` needs the inputs of `forward`, so `forward` stores them on `self`. Each input's
# gradient is `dout` times the *other* input.
# </details>

# %% nbgrader={"grade": false, "grade_id": "MulLayer", "locked": false, "schema_version": 3, "solution": true, "task": false}
class MulLayer:
    """out = x * y.

    forward(x, y) -- x, y: numbers or ndarrays of one shape; returns x * y
    backward(dout) -- dout: the shape of out; returns (dx, dy) = (dout * y, dout * x)
    """

    ### BEGIN SOLUTION
    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x = x
        self.y = y
        return x * y

    def backward(self, dout):
        dx = dout * self.y
        dy = dout * self.x
        return dx, dy
    ### END SOLUTION


# %% [markdown]
# <details><summary>Hint</summary>
#
# `AddLayer` needs nothing from `forward` for its backward pass. Returning `dout * 1` rather than `dout`
# itself hands each input a new array.
# </details>

# %% nbgrader={"grade": false, "grade_id": "AddLayer", "locked": false, "schema_version": 3, "solution": true, "task": false}
class AddLayer:
    """out = x + y.

    forward(x, y) -- x, y: numbers or ndarrays of one shape; returns x + y
    backward(dout) -- dout: the shape of out; returns (dx, dy) = (dout, dout)
    """

    ### BEGIN SOLUTION
    def forward(self, x, y):
        return x + y

    def backward(self, dout):
        dx = dout * 1
        dy = dout * 1
        return dx, dy
    ### END SOLUTION


# %% [markdown]
# A small graph to try them on: a group buys `tickets = 4` concert tickets at `price = 12.5` each, pays a
# booking `fee = 3.0` once, and then a service charge makes it all `1.1` times dearer:
# `total = (price * tickets + fee) * 1.1`. Forward gives the total; backward, started with `dout = 1`, gives
# how much the total changes per unit of each input: a ticket price 1 higher costs $4 \times 1.1 = 4.4$
# more, one more ticket costs $12.5 \times 1.1 = 13.75$ more.
#
# **Expected output** of the next cell:
# ```
# total = 58.3
# d total / d price = 4.4, d total / d tickets = 13.75, d total / d fee = 1.1
# ```

# %%
price, tickets, fee, charge = 12.5, 4.0, 3.0, 1.1
buy, add_fee, add_charge = MulLayer(), AddLayer(), MulLayer()
total = add_charge.forward(add_fee.forward(buy.forward(price, tickets), fee), charge)
d_subtotal, d_charge = add_charge.backward(1.0)
d_bought, d_fee = add_fee.backward(d_subtotal)
d_price, d_tickets = buy.backward(d_bought)
print(f"total = {total:.4g}")
print(f"d total / d price = {d_price:.4g}, d total / d tickets = {d_tickets:.4g}, d total / d fee = {d_fee:.4g}")

# %% nbgrader={"grade": true, "grade_id": "test_MulLayer", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check_mul_layer(MulLayer)
### BEGIN HIDDEN TESTS
from testcases.nb09 import hidden_check_mul_layer

hidden_check_mul_layer(MulLayer)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_AddLayer", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check_add_layer(AddLayer)
### BEGIN HIDDEN TESTS
from testcases.nb09 import hidden_check_add_layer

hidden_check_add_layer(AddLayer)
### END HIDDEN TESTS

# %% [markdown]
# ## 4 · Activation layers
#
# ### Exercise: `Relu` and `Sigmoid`
#
# - `Relu`: `forward(x)` returns $\max(0, x)$ entry by entry and keeps the mask of the entries that were
#   not positive, `self.mask = (x <= 0)`; `backward(dout)` lets `dout` through where `x` was positive and
#   gives 0 where it was not.
# - `Sigmoid`: `forward(x)` returns $\sigma(x) = 1 / (1 + e^{-x})$ and keeps it as `self.out`;
#   `backward(dout)` returns `dout * out * (1 - out)`, since $\sigma' = \sigma (1 - \sigma)$: the
#   derivative comes from the output alone.
#
# <details><summary>Hint</summary>
#
# `np.where(self.mask, 0.0, dout)` builds a new array. `dout[self.mask] = 0` would write zeros into the
# caller's array, and `out = x` followed by `out[self.mask] = 0` into the caller's `x`: `out = x` does
# not copy.
# </details>

# %% nbgrader={"grade": false, "grade_id": "Relu", "locked": false, "schema_version": 3, "solution": true, "task": false}
class Relu:
    """out = max(0, x), entry by entry.

    forward(x) -- x: ndarray of any shape; returns an ndarray of that shape
    backward(dout) -- dout: the shape of x; returns dx = dout where x > 0, 0 elsewhere (a new array)
    """

    ### BEGIN SOLUTION
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = x <= 0
        return np.where(self.mask, 0.0, x)

    def backward(self, dout):
        return np.where(self.mask, 0.0, dout)
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "Sigmoid", "locked": false, "schema_version": 3, "solution": true, "task": false}
class Sigmoid:
    """out = 1 / (1 + exp(-x)), entry by entry.

    forward(x) -- x: ndarray of any shape; returns an ndarray of that shape
    backward(dout) -- dout: the shape of x; returns dx = dout * out * (1 - out)
    """

    ### BEGIN SOLUTION
    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = 1.0 / (1.0 + np.exp(-x))
        return self.out

    def backward(self, dout):
        return dout * self.out * (1.0 - self.out)
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell:
# ```
# relu forward:     [[0.  0.  0.5 2. ]]
# relu backward:    [[0. 0. 1. 1.]]
# sigmoid forward:  [[0.11920292 0.37754067 0.62245933 0.88079708]]
# sigmoid backward: [[0.10499359 0.23500371 0.23500371 0.10499359]]
# dout afterwards:  [[1. 1. 1. 1.]]
# ```

# %%
x_demo = np.array([[-2.0, -0.5, 0.5, 2.0]])
dout_demo = np.ones_like(x_demo)
relu_demo, sigmoid_demo = Relu(), Sigmoid()
print("relu forward:    ", relu_demo.forward(x_demo))
print("relu backward:   ", relu_demo.backward(dout_demo))
print("sigmoid forward: ", sigmoid_demo.forward(x_demo))
print("sigmoid backward:", sigmoid_demo.backward(dout_demo))
print("dout afterwards: ", dout_demo)

# %% nbgrader={"grade": true, "grade_id": "test_Relu", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check_relu(Relu)
### BEGIN HIDDEN TESTS
from testcases.nb09 import hidden_check_relu

hidden_check_relu(Relu)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_Sigmoid", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check_sigmoid(Sigmoid)
### BEGIN HIDDEN TESTS
from testcases.nb09 import hidden_check_sigmoid

hidden_check_sigmoid(Sigmoid)
### END HIDDEN TESTS

# %% [markdown]
# ## 5 · The affine layer
#
# An affine (fully connected) layer computes `out = x @ W + b` for a batch `x` of shape `(N, D)`, with
# `W` of shape `(D, H)` and `b` of shape `(H,)`. Backward, given `dout` of shape `(N, H)`:
#
# $$dx = dout\, W^T \quad (N, D) \qquad dW = x^T dout \quad (D, H) \qquad db = \textstyle\sum_{n} dout_n \quad (H,)$$
#
# Each gradient has the shape of what it differentiates, which is a good way to remember where the
# transposes go. `db` sums over the examples, `axis=0`, because the same `b` was added to every row. There
# is no $1/N$ here: the loss layer at the top averages over the batch, and its `dout` already carries it.
#
# ### Exercise: `Affine`
#
# `Affine(W, b)` keeps `W` and `b` (the arrays themselves, not copies: a training step updates them in
# place and the layer must see the change). `forward(x)` keeps `x` and returns `x @ W + b`.
# `backward(dout)` stores `self.dW` and `self.db` and returns `dx`.
#
# <details><summary>Hint</summary>
#
# Check each product by its shapes: `(N, H)` times `(H, D)` gives `(N, D)`, the shape of `x`; `(D, N)`
# times `(N, H)` gives `(D, H)`, the shape of `W`. `forward` has to keep `x` for the second one.
# </details>

# %% nbgrader={"grade": false, "grade_id": "Affine", "locked": false, "schema_version": 3, "solution": true, "task": false}
class Affine:
    """out = x @ W + b.

    Affine(W, b) -- W: ndarray (D, H), b: ndarray (H,), kept by reference
    forward(x) -- x: ndarray (N, D); returns out (N, H)
    backward(dout) -- dout: ndarray (N, H); returns dx (N, D) and stores self.dW (D, H) and self.db (H,)
    """

    ### BEGIN SOLUTION
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None
        self.dW = None
        self.db = None

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = np.sum(dout, axis=0)
        return dout @ self.W.T
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell (a batch of 3 examples of 4 features into 5 units):
# ```
# out: (3, 5)  dx: (3, 4)  dW: (4, 5)  db: (5,)
# dx matches its numerical gradient: True
# dW matches its numerical gradient: True
# db matches its numerical gradient: True
# ```

# %%
x_demo, W_demo, b_demo, dout_demo = layer_case(12, 3, 4, 5)
affine_demo = Affine(W_demo, b_demo)
out_demo = affine_demo.forward(x_demo)
dx_demo = affine_demo.backward(dout_demo)
print("out:", out_demo.shape, " dx:", dx_demo.shape, " dW:", affine_demo.dW.shape, " db:", affine_demo.db.shape)


def affine_output(_):
    """sum(dout * out): its gradient with respect to x, W and b is what backward(dout) computes."""
    return np.sum(dout_demo * (x_demo @ W_demo + b_demo))


for name, array, gradient in (("dx", x_demo, dx_demo), ("dW", W_demo, affine_demo.dW), ("db", b_demo, affine_demo.db)):
    print(f"{name} matches its numerical gradient:", np.allclose(gradient, numerical_gradient(affine_output, array)))

# %% nbgrader={"grade": true, "grade_id": "test_Affine", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check_affine(Affine)
### BEGIN HIDDEN TESTS
from testcases.nb09 import hidden_check_affine

hidden_check_affine(Affine)
### END HIDDEN TESTS

# %% [markdown]
# ## 6 · Softmax with the loss
#
# The last layer of a classifier combines the softmax and the cross-entropy error. Together their backward
# pass is remarkably simple: the gradient of the averaged loss with respect to the scores is
#
# $$dx = \frac{y - t}{N}$$
#
# with $y$ the softmax probabilities and $t$ the one-hot targets: how far each probability is from where it
# should be, shared over the batch. (The derivative of $-\log$ and that of the softmax cancel each other's
# complications; it is the same good fortune that made `AL - Y` the output gradient of a sigmoid with the
# binary cross-entropy.)
#
# ### Exercise: `SoftmaxWithLoss`
#
# `forward(x, t)` takes the scores `x` `(N, C)` and the targets `t` (one-hot `(N, C)` or labels `(N,)`),
# keeps `y = softmax(x)` and `t`, and returns the loss `cross_entropy_error(y, t)`. `backward(dout=1)`
# returns `dout * (y - t) / N`, with labels first turned into one-hot rows.
#
# <details><summary>Hint</summary>
#
# `np.eye(C)[labels]` turns labels into one-hot rows.
# </details>

# %% nbgrader={"grade": false, "grade_id": "SoftmaxWithLoss", "locked": false, "schema_version": 3, "solution": true, "task": false}
class SoftmaxWithLoss:
    """Softmax followed by the cross-entropy error, averaged over the batch.

    forward(x, t) -- x: ndarray (N, C) of scores; t: one-hot (N, C) or labels (N,); returns the loss (float)
    backward(dout=1) -- returns dx (N, C) = dout * (y - t) / N, with y = softmax(x) and t one-hot
    """

    ### BEGIN SOLUTION
    def __init__(self):
        self.y = None
        self.t = None
        self.loss = None

    def forward(self, x, t):
        self.y = softmax(x)
        self.t = t
        self.loss = cross_entropy_error(self.y, t)
        return self.loss

    def backward(self, dout=1):
        N, C = self.y.shape
        t = np.asarray(self.t)
        if t.shape != self.y.shape:
            t = np.eye(C)[t]
        return dout * (self.y - t) / N
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell:
# ```
# loss = 1.805828
# dx =
# [[-0.05349  0.00716  0.04633]
#  [ 0.18843 -0.23606  0.04762]
#  [-0.23632  0.21955  0.01678]
#  [-0.17399  0.01319  0.1608 ]]
# the rows of dx add up to 0: True
# ```

# %%
scores_demo, labels_demo, one_hot_demo = classification_batch(16, 4, 3, 3)
loss_layer = SoftmaxWithLoss()
print(f"loss = {loss_layer.forward(2 * scores_demo, labels_demo):.6f}")
dx_demo = loss_layer.backward()
print("dx =")
print(np.round(dx_demo, 5))
print("the rows of dx add up to 0:", np.allclose(dx_demo.sum(axis=1), 0))

# %% nbgrader={"grade": true, "grade_id": "test_SoftmaxWithLoss", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check_softmax_with_loss(SoftmaxWithLoss)
### BEGIN HIDDEN TESTS
from testcases.nb09 import hidden_check_softmax_with_loss

hidden_check_softmax_with_loss(SoftmaxWithLoss)
### END HIDDEN TESTS

# %% [markdown]
# ## 7 · A network made of layers
#
# `TwoLayerNet` stacks Affine → Relu → Affine and ends in SoftmaxWithLoss:
#
# ```
#  x (N, D) ─► Affine1 (W1, b1) ─► Relu1 ─► Affine2 (W2, b2) ─► scores (N, C) ─► SoftmaxWithLoss (with t) ─► loss
#  dx ◄─────── Affine1 ◄────────── Relu1 ◄─ Affine2 ◄─────────────────────────── backward(1)
# ```
#
# ### Exercise: `TwoLayerNet`
#
# - `__init__(input_size, hidden_size, output_size, weight_init_std=0.01, seed=0)`: `self.params` holds
#   `W1` `(input_size, hidden_size)` and then `W2` `(hidden_size, output_size)`, drawn in that order from one
#   `np.random.RandomState(seed)` with `randn` and multiplied by `weight_init_std`, and the biases `b1`,
#   `b2`, zeros of shapes `(hidden_size,)` and `(output_size,)`. Then the layers, in an `OrderedDict`
#   `self.layers`: `"Affine1"` (built on `self.params["W1"]`, `self.params["b1"]`), `"Relu1"`, `"Affine2"`;
#   and `self.last_layer = SoftmaxWithLoss()`.
# - `predict(x)`: the scores, `x` through every layer of `self.layers` in order.
# - `loss(x, t)`: `self.last_layer.forward(self.predict(x), t)`.
# - `accuracy(x, t)`: the fraction of the rows whose highest score is the correct class (`t` one-hot or labels).
# - `numerical_gradient(x, t)`: `{"W1": ..., "b1": ..., "W2": ..., "b2": ...}`, each
#   `numerical_gradient(f, self.params[key])` (from `dnn_utils`, imported above) with `f` a function
#   that ignores its argument and returns `self.loss(x, t)`: it perturbs the parameter arrays in place,
#   which the layers hold, so the loss sees each change.
# - `gradient(x, t)`: the same dictionary by backpropagation: `self.loss(x, t)`, then
#   `dout = self.last_layer.backward(1)`, then `dout = layer.backward(dout)` for the layers in **reverse**
#   order; the gradients are then in the `dW` and `db` of the two Affine layers.
#
# <details><summary>Hint</summary>
#
# `reversed(list(self.layers.values()))` visits the layers backwards. `np.argmax(scores, axis=1)` is the
# predicted class of each row.
# </details>

# %% nbgrader={"grade": false, "grade_id": "TwoLayerNet", "locked": false, "schema_version": 3, "solution": true, "task": false}
class TwoLayerNet:
    """Affine -> Relu -> Affine -> SoftmaxWithLoss, on examples as rows.

    params -- {"W1": (input_size, hidden_size), "b1": (hidden_size,), "W2": (hidden_size, output_size),
               "b2": (output_size,)}, shared with the layers
    predict(x (N, input_size)) -> scores (N, output_size)
    loss(x, t) -> float; accuracy(x, t) -> float; t one-hot (N, output_size) or labels (N,)
    numerical_gradient(x, t), gradient(x, t) -> {"W1": ..., "b1": ..., "W2": ..., "b2": ...}
    """

    ### BEGIN SOLUTION
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01, seed=0):
        rng = np.random.RandomState(seed)
        self.params = {}
        self.params["W1"] = weight_init_std * rng.randn(input_size, hidden_size)
        self.params["b1"] = np.zeros(hidden_size)
        self.params["W2"] = weight_init_std * rng.randn(hidden_size, output_size)
        self.params["b2"] = np.zeros(output_size)
        self.layers = OrderedDict()
        self.layers["Affine1"] = Affine(self.params["W1"], self.params["b1"])
        self.layers["Relu1"] = Relu()
        self.layers["Affine2"] = Affine(self.params["W2"], self.params["b2"])
        self.last_layer = SoftmaxWithLoss()

    def predict(self, x):
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        return self.last_layer.forward(self.predict(x), t)

    def accuracy(self, x, t):
        predicted = np.argmax(self.predict(x), axis=1)
        t = np.asarray(t)
        if t.ndim != 1:
            t = np.argmax(t, axis=1)
        return float(np.sum(predicted == t) / x.shape[0])

    def numerical_gradient(self, x, t):
        def f(_):
            return self.loss(x, t)
        return {key: numerical_gradient(f, self.params[key]) for key in ("W1", "b1", "W2", "b2")}

    def gradient(self, x, t):
        self.loss(x, t)
        dout = self.last_layer.backward(1)
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)
        return {"W1": self.layers["Affine1"].dW, "b1": self.layers["Affine1"].db,
                "W2": self.layers["Affine2"].dW, "b2": self.layers["Affine2"].db}
    ### END SOLUTION


# %% [markdown]
# ## 8 · The data: handwritten digits
#
# scikit-learn ships, inside its package, a small set of 1797 handwritten digits from the UCI machine
# learning repository: 8×8 images with grey levels 0 to 16, labels 0 to 9. `load_digits_split()` from
# `dnn_utils.digits` reads it (nothing is downloaded), scales the pixels to $[0, 1]$, flattens each image
# into a row of 64 numbers and splits the images at random, with a fixed seed, into 1438 for training and
# 359 for testing. The targets are one-hot rows.

# %%
x_train, t_train, x_test, t_test = load_digits_split()
print("x_train:", x_train.shape, " t_train:", t_train.shape, " x_test:", x_test.shape, " t_test:", t_test.shape)
fig, axes = plt.subplots(2, 5, figsize=(8, 3.9))
for ax, image, target in zip(axes.ravel(), x_train, t_train):
    ax.imshow(image.reshape(8, 8), cmap="gray_r")
    ax.set_title(f"label {target.argmax()}", fontsize=12)
    ax.axis("off")
plt.show()

# %% [markdown]
# **The gradient check.** Before training, make sure that backpropagation through your layers agrees with
# the numerical gradient, on a few examples of a fresh network (64 inputs, 50 hidden units, 10 classes).
# The two are not identical to the last digit: the numerical gradient differentiates the loss with its
# $\delta$ guard, and round-off adds its share, which puts their relative difference around $10^{-6}$. A
# mistake puts it above $10^{-2}$.
#
# **Expected output** of the next cell:
# ```
# W1: relative difference below 1e-5: True
# b1: relative difference below 1e-5: True
# W2: relative difference below 1e-5: True
# b2: relative difference below 1e-5: True
# ```

# %%
network = TwoLayerNet(input_size=64, hidden_size=50, output_size=10, seed=0)
x_batch, t_batch = x_train[:3], t_train[:3]
numerical = network.numerical_gradient(x_batch, t_batch)
backprop = network.gradient(x_batch, t_batch)
for key in ("W1", "b1", "W2", "b2"):
    difference = np.linalg.norm(backprop[key] - numerical[key]) / (
        np.linalg.norm(backprop[key]) + np.linalg.norm(numerical[key]))
    print(f"{key}: relative difference below 1e-5:", difference < 1e-5)

# %% nbgrader={"grade": true, "grade_id": "test_TwoLayerNet", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
check_two_layer_net(TwoLayerNet)
### BEGIN HIDDEN TESTS
from testcases.nb09 import hidden_check_two_layer_net

hidden_check_two_layer_net(TwoLayerNet)
### END HIDDEN TESTS

# %% [markdown]
# ## 9 · Training
#
# Mini-batch gradient descent, as in notebook 07, written for the layers: draw a batch of 100 training
# examples at random, compute the gradients by backpropagation, and move every parameter **in place**,
# `network.params[key] -= learning_rate * grads[key]`, which the layers see because they hold those very
# arrays. The loss on each batch is recorded, and the accuracy on the whole training and test sets once
# per epoch (one epoch: as many batches as make up the training set, here 15). 2000 steps take a few
# seconds. (While a notebook is being autograded the loop stops after 50 steps, so that grading stays
# fast.)

# %%
network = TwoLayerNet(input_size=64, hidden_size=50, output_size=10, seed=0)
iterations = 50 if os.environ.get("NBGRADER_EXECUTION") else 2000
batch_size, learning_rate = 100, 0.1
steps_per_epoch = int(np.ceil(x_train.shape[0] / batch_size))
rng = np.random.RandomState(0)
losses, train_accuracies, test_accuracies = [], [], []
for step in range(iterations):
    batch = rng.choice(x_train.shape[0], batch_size)
    grads = network.gradient(x_train[batch], t_train[batch])
    for key in ("W1", "b1", "W2", "b2"):
        network.params[key] -= learning_rate * grads[key]
    losses.append(network.last_layer.loss)
    if step % steps_per_epoch == 0:
        train_accuracies.append(network.accuracy(x_train, t_train))
        test_accuracies.append(network.accuracy(x_test, t_test))
        if len(test_accuracies) % 30 == 1:
            print(f"epoch {len(test_accuracies) - 1:3d}: train accuracy {train_accuracies[-1]:.4f}, "
                  f"test accuracy {test_accuracies[-1]:.4f}")

# %%
fig, (ax_loss, ax_accuracy) = plt.subplots(1, 2, figsize=(12, 4))
ax_loss.plot(losses)
ax_loss.set_xlabel("step")
ax_loss.set_ylabel("loss on the batch")
ax_loss.set_title("training loss")
epochs = np.arange(len(train_accuracies))
ax_accuracy.plot(epochs, train_accuracies, label="train")
ax_accuracy.plot(epochs, test_accuracies, label="test", linestyle="--")
ax_accuracy.set_xlabel("epoch")
ax_accuracy.set_ylabel("accuracy")
ax_accuracy.set_ylim(0, 1)
ax_accuracy.legend()
ax_accuracy.set_title("accuracy")
plt.show()

test_correct = int(round(network.accuracy(x_test, t_test) * x_test.shape[0]))
print(f"train accuracy: {network.accuracy(x_train, t_train):.4f}")
print(f"test accuracy:  {network.accuracy(x_test, t_test):.4f} ({test_correct} of {x_test.shape[0]} test images)")

# %% [markdown]
# And the test images the network gets wrong, with what it read and what was written:

# %%
predicted = np.argmax(network.predict(x_test), axis=1)
actual = np.argmax(t_test, axis=1)
wrong = np.flatnonzero(predicted != actual)[:10]
rows = max(1, -(-len(wrong) // 5))   # five to a row, as large as the examples above
fig, axes = plt.subplots(rows, 5, figsize=(8, 2.1 * rows), squeeze=False)
for ax, i in zip(axes.ravel(), wrong):
    ax.imshow(x_test[i].reshape(8, 8), cmap="gray_r")
    ax.set_title(f"read {predicted[i]}, was {actual[i]}", fontsize=11)
for ax in axes.ravel():
    ax.axis("off")
plt.show()

# %% [markdown]
# Train and test accuracy climb together and stay close: with 1438 images and a small network there is
# little overfitting. Some of the misread digits are hard for a person too, at 8×8 pixels.
#
# ## Summary
# - Examples are rows here, as in most libraries: `x @ W + b`, with `W` `(D, H)` and `b` `(H,)`.
# - Softmax subtracts each row's maximum before exponentiating; the cross-entropy error guards its log
#   and averages over the batch, for one-hot and label targets alike.
# - A layer's `backward` multiplies `dout` by its local derivative and returns a new array, never writing
#   into `dout`; a network's backward pass is its layers' backward passes in reverse order.
# - Softmax with the cross-entropy error has the gradient $(y - t) / N$.
# - The gradient check compares backpropagation with numerical gradients before any training.
#
# This is the end of the course: from the parameters of notebook 01 to a network, made of layers you
# wrote, that reads handwritten digits.
