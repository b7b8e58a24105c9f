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
# # 05 · A cat classifier
#
# Notebooks 01 to 04 built every part of a deep network: initialisation, the forward pass, the cost, the
# backward pass and the update. Here the parts become a whole. You put them together into two models, a
# 2-layer and an L-layer network, train both on pictures labelled *cat* or *non-cat*, and compare what
# they have learnt.
#
# **What you will build**
# 1. `predict(X, y, parameters)`: turn the network's output into 0/1 labels and report the accuracy.
# 2. `two_layer_model(X, Y, layers_dims, ...)`: LINEAR → RELU → LINEAR → SIGMOID, trained by gradient descent.
# 3. `L_layer_model(X, Y, layers_dims, ...)`: [LINEAR → RELU] × (L-1) → LINEAR → SIGMOID, trained the same way.
#
# The building blocks come from the course's package `dnn_utils`, not from your earlier notebooks, so this
# notebook works whatever state those are in. The exercises go as before: write your code where the cell
# says `# YOUR CODE HERE`, run the cell, compare what the next cell prints with the expected output above
# it, then run the check.
#
# Training the networks on the pictures takes a little while (a minute or two for the whole notebook on
# a laptop): a progress bar shows how far each training has got, and its latest cost.
#
# > **Coming from the original course?** The exercises are the ones you know; what differs:
# > - `costs` holds the cost of iterations 0, 100, 200, ... whether or not `print_cost` is set (the original kept them only when it printed them), and not the last iteration's.
# > - `L_layer_model` starts from `initialize_parameters_deep(layers_dims, seed=1, init="xavier")`, the original's `np.random.seed(1)` with weights `/ np.sqrt(layer_dims[l-1])`.
# > - The class names are turned into text once, after loading: `classes[1]` is `"cat"`, not the file's bytes `b'cat'` (no `.decode("utf-8")` needed later).

# %%
import os

import matplotlib.pyplot as plt
import numpy as np
from tqdm.auto import tqdm

from dnn_utils import (L_model_backward, L_model_forward, compute_cost, initialize_parameters,
                       initialize_parameters_deep, linear_activation_backward, linear_activation_forward,
                       update_parameters)
from dnn_utils.data import SAMPLE_IMAGE, load_data
from dnn_utils.images import load_image, show_examples, show_mislabelled
from dnn_utils.plotting import plot_costs
from testcases.fixtures import model_case, predict_case
from testcases.nb05 import check_L_layer_model, check_predict, check_two_layer_model

# While nbgrader grades a submission it sets NBGRADER_EXECUTION: the demonstrations on the pictures then
# train for a few iterations only and show 4 pictures instead of 24, so that grading takes seconds. The
# graded checks never depend on them.
DEMO_ITERATIONS = 10 if os.environ.get("NBGRADER_EXECUTION") else 2500
PICTURES_SHOWN = 4 if os.environ.get("NBGRADER_EXECUTION") else 24

# %% [markdown]
# ## 1 · The data
#
# The pictures come in two HDF5 files, one for training and one for testing. Each picture is 64 × 64
# pixels in colour (3 channels, red, green and blue, each an integer from 0 to 255), with a label:
# 1 for a cat, 0 for anything else.
#
# The course ships its own set of such pictures, drawn by a program (`dnn_utils.catvnoncat`): cat faces,
# and as non-cats other animals (dogs, foxes, bears, rabbits, owls) and objects, in many colours, sizes,
# poses and backgrounds, with noise. If you have the original course's files `train_catvnoncat.h5` and
# `test_catvnoncat.h5`, put them in the `datasets/` folder of the course: `load_data` then uses them
# instead, and says so.

# %%
train_x_orig, train_y, test_x_orig, test_y, classes = load_data()
classes = [name.decode("utf-8") for name in classes]   # the file stores the names as bytes: b"cat"

# %% [markdown]
# A look at the first pictures of the training set, with their labels:

