"""Parameters and gradients as one long column vector, and back (notebook 08_gradient_check).

Gradient checking perturbs one number at a time; it is easiest when all of them sit in one vector.
The order is the order of the parameters' keys in the dictionary, W1, b1, W2, b2, ..., each array
flattened row by row; gradients follow the same order through their keys dW1, db1, ...
"""
import numpy as np


def dictionary_to_vector(parameters):
    """All the parameters in one column.

    parameters -- {"W1": (n[1], n[0]), "b1": (n[1], 1), ...}
    Returns theta -- ndarray (number of parameters, 1), a new array
    """
    return np.concatenate([np.ravel(parameters[key]) for key in parameters]).reshape(-1, 1).astype(float)


def vector_to_dictionary(theta, like):
    """The inverse of dictionary_to_vector: cut theta into arrays with the keys and shapes of ``like``.

    theta -- ndarray (number of parameters, 1) (or 1-D)
    like -- a parameters dict whose keys and shapes the result takes (its values are not used)
    Returns a new dict of new arrays.
    """
    theta = np.ravel(theta)
    sizes = [np.size(like[key]) for key in like]
    if sum(sizes) != theta.size:
        raise ValueError(f"theta has {theta.size} entries; the parameters have {sum(sizes)}")
    result, start = {}, 0
    for key, size in zip(like, sizes):
        result[key] = theta[start:start + size].reshape(np.shape(like[key])).copy()
        start += size
    return result


def gradients_to_vector(gradients, like):
    """The gradients dW1, db1, ... in one column, in the order of the parameters of ``like``.

    gradients -- {"dW1": ..., "db1": ..., ...}; other keys (such as "dA0") are left out
    like -- the parameters dict the gradients belong to
    Returns ndarray (number of parameters, 1)
    """
    return np.concatenate([np.ravel(gradients["d" + key]) for key in like]).reshape(-1, 1).astype(float)
