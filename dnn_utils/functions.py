"""Softmax and the cross-entropy error (notebook 09_layers_softmax).

Notebook 09 follows the convention of most deep-learning libraries: **examples are rows**. A batch of
N examples with C scores each is an array (N, C); a single example may also be a 1-D array (C,).
"""
import numpy as np

#: added inside the logarithm of the cross-entropy error so that a probability of 0 gives a large but
#: finite loss, -log(DELTA) ~ 16.1, instead of inf
DELTA = 1e-7


def softmax(a):
    """Softmax of each row: exp(a - max) / sum(exp(a - max)).

    a -- ndarray (C,) for one example or (N, C) for a batch of N examples
    Returns y -- ndarray of the shape of a; every row is positive and sums to 1.

    Subtracting each row's largest entry first changes nothing in the result (the factor exp(-max)
    cancels) but keeps every exp at most exp(0) = 1: no overflow, even for scores near 1000.
    """
    a = np.asarray(a, dtype=float)
    shifted = a - np.max(a, axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=-1, keepdims=True)


def cross_entropy_error(y, t):
    """The cross-entropy error -sum(t * log(y + DELTA)) of each example, averaged over the batch.

    y -- ndarray (N, C) of predicted probabilities (or (C,) for one example)
    t -- the targets: one-hot, with the shape of y; or labels, ints of shape (N,) (for one example, its label as
         labels[0] gives it, a numpy integer; this reference takes a Python int too, the exercise need not)
    Returns a Python float; finite even where y is exactly 0.
    """
    y = np.asarray(y, dtype=float)
    t = np.asarray(t)
    if y.ndim == 1:
        y = y.reshape(1, -1)
        t = t.reshape(1, -1) if t.size == y.size else t.reshape(1)
    if t.shape == y.shape:  # one-hot targets: the label of each row is where its 1 is
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return float(-np.sum(np.log(y[np.arange(batch_size), t] + DELTA)) / batch_size)
