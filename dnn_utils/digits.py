"""Real handwritten digits for notebook 09: scikit-learn's bundled 8x8 digits, split with a seed.

``sklearn.datasets.load_digits`` reads a small file shipped inside the scikit-learn package (1797
images of 8x8 pixels, grey levels 0..16, labels 0..9): nothing is downloaded. Examples are **rows**,
as in notebook 09.
"""
import numpy as np

N_CLASSES = 10


def load_digits_split(test_fraction=0.2, seed=0, one_hot=True):
    """The digits, scaled to [0, 1] and split at random into a training and a test set.

    test_fraction -- float, the share of the 1797 images kept for testing (rounded down)
    seed -- int, the order of the images is RandomState(seed).permutation(1797)
    one_hot -- bool, labels as one-hot rows (N, 10) of floats, or as ints (N,)
    Returns x_train (N_train, 64), t_train, x_test (N_test, 64), t_test: float pixel rows in [0, 1]
    (an image is row-major, pixel (i, j) at column 8 i + j) and their labels.
    """
    from sklearn.datasets import load_digits

    digits = load_digits()
    x = digits.data.astype(float) / 16.0
    labels = digits.target.astype(int)
    order = np.random.RandomState(seed).permutation(len(labels))
    x, labels = x[order], labels[order]
    n_test = int(len(labels) * test_fraction)
    t = np.eye(N_CLASSES)[labels] if one_hot else labels
    return x[n_test:], t[n_test:], x[:n_test], t[:n_test]
