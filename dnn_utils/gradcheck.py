"""One gradient checker: centred numerical gradients and the relative error used to compare them."""
import numpy as np


def numerical_gradient(f, x, epsilon=1e-5):
    """Centred-difference gradient of a scalar function of an array.

    f -- callable taking x (evaluated in place, with one entry perturbed) and returning a float
    x -- float ndarray of any shape; every entry is restored after it is perturbed
    Returns grad -- ndarray, same shape as x: (f(x + eps e_i) - f(x - eps e_i)) / (2 eps) for each entry i
    """
    if not (isinstance(x, np.ndarray) and np.issubdtype(x.dtype, np.floating)):
        raise TypeError(f"x must be a float ndarray (it is perturbed in place); got {type(x).__name__}"
                        + (f" of dtype {x.dtype}" if isinstance(x, np.ndarray) else ""))
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
        grad[idx] = (f_plus - f_minus) / (2.0 * epsilon)
    return grad


def rel_error(x, y):
    """Largest elementwise relative error max |x - y| / max(1e-8, |x| + |y|)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    return float(np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y)))) if x.size else 0.0
