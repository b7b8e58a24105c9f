"""dnn_utils.moons: the generator, the bundled file, and the command that rebuilds it."""
import subprocess
import sys

import numpy as np
import pytest

from dnn_utils import moons


def test_make_moons_is_seeded_and_balanced():
    X, Y = moons.make_moons(101, noise=0.1, seed=7)
    X2, Y2 = moons.make_moons(101, noise=0.1, seed=7)
    assert X.shape == (2, 101) and Y.shape == (1, 101) and Y.dtype.kind == "i"
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(Y, Y2)
    assert int(Y.sum()) == 50 and set(np.unique(Y)) == {0, 1}
    assert not np.array_equal(X, moons.make_moons(101, noise=0.1, seed=8)[0])


def test_without_noise_the_points_lie_on_the_two_arcs():
    X, Y = moons.make_moons(40, noise=0.0, seed=0)
    upper, lower = X[:, Y[0] == 0], X[:, Y[0] == 1]
    np.testing.assert_allclose(np.hypot(upper[0], upper[1]), 1.0)
    np.testing.assert_allclose(np.hypot(lower[0] - 1.0, lower[1] - 0.5), 1.0)
    assert np.all(upper[1] >= -1e-12) and np.all(lower[1] <= 0.5 + 1e-12)


def test_make_moons_leaves_the_global_random_state_alone():
    state = np.random.get_state()
    moons.make_moons(30, seed=1)
    assert np.array_equal(np.random.get_state()[1], state[1])


def test_the_bundled_file_is_what_the_generator_makes():
    train_X, train_Y, test_X, test_Y = moons.load_moons()
    generated = moons.generate()
    assert train_X.shape == (2, 300) and train_Y.shape == (1, 300)
    assert test_X.shape == (2, 300) and test_Y.shape == (1, 300)
    # the file is the source of truth; sines and cosines may differ in their last bit between machines
    np.testing.assert_allclose(train_X, generated["train_X"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(test_X, generated["test_X"], rtol=0, atol=1e-12)
    np.testing.assert_array_equal(train_Y, generated["train_Y"])
    np.testing.assert_array_equal(test_Y, generated["test_Y"])
    assert not np.allclose(train_X, test_X), "train and test are different draws"


def test_writing_is_byte_for_byte_reproducible(tmp_path):
    a = moons.write(tmp_path / "a.npz")
    b = moons.write(tmp_path / "b.npz")
    assert a.read_bytes() == b.read_bytes()
    loaded = moons.load_moons(a)
    np.testing.assert_array_equal(loaded[0], moons.generate()["train_X"])


def test_the_command_writes_the_file(tmp_path):
    target = tmp_path / "datasets" / "moons.npz"
    result = subprocess.run([sys.executable, "-m", "dnn_utils.moons", str(target)], capture_output=True, text=True,
                            check=True)
    assert "train 300 examples (150 of class 1)" in result.stdout and not result.stderr
    assert len(moons.load_moons(target)) == 4


def test_a_missing_file_says_how_to_rebuild_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="python -m dnn_utils.moons"):
        moons.load_moons(tmp_path / "nowhere.npz")
