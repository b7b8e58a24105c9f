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
# # 08 · Gradient checking
#
# A backward pass with a mistake in it often still *runs*: the shapes fit, the cost even goes down for a
# while, and nothing says that a gradient is twice what it should be. Gradient checking is how you find
# out. It computes every gradient a second, independent way, straight from the definition of the
# derivative, using nothing but the forward pass and the cost, and compares the two.
#
# **What you will build**
# 1. `forward_propagation(x, theta)` and `backward_propagation(x, theta)` for a one-parameter model.
# 2. `gradient_check(x, theta, epsilon=1e-7)`: the check for that one parameter.
# 3. `numerical_gradient(f, x, epsilon=1e-5)`: numerical gradients of any function of an array of any shape.
# 4. `gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7)`: the check for a whole network, which
#    you then use to find the mistakes in a hand-written backward pass.
#
# **How each exercise works.** Write your code between the `# YOUR CODE HERE` marker and the end of the
# function, run the cell, then run the cells below it: one prints what your function returns (compare it
# with the expected output written above it), the next checks it. A failed check tells you *what* is wrong
# and, when it recognises the mistake, how to fix it. Run the cells from the top after a restart.
#
# > **Coming from the original course?** The exercises are the ones you know, plus `numerical_gradient`; what differs:
# > - `dictionary_to_vector(parameters)` returns `theta` alone, not `(theta, keys)`: `parameters_values = dictionary_to_vector(parameters)`.
# > - `vector_to_dictionary(theta, parameters)` and `gradients_to_vector(gradients, parameters)` take the parameters as their second argument.
# > - There is no `forward_propagation_n`: the cost of a `theta` is `compute_cost(AL, Y)` with `AL, _ = L_model_forward(X, vector_to_dictionary(theta, parameters))`.
# > - `gradient_check` and `gradient_check_n` return the difference and print nothing (no `print_msg`).

# %%
import numpy as np

from dnn_utils import L_model_backward, L_model_forward, compute_cost, sigmoid
from dnn_utils.vectorize import dictionary_to_vector, gradients_to_vector, vector_to_dictionary
from testcases.fixtures import gradient_check_1d_case, gradient_check_n_case, numerical_gradient_case
from testcases.nb08 import (check_backward_propagation, check_forward_propagation, check_gradient_check,
                            check_gradient_check_n, check_numerical_gradient)

# %% [markdown]
# ## 1 · A derivative, numerically
#
# The derivative of $J$ at $\theta$ is the slope of $J$ over a vanishingly small step:
#
# $$\frac{\partial J}{\partial \theta} = \lim_{\varepsilon \to 0} \frac{J(\theta + \varepsilon) - J(\theta - \varepsilon)}{2 \varepsilon}$$
#
# Taking a small but finite $\varepsilon$, say $10^{-7}$, gives an approximation, `gradapprox`, that needs
# only two evaluations of $J$. This *centred* difference, one step to each side, is much more accurate
# than the one-sided $\big(J(\theta + \varepsilon) - J(\theta)\big) / \varepsilon$: its error shrinks
# like $\varepsilon^2$ instead of $\varepsilon$. (It cannot shrink for ever: with a tiny $\varepsilon$
# the two values of $J$ agree in almost all their digits, and the round-off of the subtraction takes
# over.)
#
# To compare `gradapprox` with the gradient `grad` of the backward pass, use their **relative** difference:
#
# $$\text{difference} = \frac{\lVert \text{grad} - \text{gradapprox} \rVert_2}{\lVert \text{grad} \rVert_2 + \lVert \text{gradapprox} \rVert_2}$$
#
# Dividing by the sizes makes it a number between 0 and 1 that means the same whatever the scale of the
# gradients: about $10^{-7}$ or less says the two agree, $10^{-3}$ or more says something is wrong.
#
# ## 2 · The one-parameter case
#
# Start with the simplest model there is: one input $x$, one parameter $\theta$, and $J(\theta) = \theta x$.
# Its derivative is $\frac{\partial J}{\partial \theta} = x$.
#
# ### Exercise: `forward_propagation` and `backward_propagation`
# `forward_propagation(x, theta)` returns $J = \theta x$; `backward_propagation(x, theta)` returns
# $d\theta = \frac{\partial J}{\partial \theta}$.
#
# <details><summary>Hint</summary>
#
# Each is one line. The forward pass is the formula for $J$ itself.
# </details>

