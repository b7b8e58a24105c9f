"""Real handwritten digits for notebook 09: scikit-learn's bundled 8x8 digits, split with a seed.

The digits are a small file shipped inside the scikit-learn package, ``sklearn/datasets/data/digits.csv.gz``
(1797 images of 8x8 pixels, grey levels 0..16, labels 0..9): nothing is downloaded. The file is read
here as ``sklearn.datasets.load_digits`` reads it (the same numbers), found without importing
scikit-learn, whose import takes about a second, a hundred times the reading. Examples are **rows**,
as in notebook 09.
"""
import gzip
import importlib.util
from pathlib import Path

import numpy as np

N_CLASSES = 10
#: the digits' table inside the scikit-learn package: 64 pixels, then the label, per line
DIGITS_FILE = ("datasets", "data", "digits.csv.gz")
N_IMAGES, N_PIXELS = 1797, 64


def digits_file():
    """The path of scikit-learn's digits file, found without importing scikit-learn, or None when that
    package (or the file in it) is not where Python would import it from."""
    try:
        spec = importlib.util.find_spec("sklearn")
    except (ImportError, ValueError):
        return None
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder).joinpath(*DIGITS_FILE)
        if path.is_file():
            return path
    return None


def load_digits():
    """The 1797 digits as scikit-learn gives them: pixels float (1797, 64), grey levels 0..16, and
    labels int (1797,)."""
    path = digits_file()
    if path is None:   # an installation laid out otherwise: scikit-learn's own loader finds the file
        try:
            from sklearn.datasets import load_digits as sklearn_load_digits
        except ImportError as error:
            raise ImportError("notebook 09's handwritten digits ship inside the scikit-learn package, which is "
                              f"not installed here ({error}): pip install -r requirements/lab.txt") from error
        digits = sklearn_load_digits()
        return digits.data, digits.target
    with gzip.open(path, mode="rt", encoding="utf-8") as lines:
        table = np.loadtxt(lines, delimiter=",")
    if table.shape != (N_IMAGES, N_PIXELS + 1):
        raise ValueError(f"{path} should hold {N_IMAGES} lines of {N_PIXELS} pixels and a label, "
                         f"but holds a table of shape {table.shape}")
    return table[:, :-1], table[:, -1].astype(int)


def load_digits_split(test_fraction=0.2, seed=0, one_hot=True):
    """The digits, scaled to [0, 1] and split at random into a training and a test set.

    test_fraction -- float, the share of the 1797 images kept for testing (rounded down)
    seed -- int, the order of the images is RandomState(seed).permutation(1797)
    one_hot -- bool, labels as one-hot rows (N, 10) of floats, or as ints (N,)
    Returns x_train (N_train, 64), t_train, x_test (N_test, 64), t_test: float pixel rows in [0, 1]
    (an image is row-major, pixel (i, j) at column 8 i + j) and their labels.
    """
    pixels, labels = load_digits()
    x = pixels.astype(float) / 16.0
    labels = labels.astype(int)
    order = np.random.RandomState(seed).permutation(len(labels))
    x, labels = x[order], labels[order]
    n_test = int(len(labels) * test_fraction)
    t = np.eye(N_CLASSES)[labels] if one_hot else labels
    return x[n_test:], t[n_test:], x[:n_test], t[:n_test]
