"""dnn_utils.data (load_data and the schema of its files) and dnn_utils.images (grids, your own picture)."""
import shutil

import h5py
import matplotlib.image
import numpy as np
import pytest

from dnn_utils import data, images


@pytest.fixture(scope="module")
def bundled():
    return data.load_data(source="bundled", verbose=False)


def test_the_bundled_set_loads_in_the_course_shapes(bundled):
    train_x, train_y, test_x, test_y, classes = bundled
    assert train_x.shape == (209, 64, 64, 3) and train_x.dtype == np.uint8
    assert test_x.shape == (50, 64, 64, 3) and test_x.dtype == np.uint8
    assert train_y.shape == (1, 209) and test_y.shape == (1, 50)
    assert set(np.unique(train_y)) == {0, 1} and set(np.unique(test_y)) == {0, 1}
    assert list(classes) == [b"non-cat", b"cat"]
    assert classes[1].decode("utf-8") == "cat"


def test_load_data_says_which_set_it_loaded(capsys):
    data.load_data(directory=data.BUNDLED_DIR.parent / "no-originals-here")
    out = capsys.readouterr().out
    assert "the bundled set" in out and "datasets/bundled/train_catvnoncat.h5" in out
    assert "209 training pictures (72 cats), 50 test pictures (33 cats)" in out


def write_split(path, split, x, y, classes=(b"non-cat", b"cat"), **replace):
    """An HDF5 file in the original schema; ``replace`` swaps in other datasets (None drops one)."""
    content = {f"{split}_set_x": x, f"{split}_set_y": y, "list_classes": np.array(classes)}
    content.update(replace)
    with h5py.File(path, "w") as f:
        for key, value in content.items():
            if value is not None:
                f.create_dataset(key, data=value)


@pytest.fixture
def originals(tmp_path, bundled):
    """A folder with 'original' files: small stand-ins in the original schema (10 and 4 pictures)."""
    train_x, train_y, test_x, test_y, _ = bundled
    write_split(tmp_path / "train_catvnoncat.h5", "train", train_x[:10], train_y[0, :10])
    write_split(tmp_path / "test_catvnoncat.h5", "test", test_x[:4], test_y[0, :4])
    return tmp_path


def test_the_original_files_take_precedence(originals, capsys):
    train_x, train_y, test_x, test_y, classes = data.load_data(directory=originals)
    assert train_x.shape == (10, 64, 64, 3) and test_y.shape == (1, 4)
    assert "the original course files" in capsys.readouterr().out
    # the bundled set can still be asked for
    assert data.load_data(directory=originals, source="bundled", verbose=False)[0].shape[0] == 209


def test_one_original_file_alone_is_an_error_that_names_the_other(originals):
    (originals / "test_catvnoncat.h5").unlink()
    with pytest.raises(data.DatasetNotFound) as info:
        data.load_data(directory=originals)
    message = str(info.value)
    assert "test_catvnoncat.h5: file not found" in message and "train_catvnoncat.h5 is there" in message
    assert "Fix:" in message


def test_asking_for_absent_originals_says_how_to_get_them(tmp_path):
    with pytest.raises(FileNotFoundError) as info:
        data.load_data(directory=tmp_path, source="original")
    message = str(info.value)
    assert str(tmp_path / "train_catvnoncat.h5") in message and "Expected an HDF5 file with train_set_x" in message
    assert "copy the original course's train_catvnoncat.h5" in message


def test_a_missing_bundled_file_says_how_to_regenerate_it(tmp_path, monkeypatch):
    shutil.copy(data.BUNDLED_DIR / "train_catvnoncat.h5", tmp_path)
    monkeypatch.setattr(data, "BUNDLED_DIR", tmp_path)
    with pytest.raises(data.DatasetError) as info:
        data.load_data(directory=tmp_path / "none")
    message = str(info.value)
    assert "test_catvnoncat.h5: file not found" in message
    assert "python -m dnn_utils.catvnoncat" in message