# %% nbgrader={"grade": false, "grade_id": "forward_propagation", "locked": false, "schema_version": 3, "solution": true, "task": false}
def forward_propagation(x, theta):
    """The linear model J(theta) = theta * x.

    Arguments:
    x -- float, the input
    theta -- float, the parameter

    Returns:
    J -- float, the value of the model
    """
    ### BEGIN SOLUTION
    J = theta * x
    return J
    ### END SOLUTION


# %% [markdown]
# <details><summary>Hint</summary>
#
# Differentiate $\theta x$ with respect to $\theta$, treating $x$ as a constant.
# </details>

# %% nbgrader={"grade": false, "grade_id": "backward_propagation", "locked": false, "schema_version": 3, "solution": true, "task": false}
def backward_propagation(x, theta):
    """The derivative of J(theta) = theta * x with respect to theta.

    Arguments:
    x -- float, the input
    theta -- float, the parameter

    Returns:
    dtheta -- float, dJ / dtheta
    """
    ### BEGIN SOLUTION
    dtheta = x
    return dtheta
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell:
# ```
# J = 8
# dtheta = 2
# ```

# %%
x, theta = gradient_check_1d_case()
print("J =", forward_propagation(x, theta))
print("dtheta =", backward_propagation(x, theta))

# %% nbgrader={"grade": true, "grade_id": "test_forward_propagation", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check_forward_propagation(forward_propagation)
### BEGIN HIDDEN TESTS
from testcases.nb08 import hidden_check_forward_propagation

hidden_check_forward_propagation(forward_propagation)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_backward_propagation", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check_backward_propagation(backward_propagation)
### BEGIN HIDDEN TESTS
from testcases.nb08 import hidden_check_backward_propagation

hidden_check_backward_propagation(backward_propagation)
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise: `gradient_check`
#
# 1. Compute `gradapprox` with the centred difference: `thetaplus = theta + epsilon`,
#    `thetaminus = theta - epsilon`, `J_plus` and `J_minus` from `forward_propagation`, then
#    `gradapprox = (J_plus - J_minus) / (2 * epsilon)`.
# 2. Compute `grad` with `backward_propagation`.
# 3. Return their relative difference (formula of section 1), with `np.linalg.norm` for the norms.
#
# Use the two functions you wrote above: the point of the exercise is to test them. (The check swaps them,
# for a moment, for a correct and for a deliberately wrong pair, to see whether your `gradient_check`
# tells the two apart, and for a cubic $J = x\theta^3$ with `epsilon = 0.01`, where only the centred
# difference comes close.)
#
# <details><summary>Hint</summary>
#
# `np.linalg.norm` of a single number is its absolute value; it is used here so that the same code works
# for the vectors of section 5.
# </details>

# %% nbgrader={"grade": false, "grade_id": "gradient_check", "locked": false, "schema_version": 3, "solution": true, "task": false}
def gradient_check(x, theta, epsilon=1e-7):
    """Compare the derivative of backward_propagation with a centred difference of forward_propagation.

    Arguments:
    x -- float, the input
    theta -- float, the parameter
    epsilon -- float, the step to each side of theta

    Returns:
    difference -- float, norm(grad - gradapprox) / (norm(grad) + norm(gradapprox))
    """
    ### BEGIN SOLUTION
    thetaplus = theta + epsilon
    thetaminus = theta - epsilon
    J_plus = forward_propagation(x, thetaplus)
    J_minus = forward_propagation(x, thetaminus)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    grad = backward_propagation(x, theta)
    difference = np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))
    return difference
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell:
# ```
# difference = 2.92e-10
# below 1e-7: True
# ```

