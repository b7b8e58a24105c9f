"""dnn_utils.football: the generator, the bundled file, and the command that rebuilds it."""
import subprocess
import sys

import numpy as np
import pytest

from dnn_utils import football


def test_make_football_is_seeded():
    X, Y = football.make_football(101, seed=7)
    X2, Y2 = football.make_football(101, seed=7)
    assert X.shape == (2, 101) and Y.shape == (1, 101) and Y.dtype.kind == "i"
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(Y, Y2)
    assert set(np.unique(Y)) == {0, 1}
    assert not np.array_equal(X, football.make_football(101, seed=8)[0])


def test_without_noise_and_outliers_the_line_decides():
    X, Y = football.make_football(500, seed=0, noise=0.0, outliers=0.0)
    np.testing.assert_array_equal(Y[0], (X[0] > football.boundary(X[1])).astype(int))
    assert np.all(np.abs(X) <= football.HALF_WIDTH)


def test_outliers_flip_about_the_given_share_of_labels():
    X, clean = football.make_football(4000, seed=1, noise=0.0, outliers=0.0)
    _, flipped = football.make_football(4000, seed=1, noise=0.0, outliers=0.1)
    assert 0.08 < np.mean(clean != flipped) < 0.12


def test_make_football_leaves_the_global_random_state_alone():
    state = np.random.get_state()
    football.make_football(30, seed=1)
    assert np.array_equal(np.random.get_state()[1], state[1])


def test_the_bundled_file_is_what_the_generator_makes():
    train_X, train_Y, test_X, test_Y = football.load_football()
    generated = football.generate()
    assert train_X.shape == (2, 211) and train_Y.shape == (1, 211)
    assert test_X.shape == (2, 200) and test_Y.shape == (1, 200)
    assert train_Y.dtype.kind == "i" and set(np.unique(train_Y)) == set(np.unique(test_Y)) == {0, 1}
    # the file is the source of truth; a sine may differ in its last bit between machines
    np.testing.assert_allclose(train_X, generated["train_X"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(test_X, generated["test_X"], rtol=0, atol=1e-12)
    np.testing.assert_array_equal(train_Y, generated["train_Y"])
    np.testing.assert_array_equal(test_Y, generated["test_Y"])
    assert not np.allclose(train_X[:, :200], test_X), "train and test are different draws"
    assert 0.4 < train_Y.mean() < 0.6 and 0.4 < test_Y.mean() < 0.6, "both teams win about half the kicks"


def test_writing_is_byte_for_byte_reproducible(tmp_path):
    a = football.write(tmp_path / "a.npz")
    b = football.write(tmp_path / "b.npz")
    assert a.read_bytes() == b.read_bytes()
    loaded = football.load_football(a)
    np.testing.assert_array_equal(loaded[0], football.generate()["train_X"])


def test_the_command_writes_the_file(tmp_path):
    target = tmp_path / "datasets" / "football.npz"
    result = subprocess.run([sys.executable, "-m", "dnn_utils.football", str(target)], capture_output=True,
                            text=True, check=True)
    assert "train 211 examples" in result.stdout and "test 200 examples" in result.stdout and not result.stderr
    assert len(football.load_football(target)) == 4


def test_a_missing_file_says_how_to_rebuild_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="python -m dnn_utils.football"):
        football.load_football(tmp_path / "nowhere.npz")
