"""Where a goalkeeper's long kicks come down, and who wins the header: the 2-D data set of notebook
06_regularization.

Our goalkeeper kicks the ball far up the pitch. Each example is the spot where a kick came down, in a
30 m x 30 m zone around the halfway line, measured in tens of metres from its centre: ``x[0]`` across the
pitch, ``x[1]`` along it. Its label says who got a head to the ball first: 1 one of our players, 0 an
opponent. Our players hold the zone on one side of a line that bends with the shape of the two teams'
formations, ``x[0] = 0.5 * sin(1.5 * x[1])``; near that line it is a scramble (who wins is noisy), and now
and then a lucky bounce or a slip hands the ball to the other side far from it (an outlier).

With 211 training examples this is a data set on which the 3-layer network of notebook 06 overfits: left
to itself it bends its decision boundary round the scrambles and outliers of the training set, which the
test set does not share.

``make_football`` draws the points from a seed; ``write`` stores the course's split in
``datasets/football.npz`` and ``load_football`` reads it back. The bundled file is what the notebook
uses, so its numbers do not depend on how a machine computes sines; ``python -m dnn_utils.football``
rebuilds it.

Examples are columns: X has shape (2, m), Y has shape (1, m) with labels 0 / 1.
"""

import numpy as np

from . import points

DATA_FILE = points.DATASETS / "football.npz"
#: half the side of the square zone where kicks land (tens of metres)
HALF_WIDTH = 1.5
#: the course's split: how many examples, how noisy, which seeds
TRAIN = dict(m=211, seed=3)
TEST = dict(m=200, seed=103)
KEYS = points.KEYS


def boundary(x1):
    """Where the two teams' zones meet: x[0] = 0.5 sin(1.5 x[1]). x1 -- ndarray; returns x[0], same shape."""
    return 0.5 * np.sin(1.5 * np.asarray(x1, dtype=float))


def make_football(m, seed=0, noise=0.16, outliers=0.05):
    """m landing spots and who won the ball there.

    The spots are uniform on the square [-1.5, 1.5] x [-1.5, 1.5]. A spot x goes to our team (label 1) when
    x[0] - boundary(x[1]) + noise * (a standard normal draw) > 0, else to the opponents (label 0); then each
    label is flipped with probability ``outliers``. Draws from one RandomState(seed): the spots (2, m), the
    noise (m,), then the uniform numbers (m,) that decide the flips.

    m -- int, number of examples; seed -- int
    noise -- float, how far (tens of metres) the scramble reaches across the line
    outliers -- float, probability that a label is flipped
    Returns X -- ndarray (2, m) of floats, Y -- ndarray (1, m) of ints 0 / 1
    """
    rng = np.random.RandomState(seed)
    X = rng.uniform(-HALF_WIDTH, HALF_WIDTH, (2, m))
    ours = X[0] - boundary(X[1]) + noise * rng.randn(m) > 0
    flipped = rng.rand(m) < outliers
    Y = (ours != flipped).astype(int).reshape(1, m)
    return X, Y


def generate():
    """The course's data set: {"train_X": (2, 211), "train_Y": (1, 211), "test_X": (2, 200), "test_Y": (1, 200)}."""
    train_X, train_Y = make_football(**TRAIN)
    test_X, test_Y = make_football(**TEST)
    return {"train_X": train_X, "train_Y": train_Y, "test_X": test_X, "test_Y": test_Y}


def write(path=DATA_FILE, arrays=None):
    """Write the data set (by default the course's split) reproducibly; returns the path."""
    return points.write(path, generate() if arrays is None else arrays)


def load_football(path=DATA_FILE):
    """The bundled football data set: train_X (2, 211), train_Y (1, 211), test_X (2, 200), test_Y (1, 200).

    Labels are ints 0 / 1. Raises FileNotFoundError with the command that rebuilds a missing file.
    """
    return points.read(path, "dnn_utils.football")


def main(argv=None):
    return points.main("dnn_utils.football", DATA_FILE, write, load_football, argv, description=__doc__.split("\n")[0])


if __name__ == "__main__":
    raise SystemExit(main())