# %%
difference = gradient_check(x, theta)
print(f"difference = {difference:.2e}")
print("below 1e-7:", difference < 1e-7)

# %% nbgrader={"grade": true, "grade_id": "test_gradient_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check_gradient_check(gradient_check)
### BEGIN HIDDEN TESTS
from testcases.nb08 import hidden_check_gradient_check

hidden_check_gradient_check(gradient_check)
### END HIDDEN TESTS

# %% [markdown]
# $J$ is linear in $\theta$, so the centred difference is exact up to round-off: the $2.9 \cdot 10^{-10}$ is
# nothing but the round-off of $J(\theta + \varepsilon) - J(\theta - \varepsilon)$.
#
# ## 3 · Exercise: `numerical_gradient`, for an array of any shape
#
# A network has matrices of parameters, not a single $\theta$. The same idea works entry by entry: to get
# the partial derivative of $f$ with respect to entry `idx` of an array `x`, move that entry alone by
# $\pm\varepsilon$, evaluate $f$ twice, and take the centred difference. Doing it for every entry gives an
# array `grad` with the shape of `x`.
#
# Two things matter.
# - **Perturb `x` itself and restore it.** Change the entry in place, `x[idx] = old + epsilon`, evaluate
#   `f(x)`, then `x[idx] = old - epsilon`, evaluate again, and put the saved value back,
#   `x[idx] = old`. `f` may read the array through its argument or, like the loss of a network that reads
#   its own parameters, without it; either way it sees the change. And the caller gets `x` back exactly
#   as it was, to the last digit (adding `epsilon` back after subtracting it does not do that: round-off).
# - **Any shape.** Visit every entry with a tuple index: `it = np.nditer(x, flags=["multi_index"])` and
#   `for _ in it: idx = it.multi_index`, or `for idx in np.ndindex(x.shape)`. A loop over `range(len(x))`
#   only walks the first axis.
#
# <details><summary>Hint</summary>
#
# Start with `grad = np.zeros_like(x)`. Convert what `f` returns with `float(...)` if you like; `f` always
# returns a single number.
# </details>

# %% nbgrader={"grade": false, "grade_id": "numerical_gradient", "locked": false, "schema_version": 3, "solution": true, "task": false}
def numerical_gradient(f, x, epsilon=1e-5):
    """Centred-difference gradient of a scalar function of an array.

    Arguments:
    f -- function of x returning a float (it is called with x, one entry perturbed)
    x -- float ndarray of any shape; it is perturbed in place and every entry is restored
    epsilon -- float, the step to each side of an entry

    Returns:
    grad -- ndarray with the shape of x: (f(x + epsilon e_idx) - f(x - epsilon e_idx)) / (2 epsilon) at each idx
    """
    ### BEGIN SOLUTION
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        idx = it.multi_index
        old = x[idx]
        x[idx] = old + epsilon
        f_plus = float(f(x))
        x[idx] = old - epsilon
        f_minus = float(f(x))
        x[idx] = old
        grad[idx] = (f_plus - f_minus) / (2 * epsilon)
    return grad
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell, the gradient of $f(x) = \sum (x_0^2 + x_1^2)$, i.e. $2x$, at
# `[[3, 4], [3, 4]]` (rounded to 6 decimals):
# ```
# [[6. 8.]
#  [6. 8.]]
# x afterwards: [[3. 4.]
#  [3. 4.]]
# ```

# %%
f, x_example = numerical_gradient_case()
print(np.round(numerical_gradient(f, x_example), 6))
print("x afterwards:", x_example)

# %% nbgrader={"grade": true, "grade_id": "test_numerical_gradient", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check_numerical_gradient(numerical_gradient)
### BEGIN HIDDEN TESTS
from testcases.nb08 import hidden_check_numerical_gradient