# %%
show_examples(train_x_orig, train_y, classes, count=PICTURES_SHOWN)
plt.show()

# %%
m_train = train_x_orig.shape[0]
m_test = test_x_orig.shape[0]
num_px = train_x_orig.shape[1]
print("number of training examples:", m_train)
print("number of test examples:", m_test)
print("each picture is of size", (num_px, num_px, 3))
print("train_x_orig shape:", train_x_orig.shape, "  train_y shape:", train_y.shape)
print("test_x_orig shape: ", test_x_orig.shape, "  test_y shape: ", test_y.shape)
print("classes:", ", ".join(classes))

# %% [markdown]
# ## 2 · From pictures to columns
#
# The network takes one example per **column**. So each picture, an array of shape (64, 64, 3), is
# *flattened* into a column of $64 \cdot 64 \cdot 3 = 12288$ numbers, and the $m$ columns side by side form
# $X$, of shape $(12288, m)$.
#
# `train_x_orig.reshape(m_train, -1)` turns every picture into one **row** (numpy reads each picture's
# pixels in order and keeps the pictures apart, because they are the first axis); `.T` then makes the
# rows columns. Note that `train_x_orig.reshape(-1, m_train)` has the same shape but is wrong: it cuts the
# stream of all pixels into pieces that straddle several pictures.
#
# Finally the pixel values are divided by 255, so that every input lies between 0 and 1. Inputs of that
# size keep the first $Z^{[1]}$ in a range where gradient descent with a small learning rate works well.

# %%
train_x_flatten = train_x_orig.reshape(train_x_orig.shape[0], -1).T
test_x_flatten = test_x_orig.reshape(test_x_orig.shape[0], -1).T
train_x = train_x_flatten / 255.0
test_x = test_x_flatten / 255.0
print("train_x's shape:", train_x.shape)
print("test_x's shape:", test_x.shape)

# %% [markdown]
# ## 3 · Exercise: `predict`
#
# A trained network outputs, for every example, a probability $a^{[L](i)}$ that it is a cat. Turn these
# into labels: 1 where the probability is above 0.5, 0 elsewhere. Return them as an array `p` of shape
# `(1, m)`, the shape of `y`, and print the **accuracy**, the fraction of the examples where `p` equals
# `y`, e.g. `print(f"Accuracy: {accuracy:.4f}")`.
#
# Use `L_model_forward(X, parameters)` from `dnn_utils`: it works for any number of layers, so `predict`
# serves both models of this notebook.
#
# <details><summary>Hint</summary>
#
# `AL > 0.5` is an array of booleans of the shape of `AL`; `.astype(int)` makes them 0s and 1s. Comparing
# two arrays of shape `(1, m)` with `==` gives one boolean per example, and the mean of booleans is the
# fraction of `True`.
# </details>

# %% nbgrader={"grade": false, "grade_id": "predict", "locked": false, "schema_version": 3, "solution": true, "task": false}
def predict(X, y, parameters):
    """Predict the labels of the examples X with a trained network, and print the accuracy.

    Arguments:
    X -- ndarray (n_x, m), one example per column
    y -- ndarray (1, m), the true labels (0 or 1), used only for the accuracy
    parameters -- dict {"W1", "b1", ..., "WL", "bL"} of a trained network

    Returns:
    p -- ndarray (1, m) of 0s and 1s: 1 where the network's output is above 0.5
    """
    ### BEGIN SOLUTION
    AL, _ = L_model_forward(X, parameters)
    p = (AL > 0.5).astype(int)
    print(f"Accuracy: {np.mean(p == y):.4f}")
    return p
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell (a small 3-layer network on 10 examples):
# ```
# Accuracy: 0.6000
# p = [[1 0 1 0 0 0 0 0 1 0]]
# ```

# %%
X_small, y_small, parameters_small = predict_case()
p_small = predict(X_small, y_small, parameters_small)
print("p =", p_small)

