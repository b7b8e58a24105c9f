"""The cat / non-cat data set of notebook 05_model: finding it, loading it, checking its schema.

Two sources, in the original course's file schema (HDF5):

- the **original** course files ``datasets/train_catvnoncat.h5`` and ``datasets/test_catvnoncat.h5``
  (not redistributed: put them there yourself); when both are there they take precedence;
- the **bundled** set ``datasets/bundled/*_catvnoncat.h5``, made by ``dnn_utils.catvnoncat``.

Schema of ``<split>_catvnoncat.h5`` (``split`` is ``train`` or ``test``):
``<split>_set_x`` uint8 (m, 64, 64, 3), ``<split>_set_y`` integers 0/1 (m,),
``list_classes`` bytes (2,) = [b"non-cat", b"cat"].

A missing, damaged or wrongly shaped file raises :class:`DatasetError`, whose message names the file,
says what was expected and how to fix it.
"""
from pathlib import Path

import numpy as np

DATASETS_DIR = Path(__file__).resolve().parent.parent / "datasets"
BUNDLED_DIR = DATASETS_DIR / "bundled"
#: the picture notebook 05 classifies in "try your own image"
SAMPLE_IMAGE = BUNDLED_DIR / "sample_cat.png"
SPLITS = ("train", "test")
IMAGE_SHAPE = (64, 64, 3)
CLASSES = (b"non-cat", b"cat")
SOURCES = ("auto", "original", "bundled")

REGENERATE = "regenerate the bundled files with `python -m dnn_utils.catvnoncat`"
ORIGINAL_ADVICE = ("copy the original course's train_catvnoncat.h5 and test_catvnoncat.h5 into datasets/ "
                   "again (complete and unchanged), or remove them to use the bundled set")


class DatasetError(ValueError):
    """A data set file is missing, unreadable or not in the expected schema; the message says which
    file, what was expected and how to fix it."""


class DatasetNotFound(DatasetError, FileNotFoundError):
    """A data set file is not where it should be."""


def _shown(path):
    """A path as a user recognises it: relative to the project when it lies inside it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(DATASETS_DIR.parent))
    except ValueError:
        return str(path)


def file_paths(directory):
    """{"train": directory/train_catvnoncat.h5, "test": directory/test_catvnoncat.h5}"""
    return {split: Path(directory) / f"{split}_catvnoncat.h5" for split in SPLITS}


def choose_source(directory=None, source="auto"):
    """Which files ``load_data`` reads: (``"original"`` or ``"bundled"``, {split: path}).

    ``directory`` is where the original files are looked for (default: datasets/).
    """
    if source not in SOURCES:
        raise ValueError(f"source must be one of {', '.join(repr(s) for s in SOURCES)}; got {source!r}")
    originals = file_paths(DATASETS_DIR if directory is None else directory)
    present = [split for split, path in originals.items() if path.exists()]
    if source == "original" or (source == "auto" and present):
        if len(present) < len(SPLITS) and source == "auto":
            there, missing = originals[present[0]], [originals[s] for s in SPLITS if s not in present][0]
            raise DatasetNotFound(
                f"{_shown(missing)}: file not found, but {_shown(there)} is there. The original course "
                f"data set is two files, train_catvnoncat.h5 and test_catvnoncat.h5, side by side. Fix: "
                f"put {missing.name} beside {there.name}, or remove {there.name} to use the bundled set.")
        return "original", originals
    return "bundled", file_paths(BUNDLED_DIR)


def load_data(directory=None, source="auto", verbose=True):
    """Load the cat / non-cat pictures.

    directory -- where the original course files are looked for (default: the project's datasets/)
    source -- "auto" (the original files when present, else the bundled set), "original" or "bundled"
    verbose -- print which files were loaded

    Returns:
    train_x_orig -- uint8 (m_train, 64, 64, 3)
    train_y -- int (1, m_train), 1 for a cat
    test_x_orig -- uint8 (m_test, 64, 64, 3)
    test_y -- int (1, m_test)
    classes -- bytes (2,): [b"non-cat", b"cat"]; classes[label] names a label

    Raises DatasetError (DatasetNotFound for a missing file) naming the file and the fix.
    """
    which, paths = choose_source(directory, source)
    fix = ORIGINAL_ADVICE if which == "original" else REGENERATE
    arrays = {split: read_split(paths[split], split, fix) for split in SPLITS}
    train_x, train_y, _ = arrays["train"]
    test_x, test_y, classes = arrays["test"]
    if verbose:
        names = " and ".join(_shown(paths[s]) for s in SPLITS)
        what = ("the original course files" if which == "original" else
                "the bundled set made by dnn_utils.catvnoncat (the original files take precedence when "
                "you put them in datasets/)")
        print(f"load_data: {what}: {names}")
        print(f"  {len(train_y)} training pictures ({int(train_y.sum())} cats), "
              f"{len(test_y)} test pictures ({int(test_y.sum())} cats)")
    return train_x, train_y.reshape(1, -1), test_x, test_y.reshape(1, -1), classes


def read_split(path, split, fix=REGENERATE):
    """(x uint8 (m, 64, 64, 3), y int (m,), classes bytes (2,)) from one file, its schema checked."""
    import h5py

    path = Path(path)
    shown = _shown(path)
    x_key, y_key = f"{split}_set_x", f"{split}_set_y"
    expected = (f"an HDF5 file with {x_key} uint8 (m, 64, 64, 3), {y_key} 0/1 labels (m,) and "
                f"list_classes [b'non-cat', b'cat']")

    def fail(problem):
        return DatasetError(f"{shown}: {problem}. Expected {expected}. Fix: {fix}.")

    if not path.exists():
        raise DatasetNotFound(f"{shown}: file not found. Expected {expected}. Fix: {fix}.")
    try:
        with h5py.File(path, "r") as f:
            missing = [key for key in (x_key, y_key, "list_classes") if key not in f]
            if missing:
                raise fail(f"no dataset {', '.join(missing)} (it holds {', '.join(sorted(f)) or 'nothing'})")
            x, y, classes = f[x_key][()], f[y_key][()], f["list_classes"][()]
    except DatasetError:
        raise
    except (OSError, ValueError, KeyError) as error:
        raise fail(f"not a readable HDF5 file, truncated or damaged ({error})") from None
    if x.dtype != np.uint8 or x.ndim != 4 or x.shape[1:] != IMAGE_SHAPE:
        raise fail(f"{x_key} is {x.dtype} {x.shape}, not uint8 (m, 64, 64, 3)")
    if y.ndim != 1 or y.shape[0] != x.shape[0]:
        raise fail(f"{y_key} has shape {y.shape}, not ({x.shape[0]},): one label per picture")
    if y.dtype.kind not in "iub" or not np.isin(y, (0, 1)).all():
        raise fail(f"{y_key} holds values other than the labels 0 and 1")
    if classes.shape != (2,) or tuple(np.asarray(classes, dtype=bytes)) != CLASSES:
        raise fail(f"list_classes is {classes!r}, not [b'non-cat', b'cat']")
    return x, y.astype(np.int64), np.asarray(classes, dtype="S7")