hidden_check_numerical_gradient(numerical_gradient)
### END HIDDEN TESTS

# %% [markdown]
# ## 4 · A whole network
#
# Now the network of the earlier notebooks, with three layers: LINEAR → RELU → LINEAR → RELU → LINEAR →
# SIGMOID, layer sizes `[4, 5, 3, 1]`, on $m = 3$ examples. Its forward pass, cost and backward pass are
# `L_model_forward`, `compute_cost` and `L_model_backward` from `dnn_utils`. Its cost depends on all 47
# parameters at once; to check the gradients one parameter at a time it is easiest to line them all up
# in one column vector $\theta$. Three helpers are given, in `dnn_utils.vectorize`:
#
# | helper | does |
# |---|---|
# | `dictionary_to_vector(parameters)` | `W1, b1, W2, ...`, each flattened row by row, stacked into one column `(47, 1)` |
# | `vector_to_dictionary(theta, parameters)` | the inverse: cuts `theta` into arrays with the keys and shapes of `parameters` |
# | `gradients_to_vector(gradients, parameters)` | `dW1, db1, dW2, ...` in the same order as the parameters (other keys, like `dA0`, are left out) |
#
# So entry `i` of `gradients_to_vector(...)` is the gradient with respect to entry `i` of
# `dictionary_to_vector(...)`:

# %%
X, Y, parameters = gradient_check_n_case()
theta_example = dictionary_to_vector(parameters)
print("theta:", theta_example.shape, " first entries:", theta_example[:3].ravel())
print('parameters["W1"][0, :3]:', parameters["W1"][0, :3])
again = vector_to_dictionary(theta_example, parameters)
print("back to the same parameters:", all(np.array_equal(again[k], parameters[k]) for k in parameters))

# %% [markdown]
# ### Exercise: `gradient_check_n`
#
# For each `i` in `range(num_parameters)`:
# 1. `theta_plus = np.copy(parameters_values)`, then `theta_plus[i] += epsilon`; the cost there,
#    `J_plus[i]`, is `compute_cost(AL, Y)` with `AL` from `L_model_forward(X, vector_to_dictionary(theta_plus, parameters))`.
# 2. The same with `theta_minus` and `- epsilon`, giving `J_minus[i]`.
# 3. `gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)`.
#
# Then compare with `grad = gradients_to_vector(gradients, parameters)` and return the relative difference
# of the two vectors. Each `theta_plus` and `theta_minus` must be a fresh copy of the unperturbed
# parameters, so that only entry `i` is moved. The check runs it on this network with correct and with broken
# gradients; while grading, on networks of other depths and sizes too.
#
# <details><summary>Hint</summary>
#
# `dictionary_to_vector(parameters)` gives all the parameters in one column; its number of rows is the
# number of parameters, and the length of the loop. `J_plus`, `J_minus` and `gradapprox` can start as
# columns of zeros of that length.
# </details>

# %% nbgrader={"grade": false, "grade_id": "gradient_check_n", "locked": false, "schema_version": 3, "solution": true, "task": false}
def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7):
    """Compare the gradients of a backward pass with centred differences of the cost of L_model_forward.

    Arguments:
    parameters -- dict, "Wl": ndarray (n[l], n[l-1]) and "bl": ndarray (n[l], 1) for l = 1..L
    gradients -- dict, "dWl" and "dbl" with the shapes of "Wl" and "bl" (and possibly other keys)
    X -- ndarray (n[0], m), the inputs
    Y -- ndarray (1, m), the labels
    epsilon -- float, the step to each side of a parameter

    Returns:
    difference -- float, norm(grad - gradapprox) / (norm(grad) + norm(gradapprox))
    """
    ### BEGIN SOLUTION
    parameters_values = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients, parameters)
    num_parameters = parameters_values.shape[0]
    J_plus = np.zeros((num_parameters, 1))
    J_minus = np.zeros((num_parameters, 1))
    gradapprox = np.zeros((num_parameters, 1))
    for i in range(num_parameters):
        theta_plus = np.copy(parameters_values)
        theta_plus[i] += epsilon
        AL, _ = L_model_forward(X, vector_to_dictionary(theta_plus, parameters))
        J_plus[i] = compute_cost(AL, Y)
        theta_minus = np.copy(parameters_values)
        theta_minus[i] -= epsilon
        AL, _ = L_model_forward(X, vector_to_dictionary(theta_minus, parameters))
        J_minus[i] = compute_cost(AL, Y)
        gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)
    difference = np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))
    return float(difference)
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell, with the gradients of `L_model_backward`:
# ```
# difference below 1e-6: True
# ```
# (With $\varepsilon = 10^{-7}$ and a cost that runs through three layers, round-off alone brings the
# difference to about $10^{-7}$ here, which is why the bar is a little higher than in the 1-D case. The
# exact digits depend on how the machine sums, so they are not printed.)

