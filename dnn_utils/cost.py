"""The cross-entropy cost (notebook 03_cost)."""
import numpy as np

#: probabilities are kept in [EPSILON, 1 - EPSILON] so that log never sees 0
EPSILON = 1e-15


def compute_cost(AL, Y):
    """Binary cross-entropy averaged over the m examples.

    AL -- ndarray (1, m), predicted probabilities
    Y  -- ndarray (1, m), labels 0 or 1
    Returns cost -- Python float; finite even where AL is exactly 0 or 1.
    """
    AL = np.clip(np.asarray(AL, dtype=float), EPSILON, 1.0 - EPSILON)
    Y = np.asarray(Y, dtype=float)
    m = Y.shape[1]
    cost = -(1.0 / m) * np.sum(Y * np.log(AL) + (1.0 - Y) * np.log(1.0 - AL))
    return float(cost)
