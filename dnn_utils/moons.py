"""Two interleaving half circles ("moons"): the 2-D data set of notebook 07_optimization.

``make_moons`` draws the points from a seed; ``write`` stores the course's split in ``datasets/moons.npz``
and ``load_moons`` reads it back. The bundled file is what the notebook uses, so its numbers do not
depend on how a machine computes sines and cosines; ``python -m dnn_utils.moons`` rebuilds it.

Examples are columns: X has shape (2, m), Y has shape (1, m) with labels 0 (upper moon) and 1 (lower).
"""

import numpy as np

from . import points

DATA_FILE = points.DATASETS / "moons.npz"
#: the course's split: how many examples, how much noise, which seeds
TRAIN = dict(m=300, noise=0.2, seed=3)
TEST = dict(m=300, noise=0.2, seed=4)
KEYS = points.KEYS


def make_moons(m, noise=0.2, seed=0):
    """m points on two interleaving half circles, with Gaussian noise.

    Class 0 lies on the upper half of the unit circle centred at (0, 0); class 1 on the lower half of the
    unit circle centred at (1, 0.5), so that each moon reaches into the other. The first m // 2 (rounded
    up) points are class 0, evenly spaced along their arc, the others class 1; then every point is moved
    by noise * a standard normal draw in each coordinate and the columns are shuffled.

    m -- int, number of examples; noise -- float, standard deviation of the noise
    seed -- int, seeds the one RandomState the noise (drawn first) and the shuffle come from
    Returns X -- ndarray (2, m) of floats, Y -- ndarray (1, m) of ints 0 / 1
    """
    m0 = (m + 1) // 2
    m1 = m - m0
    angle0 = np.linspace(0.0, np.pi, m0)
    angle1 = np.linspace(0.0, np.pi, m1)
    upper = np.vstack([np.cos(angle0), np.sin(angle0)])
    lower = np.vstack([1.0 - np.cos(angle1), 0.5 - np.sin(angle1)])
    X = np.hstack([upper, lower])
    Y = np.hstack([np.zeros(m0, dtype=int), np.ones(m1, dtype=int)]).reshape(1, m)
    rng = np.random.RandomState(seed)
    X = X + noise * rng.randn(2, m)
    order = rng.permutation(m)
    return X[:, order], Y[:, order]


def generate():
    """The course's data set: {"train_X": (2, 300), "train_Y": (1, 300), "test_X": (2, 300), "test_Y": (1, 300)}."""
    train_X, train_Y = make_moons(**TRAIN)
    test_X, test_Y = make_moons(**TEST)
    return {"train_X": train_X, "train_Y": train_Y, "test_X": test_X, "test_Y": test_Y}


def write(path=DATA_FILE, arrays=None):
    """Write the data set (by default the course's split) reproducibly; returns the path."""
    return points.write(path, generate() if arrays is None else arrays)


def load_moons(path=DATA_FILE):
    """The bundled moons data set: train_X (2, 300), train_Y (1, 300), test_X (2, 300), test_Y (1, 300).

    Labels are ints 0 / 1. Raises FileNotFoundError with the command that rebuilds a missing file.
    """
    return points.read(path, "dnn_utils.moons")


def main(argv=None):
    return points.main("dnn_utils.moons", DATA_FILE, write, load_moons, argv, description=__doc__.split("\n")[0])


if __name__ == "__main__":
    raise SystemExit(main())
