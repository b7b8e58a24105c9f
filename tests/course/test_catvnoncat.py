"""The bundled cat / non-cat set: the generator makes exactly the shipped files, the files follow the
original schema, and the set tells the course's story (the 2-layer network overfits, the 4-layer one
does better on the test pictures)."""
import h5py
import numpy as np
import pytest

from dnn_utils import catvnoncat, data
from testcases import nb05


def test_the_generator_reproduces_the_shipped_files_array_for_array():
    assert catvnoncat.differences() == [], "run `python -m dnn_utils.catvnoncat` and commit what it writes"


@pytest.mark.parametrize("split, m, cats", [("train", 209, 72), ("test", 50, 33)])
def test_the_shipped_files_follow_the_original_schema(split, m, cats):
    with h5py.File(data.BUNDLED_DIR / f"{split}_catvnoncat.h5", "r") as f:
        assert sorted(f) == sorted([f"{split}_set_x", f"{split}_set_y", "list_classes"])
        x, y, classes = f[f"{split}_set_x"], f[f"{split}_set_y"], f["list_classes"]
        assert x.shape == (m, 64, 64, 3) and x.dtype == np.uint8
        assert y.shape == (m,) and y.dtype == np.int64 and int(y[()].sum()) == cats
        assert list(classes[()]) == [b"non-cat", b"cat"] and classes.dtype == np.dtype("S7")


def test_the_bundled_files_stay_small():
    sizes = [p.stat().st_size for p in data.BUNDLED_DIR.iterdir()]
    assert sum(sizes) < 4e6


def test_the_generator_leaves_the_global_random_state_alone():
    state = np.random.get_state()
    catvnoncat.make_image(np.random.RandomState([1, 2, 3]), 1)
    after = np.random.get_state()
    assert state[0] == after[0] and np.array_equal(state[1], after[1]) and state[2:] == after[2:]


def test_each_picture_depends_only_on_its_own_seed():
    one = catvnoncat.make_image(np.random.RandomState([catvnoncat.SEED, 1, 5]), 0)
    x, y = catvnoncat.make_split(catvnoncat.SEED, "test")
    assert y[4] == 0 and np.array_equal(x[4], one)


def test_the_pictures_are_all_different_and_use_the_whole_range():
    x, _ = catvnoncat.make_split(catvnoncat.SEED, "test")
    flat = x.reshape(len(x), -1)
    assert len({row.tobytes() for row in flat}) == len(x)
    assert flat.min() == 0 and flat.max() == 255


def test_every_kind_of_subject_can_be_drawn():
    for i, name in enumerate(catvnoncat.SUBJECTS):
        canvas = catvnoncat.Canvas()
        catvnoncat.SUBJECTS[name](canvas, np.random.RandomState(i))
        assert canvas.rgb.max() > 0, name


@pytest.mark.slow
def test_the_bundled_set_tells_the_course_story():
    """Trained as notebook 05 trains them (learning rate 0.0075, 2500 iterations): the 2-layer network
    learns the training set by heart and does clearly worse on the test set; the 4-layer one does better
    on the test set."""
    train_x_orig, train_y, test_x_orig, test_y, _ = data.load_data(source="bundled", verbose=False)
    train_x = train_x_orig.reshape(train_x_orig.shape[0], -1).T / 255.0
    test_x = test_x_orig.reshape(test_x_orig.shape[0], -1).T / 255.0

    def accuracies(parameters):
        return [float(np.mean(nb05.reference_predict(x, parameters) == y))
                for x, y in ((train_x, train_y), (test_x, test_y))]

    two, costs_two = nb05.reference_two_layer_model(train_x, train_y, (12288, 7, 1), 0.0075, 2500)
    deep, costs_deep = nb05.reference_L_layer_model(train_x, train_y, [12288, 20, 7, 5, 1], 0.0075, 2500)
    (train_two, test_two), (train_deep, test_deep) = accuracies(two), accuracies(deep)
    assert train_two >= 0.99 and test_two <= train_two - 0.15, (train_two, test_two)
    assert train_deep >= 0.95 and test_deep >= test_two + 0.06, (train_deep, test_deep, test_two)
    assert costs_two[-1] < 0.1 and costs_deep[-1] < 0.15 and len(costs_two) == len(costs_deep) == 25