# %%
AL, caches = L_model_forward(X, parameters)
gradients = L_model_backward(AL, Y, caches)
difference = gradient_check_n(parameters, gradients, X, Y)
print("difference below 1e-6:", difference < 1e-6)

# %% nbgrader={"grade": true, "grade_id": "test_gradient_check_n", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
check_gradient_check_n(gradient_check_n)
### BEGIN HIDDEN TESTS
from testcases.nb08 import hidden_check_gradient_check_n

hidden_check_gradient_check_n(gradient_check_n)
### END HIDDEN TESTS

# %% [markdown]
# ## 5 · Catching a broken backward pass
#
# Below is the backward pass of the same 3-layer network written out by hand, layer by layer, as you might
# write it for a network of your own. It runs, and its gradients have the right shapes. It also has two
# mistakes in it. Run the gradient check on it.

# %%
def backward_propagation_n(X, Y, caches):
    """The gradients of the 3-layer network, written out by hand (with two mistakes)."""
    m = X.shape[1]
    (A0, W1, b1), Z1 = caches[0]
    (A1, W2, b2), Z2 = caches[1]
    (A2, W3, b3), Z3 = caches[2]
    A3, _ = sigmoid(Z3)

    dZ3 = A3 - Y
    dW3 = dZ3 @ A2.T / m
    db3 = np.sum(dZ3, axis=1, keepdims=True) / m

    dA2 = W3.T @ dZ3
    dZ2 = dA2 * (A2 >= 0)
    dW2 = dZ2 @ A1.T
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m

    dA1 = W2.T @ dZ2
    dZ1 = dA1 * (Z1 > 0)
    dW1 = dZ1 @ A0.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3}


# %% [markdown]
# **Expected output** of the next cell (if your `gradient_check_n` passed its check):
# ```
# difference = 0.551: there is a mistake in the backward pass
# ```

# %%
broken_gradients = backward_propagation_n(X, Y, caches)
difference = gradient_check_n(parameters, broken_gradients, X, Y)
if difference < 1e-6:
    print("difference below 1e-6: the backward pass agrees with the numerical gradient")
else:
    print(f"difference = {difference:.3g}: there is a mistake in the backward pass")

# %% [markdown]
# One number says *that* something is wrong, not *where*. To find where, compare the gradients one
# parameter at a time, with your `numerical_gradient`: the cost as a function of one parameter array, the
# others fixed. Walking backwards from the output, the first layer whose gradients disagree is where to
# look: a mistake there spreads to every layer before it, since they all receive their gradients through
# it.
#
# **Expected output** of the next cell:
# ```
# W3: agrees
# b3: agrees
# W2: disagrees (relative difference 0.707)
# b2: disagrees (relative difference 0.442)
# W1: disagrees (relative difference 0.516)
# b1: disagrees (relative difference 0.52)
# ```

# %%
def relative_difference(a, b):
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denominator == 0 else np.linalg.norm(a - b) / denominator


checked = {key: value.copy() for key, value in parameters.items()}  # perturbed in place and restored


