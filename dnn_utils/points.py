"""The 2-D data sets of the course (football in 06, moons in 07), stored reproducibly.

Each data set module generates its split from seeds and keeps it in ``datasets/<name>.npz``; this
module writes such a file the same byte for byte every time, reads it back, and is the command line
that rebuilds it (``python -m dnn_utils.football``, ``python -m dnn_utils.moons``).
"""
import argparse
import io
import zipfile
from pathlib import Path

import numpy as np

DATASETS = Path(__file__).resolve().parent.parent / "datasets"
#: the arrays of every split: X (2, m), Y (1, m) with labels 0 / 1
KEYS = ("train_X", "train_Y", "test_X", "test_Y")


def write(path, arrays):
    """Write ``arrays`` as an .npz file that is the same byte for byte whenever it is written.

    (np.savez stamps each member with the current time; here every member has a fixed date.)
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for key in KEYS:
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(arrays[key]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, buffer.getvalue())
    return path


def read(path, module):
    """(train_X, train_Y, test_X, test_Y) from ``path``; a missing file raises FileNotFoundError
    with the command that rebuilds it (``python -m <module>``)."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: rebuild it with `python -m {module}`.")
    with np.load(path, allow_pickle=False) as data:
        return tuple(data[key] for key in KEYS)


def main(module, default_path, write_file, load, argv=None, description=None):
    """The command line of a data set module: write the file, then say what it holds."""
    parser = argparse.ArgumentParser(prog=f"python -m {module}", description=description)
    parser.add_argument("path", nargs="?", type=Path, default=default_path,
                        help=f"where to write it (default: {default_path})")
    args = parser.parse_args(argv)
    path = write_file(args.path)
    train_X, train_Y, test_X, test_Y = load(path)
    print(f"wrote {path}: train {train_X.shape[1]} examples ({int(train_Y.sum())} of class 1), "
          f"test {test_X.shape[1]} examples ({int(test_Y.sum())} of class 1)")
    return 0