# %% nbgrader={"grade": true, "grade_id": "test_predict", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check_predict(predict)
### BEGIN HIDDEN TESTS
from testcases.nb05 import hidden_check_predict

hidden_check_predict(predict)
### END HIDDEN TESTS

# %% [markdown]
# ## 4 · Two models, one recipe
#
# Both models are trained the same way:
#
# 1. **initialise** the parameters;
# 2. repeat `num_iterations` times, on all the training examples at once:
#    1. **forward**: compute the output $A^{[L]}$ from $X$, keeping the caches;
#    2. **cost**: the cross-entropy $J$ of $A^{[L]}$ against $Y$;
#    3. **backward**: the gradients $dW^{[l]}, db^{[l]}$ from $A^{[L]}$, $Y$ and the caches;
#    4. **update**: $W^{[l]} := W^{[l]} - \alpha \, dW^{[l]}$ and $b^{[l]} := b^{[l]} - \alpha \, db^{[l]}$,
#       with the learning rate $\alpha$;
# 3. **predict** with the parameters learnt.
#
# Every 100 iterations, from iteration 0 on, the cost of that iteration goes into a list `costs` (cost at
# iteration 0, 100, 200, ...), whether or not it is printed: its curve shows how the training went. When
# `print_cost` is `True` the model also prints it, `Cost after iteration 100: 0.567047`, and shows a
# progress bar with the latest cost. When `print_cost` is `False` it prints nothing and shows no bar
# (pass `disable=not print_cost` to `tqdm`).
#
# A progress bar comes from wrapping the `range` of the loop in `tqdm`, and `set_postfix` writes the
# latest cost beside it:
#
# ```python
# progress = tqdm(range(num_iterations), desc="training", disable=not print_cost)
# for i in progress:
#     ...
#     progress.set_postfix(cost=f"{cost:.6f}")
# ```

# %% [markdown]
# ## 5 · Exercise: `two_layer_model`
#
# The 2-layer network is LINEAR → RELU → LINEAR → SIGMOID, with `layers_dims = (n_x, n_h, n_y)`.
# - Initialise with `initialize_parameters(n_x, n_h, n_y)` (its seed 1 gives the course's numbers).
# - Forward: `linear_activation_forward` twice, with `"relu"` then `"sigmoid"`, keeping both caches.
# - Cost: `compute_cost(A2, Y)`.
# - Backward: start from the derivative of the cost with respect to `A2`,
#   `dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))`, then `linear_activation_backward` twice, in
#   reverse order (`"sigmoid"` with cache 2, then `"relu"` with cache 1). Collect `dW1`, `db1`, `dW2`, `db2`
#   in a dict `grads`.
# - Update: `parameters = update_parameters(parameters, grads, learning_rate)`.
# - Record (and when `print_cost` is set, print) the cost every 100 iterations; return `(parameters, costs)`.
#
# <details><summary>Hint</summary>
#
# `layers_dims` holds the three sizes, in the order `initialize_parameters` takes them. `update_parameters`
# returns *new* parameters and leaves the old ones unchanged, so assign its result; the next iteration
# reads `parameters["W1"]`, ... from it. Append the cost when `i % 100 == 0`, outside any `if print_cost`.
# </details>