def cost_of_parameters(_):
    AL, _ = L_model_forward(X, checked)
    return compute_cost(AL, Y)


for key in ("W3", "b3", "W2", "b2", "W1", "b1"):
    numeric = numerical_gradient(cost_of_parameters, checked[key])
    d = relative_difference(broken_gradients["d" + key], numeric)
    print(f"{key}: agrees" if d < 1e-6 else f"{key}: disagrees (relative difference {d:.3g})")

# %% [markdown]
# Layer 3 is right, layer 2 is not, so the mistakes start in layer 2. Read its three lines again:
#
# - `dZ2 = dA2 * (A2 >= 0)` is meant to be the ReLU's derivative, 1 where the unit is active and 0 where it
#   is not. But `A2` is the output of a ReLU and is never negative, so `A2 >= 0` is always true and the
#   gradient passes even through the units that were off. It should be `(Z2 > 0)` (or `(A2 > 0)`).
# - `dW2 = dZ2 @ A1.T` is missing its `1 / m`, so it is $m = 3$ times too large.
#
# (Layer 1 disagrees only because it receives the wrong `dZ2`; its own lines are right.) Here is the
# corrected version, checked the same way:

# %%
def backward_propagation_n_corrected(X, Y, caches):
    """The gradients of the 3-layer network, written out by hand (corrected)."""
    m = X.shape[1]
    (A0, W1, b1), Z1 = caches[0]
    (A1, W2, b2), Z2 = caches[1]
    (A2, W3, b3), Z3 = caches[2]
    A3, _ = sigmoid(Z3)

    dZ3 = A3 - Y
    dW3 = dZ3 @ A2.T / m
    db3 = np.sum(dZ3, axis=1, keepdims=True) / m

    dA2 = W3.T @ dZ3
    dZ2 = dA2 * (Z2 > 0)
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m

    dA1 = W2.T @ dZ2
    dZ1 = dA1 * (Z1 > 0)
    dW1 = dZ1 @ A0.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3}


# %% [markdown]
# **Expected output** of the next cell:
# ```
# difference below 1e-6: the backward pass agrees with the numerical gradient
# ```

# %%
corrected_gradients = backward_propagation_n_corrected(X, Y, caches)
difference = gradient_check_n(parameters, corrected_gradients, X, Y)
if difference < 1e-6:
    print("difference below 1e-6: the backward pass agrees with the numerical gradient")
else:
    print(f"difference = {difference:.3g}: there is a mistake in the backward pass")

# %% [markdown]
# ## 6 · Using gradient checking well
#
# - **It is for debugging, not for training.** It costs two forward passes *per parameter*: 94 here,
#   millions for a real network. Check once on a small network and a few examples, then train without it.
# - **Check the cost you really minimise**, regularisation term included.
# - **Switch dropout off** (`keep_prob = 1`) while checking: with random masks the cost is a different
#   function at every evaluation, and the differences mean nothing. Check first, then switch it back on.
# - **Mind the kinks.** ReLU has no derivative at 0; if a unit's $Z$ lies within $\varepsilon$ of 0, the
#   centred difference straddles the kink and disagrees with any backward pass. A disagreement in a single
#   entry may be that, a disagreement across a whole layer is a mistake.
#
# ## Summary
# - The centred difference $\big(J(\theta + \varepsilon) - J(\theta - \varepsilon)\big) / (2\varepsilon)$
#   approximates a derivative using the forward pass alone.
# - The relative difference $\lVert g - g_{approx} \rVert / (\lVert g \rVert + \lVert g_{approx} \rVert)$
#   of about $10^{-7}$ says the backward pass is right; a large one says it is wrong, and checking one
#   parameter array at a time, from the output backwards, says where.
# - A numerical gradient perturbs one entry at a time, in place, and restores it exactly.
#
# Next, in **09_layers_softmax**, the network is taken apart into layers that each know their own forward
# and backward pass, and gradient checking confirms that they fit together.