def test_a_truncated_file_is_named(originals):
    path = originals / "train_catvnoncat.h5"
    content = path.read_bytes()
    path.write_bytes(content[: len(content) // 2])
    with pytest.raises(data.DatasetError) as info:
        data.load_data(directory=originals)
    message = str(info.value)
    assert message.startswith(str(path)) and "truncated or damaged" in message
    assert "Expected an HDF5 file with train_set_x uint8 (m, 64, 64, 3)" in message and "Fix:" in message


def test_a_file_that_is_not_hdf5_is_named(originals):
    (originals / "test_catvnoncat.h5").write_text("not a data set")
    with pytest.raises(data.DatasetError, match="test_catvnoncat.h5: not a readable HDF5 file"):
        data.load_data(directory=originals)


SCHEMA_PROBLEMS = {
    "renamed x": (dict(train_set_x=None, images=np.zeros((10, 64, 64, 3), np.uint8)), "no dataset train_set_x"),
    "float pixels": (dict(train_set_x=np.zeros((10, 64, 64, 3))), "train_set_x is float64 (10, 64, 64, 3)"),
    "grey pictures": (dict(train_set_x=np.zeros((10, 64, 64), np.uint8)), "not uint8 (m, 64, 64, 3)"),
    "other size": (dict(train_set_x=np.zeros((10, 32, 32, 3), np.uint8)), "(10, 32, 32, 3)"),
    "labels as a row": (dict(train_set_y=np.zeros((1, 10), np.int64)), "train_set_y has shape (1, 10)"),
    "too few labels": (dict(train_set_y=np.zeros(9, np.int64)), "one label per picture"),
    "labels 1 and 2": (dict(train_set_y=np.arange(10) % 2 + 1), "other than the labels 0 and 1"),
    "other classes": (dict(list_classes=np.array([b"dog", b"cat"])), "list_classes is"),
}


@pytest.mark.parametrize("name", SCHEMA_PROBLEMS)
def test_a_wrong_schema_names_the_file_the_problem_and_the_fix(originals, bundled, name):
    replace, problem = SCHEMA_PROBLEMS[name]
    path = originals / "train_catvnoncat.h5"
    write_split(path, "train", bundled[0][:10], bundled[1][0, :10], **replace)
    with pytest.raises(data.DatasetError) as info:
        data.load_data(directory=originals)
    message = str(info.value)
    assert problem in message
    assert message.startswith(str(path)) and "Expected" in message and "Fix:" in message


def test_an_unknown_source_names_the_choices():
    with pytest.raises(ValueError, match="'auto', 'original', 'bundled'"):
        data.load_data(source="mine")


# ---- images ------------------------------------------------------------------------------------------
def test_the_sample_picture_loads_as_an_input(bundled):
    image = images.load_image(data.SAMPLE_IMAGE)
    assert image.shape == (64, 64, 3) and image.dtype == np.uint8


def test_load_image_averages_blocks_and_crops_to_the_centre(tmp_path):
    rng = np.random.RandomState(0)
    small = rng.randint(0, 256, (64, 64, 3)).astype(np.uint8)
    big = np.repeat(np.repeat(small, 3, axis=0), 3, axis=1)  # 192 x 192, each pixel a 3 x 3 block
    wide = np.concatenate([np.zeros((192, 30, 3), np.uint8), big, np.full((192, 30, 3), 255, np.uint8)], axis=1)
    matplotlib.image.imsave(tmp_path / "wide.png", wide)
    np.testing.assert_array_equal(images.load_image(tmp_path / "wide.png"), small)


@pytest.mark.parametrize("shape", [(20, 30), (100, 80, 4), (64, 64, 3)])
def test_load_image_handles_grey_alpha_and_small_pictures(tmp_path, shape):
    picture = np.full(shape, 0.5)
    path = tmp_path / "p.png"
    matplotlib.image.imsave(path, picture, cmap="gray", vmin=0, vmax=1)
    image = images.load_image(path)
    assert image.shape == (64, 64, 3) and image.dtype == np.uint8
    assert np.all(np.abs(image.astype(int) - 128) <= 1)


def test_load_image_reads_jpeg(tmp_path):
    picture = np.zeros((50, 50, 3), np.uint8)
    picture[:, 25:] = 200
    matplotlib.image.imsave(tmp_path / "p.jpg", picture)
    image = images.load_image(tmp_path / "p.jpg")
    assert image.shape == (64, 64, 3) and image[:, :20].max() < 30 and image[:, 44:].min() > 170


def test_the_grids_show_what_they_say(bundled):
    import matplotlib.pyplot as plt

    train_x, train_y, _, _, classes = bundled
    fig = images.show_examples(train_x, train_y, classes, count=10, ncols=4)
    titled = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert len(fig.axes) == 12 and len(titled) == 10
    assert titled[0] == f"0: {classes[train_y[0, 0]].decode()}"
    p = train_y.copy()
    p[0, [3, 7]] = 1 - p[0, [3, 7]]
    fig = images.show_mislabelled(train_x, train_y, p, classes)
    assert [ax.get_title().split(":")[0] for ax in fig.axes if ax.get_title()] == ["3", "7"]
    assert images.show_mislabelled(train_x, train_y, train_y, classes) is None
    plt.close("all")