# %% nbgrader={"grade": false, "grade_id": "two_layer_model", "locked": false, "schema_version": 3, "solution": true, "task": false}
def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """Train the 2-layer network LINEAR -> RELU -> LINEAR -> SIGMOID by gradient descent.

    Arguments:
    X -- ndarray (n_x, m), the examples as columns
    Y -- ndarray (1, m), their labels (1 for a cat, 0 for a non-cat)
    layers_dims -- (n_x, n_h, n_y), the sizes of the layers
    learning_rate -- float, the step of gradient descent
    num_iterations -- int, the number of gradient steps
    print_cost -- bool, print the cost every 100 iterations and show a progress bar

    Returns:
    parameters -- dict {"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)}, as learnt
    costs -- list of floats, the cost at iterations 0, 100, 200, ...
    """
    ### BEGIN SOLUTION
    n_x, n_h, n_y = layers_dims
    parameters = initialize_parameters(n_x, n_h, n_y)
    costs = []
    progress = tqdm(range(num_iterations), desc="two_layer_model", disable=not print_cost)
    for i in progress:
        W1, b1, W2, b2 = parameters["W1"], parameters["b1"], parameters["W2"], parameters["b2"]
        A1, cache1 = linear_activation_forward(X, W1, b1, "relu")
        A2, cache2 = linear_activation_forward(A1, W2, b2, "sigmoid")
        cost = compute_cost(A2, Y)
        dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
        _, dW1, db1 = linear_activation_backward(dA1, cache1, "relu", need_dA_prev=False)
        grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
        parameters = update_parameters(parameters, grads, learning_rate)
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                progress.set_postfix(cost=f"{cost:.6f}")
                print(f"Cost after iteration {i}: {cost:f}")
    return parameters, costs
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell (a small problem: 6 features, 20 examples, 300 iterations with a
# learning rate of 0.5; a progress bar appears as well):
# ```
# Cost after iteration 0: 0.693111
# Cost after iteration 100: 0.211697
# Cost after iteration 200: 0.053800
# len(costs) = 3
# ```

# %%
X_small, Y_small = model_case()
parameters_small, costs_small = two_layer_model(X_small, Y_small, (X_small.shape[0], 4, 1), learning_rate=0.5,
                                                num_iterations=300, print_cost=True)
print("len(costs) =", len(costs_small))

# %% nbgrader={"grade": true, "grade_id": "test_two_layer_model", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check_two_layer_model(two_layer_model)
### BEGIN HIDDEN TESTS
from testcases.nb05 import hidden_check_two_layer_model

hidden_check_two_layer_model(two_layer_model)
### END HIDDEN TESTS

# %% [markdown]
# ### Training the 2-layer network on the pictures
#
# With 7 hidden units, `layers_dims = (12288, 7, 1)`, a learning rate of 0.0075 and 2500 iterations.
# The cost should fall from about 0.69 (a network that answers 0.5 for everything) towards 0.

# %%
n_x = num_px * num_px * 3
layers_dims_2 = (n_x, 7, 1)
parameters_2, costs_2 = two_layer_model(train_x, train_y, layers_dims_2, learning_rate=0.0075,
                                        num_iterations=DEMO_ITERATIONS, print_cost=True)

# %%
plot_costs(costs_2, learning_rate=0.0075)
plt.title("two_layer_model, layers_dims = (12288, 7, 1), learning rate 0.0075")
plt.show()

# %% [markdown]
# How well does it do, on the pictures it learnt from and on the 50 it has never seen?

# %%
print("training set:", end=" ")
predictions_train_2 = predict(train_x, train_y, parameters_2)
print("test set:    ", end=" ")
predictions_test_2 = predict(test_x, test_y, parameters_2)

# %% [markdown]
# It gets (nearly) every training picture right, and clearly fewer of the test pictures: the network has
# learnt its 209 training pictures by heart, details included, more than what makes a cat a cat. That is
# **overfitting**. A deeper network builds its answer from features of features, and may generalise better.

# %% [markdown]
# ## 6 · Exercise: `L_layer_model`
#
# Now any depth: `layers_dims = [n_x, n[1], ..., n[L-1], 1]`, [LINEAR → RELU] × (L-1) → LINEAR → SIGMOID.
# - Initialise with `initialize_parameters_deep(layers_dims, seed=1, init="xavier")`: with 0.01 weights the
#   signal would fade out layer after layer (notebook 01 showed it).
# - Each iteration: `L_model_forward`, `compute_cost`, `L_model_backward`, `update_parameters`.
#   (`L_model_backward(AL, Y, caches, need_dA0=False)` skips the gradient with respect to `X`: no update
#   needs it, and with 12288 inputs it is a quarter of the time of an iteration.)
# - Record (and when `print_cost` is set, print) the cost every 100 iterations, as before; return
#   `(parameters, costs)`.
#
# <details><summary>Hint</summary>
#
# The body of the loop is four calls, one per step of the recipe: the forward pass (which returns the
# output and the caches), the cost of that output, the backward pass (which needs the output, `Y` and the
# caches) and the update, whose result replaces `parameters`.
# </details>

# %% nbgrader={"grade": false, "grade_id": "L_layer_model", "locked": false, "schema_version": 3, "solution": true, "task": false}
def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """Train the L-layer network [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID by gradient descent.

    Arguments:
    X -- ndarray (n_x, m), the examples as columns
    Y -- ndarray (1, m), their labels (1 for a cat, 0 for a non-cat)
    layers_dims -- list [n_x, n[1], ..., n[L]], the sizes of the layers (n[L] = 1)
    learning_rate -- float, the step of gradient descent
    num_iterations -- int, the number of gradient steps
    print_cost -- bool, print the cost every 100 iterations and show a progress bar

    Returns:
    parameters -- dict {"W1", "b1", ..., "WL", "bL"}, as learnt
    costs -- list of floats, the cost at iterations 0, 100, 200, ...
    """
    ### BEGIN SOLUTION
    parameters = initialize_parameters_deep(layers_dims, seed=1, init="xavier")
    costs = []
    progress = tqdm(range(num_iterations), desc="L_layer_model", disable=not print_cost)
    for i in progress:
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        grads = L_model_backward(AL, Y, caches, need_dA0=False)
        parameters = update_parameters(parameters, grads, learning_rate)
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                progress.set_postfix(cost=f"{cost:.6f}")
                print(f"Cost after iteration {i}: {cost:f}")
    return parameters, costs
    ### END SOLUTION


# %% [markdown]
# **Expected output** of the next cell (the small problem again, `layers_dims = [6, 5, 3, 1]`, 300
# iterations with a learning rate of 0.1):
# ```
# Cost after iteration 0: 0.900380
# Cost after iteration 100: 0.595514
# Cost after iteration 200: 0.415549
# len(costs) = 3
# ```

# %%
parameters_small, costs_small = L_layer_model(X_small, Y_small, [X_small.shape[0], 5, 3, 1], learning_rate=0.1,
                                              num_iterations=300, print_cost=True)
print("len(costs) =", len(costs_small))

# %% nbgrader={"grade": true, "grade_id": "test_L_layer_model", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check_L_layer_model(L_layer_model)
### BEGIN HIDDEN TESTS
from testcases.nb05 import hidden_check_L_layer_model

hidden_check_L_layer_model(L_layer_model)
### END HIDDEN TESTS

# %% [markdown]
# ### Training a 4-layer network on the pictures
#
# `layers_dims = [12288, 20, 7, 5, 1]`: three hidden layers of 20, 7 and 5 units. Same learning rate,
# same number of iterations.

# %%
layers_dims_4 = [n_x, 20, 7, 5, 1]
parameters_4, costs_4 = L_layer_model(train_x, train_y, layers_dims_4, learning_rate=0.0075,
                                      num_iterations=DEMO_ITERATIONS, print_cost=True)

# %%
plot_costs(costs_4, learning_rate=0.0075)
plt.title("L_layer_model, layers_dims = [12288, 20, 7, 5, 1], learning rate 0.0075")
plt.show()

# %%
print("training set:", end=" ")
predictions_train_4 = predict(train_x, train_y, parameters_4)
print("test set:    ", end=" ")
predictions_test_4 = predict(test_x, test_y, parameters_4)

# %% [markdown]
# ### The 2-layer network again, from the deep initialisation
#
# `L_layer_model` can train a 2-layer network too: `layers_dims = [12288, 7, 1]`. The network is the one of
# section 5; only the starting point differs ("xavier" weights instead of 0.01 ones). Compare its costs and
# accuracies with both runs above.

# %%
parameters_2x, costs_2x = L_layer_model(train_x, train_y, [n_x, 7, 1], learning_rate=0.0075,
                                        num_iterations=DEMO_ITERATIONS, print_cost=True)
print("training set:", end=" ")
predictions_train_2x = predict(train_x, train_y, parameters_2x)
print("test set:    ", end=" ")
predictions_test_2x = predict(test_x, test_y, parameters_2x)

# %% [markdown]
# ## 7 · Comparing the three runs

# %%
runs = [("two_layer_model, (12288, 7, 1)", costs_2, predictions_train_2, predictions_test_2),
        ("L_layer_model, [12288, 7, 1]", costs_2x, predictions_train_2x, predictions_test_2x),
        ("L_layer_model, [12288, 20, 7, 5, 1]", costs_4, predictions_train_4, predictions_test_4)]
print(f"{'model':<38}{'last cost':>10}{'train':>8}{'test':>8}")
for name, costs, p_train, p_test in runs:
    print(f"{name:<38}{costs[-1]:>10.6f}{np.mean(p_train == train_y):>8.4f}{np.mean(p_test == test_y):>8.4f}")
for name, costs, _, _ in runs:
    plot_costs(costs, label=name)
plt.legend()
plt.title("cost every 100 iterations")
plt.show()

# %% [markdown]
# The deeper network does better on the test pictures, although it was not better at all on the training
# set: its extra layers let it combine simple features (edges, patches of colour) into larger ones (an
# ear, a pair of eyes), which carry over to pictures it has not seen. The costs do not always fall
# smoothly: with a fixed learning rate, a step now and then overshoots and the cost jumps up before it
# comes down again. Notebooks 06 and 07 improve on plain gradient descent.
#
# ## 8 · Which pictures does it get wrong?
#
# The test pictures the 4-layer network labels wrongly, with what it predicted:

# %%
show_mislabelled(test_x_orig, test_y, predictions_test_4, classes, count=PICTURES_SHOWN)
plt.show()

# %% [markdown]
# Look for what they have in common. On the bundled pictures most mistakes are cats taken for something
# else, often a cat whose fur is close to the colour of the background, or whose outline is broken by
# something in front of it; now and then a round object with a bright middle passes for a cat's face.
# A network that sees each pixel as a separate input has to learn every position, size and colour of
# an ear anew, from 209 pictures; the convolutional networks of a later course share what they learn
# across positions.

# %% [markdown]
# ## 9 · Try your own picture
#
# `load_image` reads a picture file (PNG, or JPEG and others), crops it to its central square and shrinks
# it to 64 × 64 pixels; then it is flattened and scaled like the training pictures. The course ships a
# picture to start with; to try your own, put its path in `my_image` (e.g. `"my_cat.jpg"`, relative to
# this notebook's folder) and its true label in `my_label_y` (1 for a cat, 0 otherwise).

# %%
my_image = SAMPLE_IMAGE  # or the path of a picture of your own, e.g. "my_cat.jpg"
my_label_y = [[1]]  # the true label of your picture: 1 for a cat, 0 for a non-cat

image = load_image(my_image)
x_image = image.reshape(1, -1).T / 255.0
my_predicted_image = predict(x_image, np.array(my_label_y), parameters_4)
label = int(np.squeeze(my_predicted_image))
print(f'y = {label}: the 4-layer network predicts a "{classes[label]}" picture')
plt.imshow(image)
plt.axis("off")
plt.title(f'the 4-layer network says: "{classes[label]}"')
plt.show()

# %% [markdown]
# ## Summary
# - A model is the building blocks in a loop: initialise, then forward, cost, backward and update, again
#   and again; `predict` thresholds the output at 0.5.
# - Record the cost at regular intervals (here every 100 iterations) to see how training goes.
# - A network that gets every training example right can still do poorly on new ones (overfitting); on
#   these pictures a deeper network generalises better than a shallow one.
#
# Next, in **06_regularization**, two ways to fight overfitting: L2 regularisation and dropout.
