"""dnn_utils.digits reads scikit-learn's digits file itself: the same numbers as scikit-learn's loader,
without the second that importing scikit-learn takes."""
import gzip
import subprocess
import sys

import numpy as np
import pytest

from dnn_utils import digits


def test_the_digits_are_the_ones_scikit_learn_loads():
    from sklearn.datasets import load_digits

    expected = load_digits()
    pixels, labels = digits.load_digits()
    assert digits.digits_file() is not None
    assert pixels.dtype == expected.data.dtype and labels.dtype == expected.target.dtype
    np.testing.assert_array_equal(pixels, expected.data)
    np.testing.assert_array_equal(labels, expected.target)


def test_the_split_does_not_import_scikit_learn():
    code = ("import sys\n"
            "from dnn_utils.digits import load_digits_split\n"
            "x_train, t_train, x_test, t_test = load_digits_split()\n"
            "print(x_train.shape, x_test.shape, 'sklearn' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[0] == "(1438, 64) (359, 64) False", done.stdout + done.stderr


def test_without_the_file_where_it_is_expected_scikit_learns_loader_reads_it(monkeypatch):
    found = digits.load_digits()
    monkeypatch.setattr(digits, "digits_file", lambda: None)
    pixels, labels = digits.load_digits()
    np.testing.assert_array_equal(pixels, found[0])
    np.testing.assert_array_equal(labels, found[1])


def test_without_scikit_learn_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setattr(digits, "digits_file", lambda: None)
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)   # as if it were not installed
    with pytest.raises(ImportError, match=r"inside the scikit-learn package.*pip install -r requirements/lab.txt"):
        digits.load_digits()


def test_a_file_of_another_shape_is_named_with_what_was_expected_and_what_came(tmp_path, monkeypatch):
    path = tmp_path / "digits.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write("0,1,2\n3,4,5\n")
    monkeypatch.setattr(digits, "digits_file", lambda: path)
    with pytest.raises(ValueError, match=r"should hold 1797 lines of 64 pixels and a label, but holds a table "
                                         r"of shape \(2, 3\)"):
        digits.load_digits()
