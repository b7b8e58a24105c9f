"""Submissions: a collected file (see :mod:`collect`) checked, and rebuilt on the released notebook.

What nbgrader grades is :func:`canonical`: the released notebook with the student's answer cells
(and any cells they added) put in, so that deleted or edited instructions and test cells, changed
point values and reordered cells are all undone.
"""
import copy
import hashlib
import json
from pathlib import Path

import nbformat

from .execute import RELEASE_MARK


class InvalidSubmission(Exception):
    """A file that cannot be graded as the notebook it should be; the message says why."""


def digest(data):
    return hashlib.sha256(data).hexdigest()


def read(path, name, release):
    """The submission at ``path`` as a notebook of assignment ``name``, or InvalidSubmission."""
    path = Path(path)
    data = path.read_bytes()
    if not data.strip():
        raise InvalidSubmission("the file is empty")
    try:
        nb = nbformat.reads(data.decode("utf-8"), as_version=4)
    except UnicodeDecodeError:
        raise InvalidSubmission("the file is not text, so not a notebook") from None
    except (nbformat.reader.NotJSONError, json.JSONDecodeError) as error:
        raise InvalidSubmission(f"the file is not a valid notebook (not JSON: {str(error)[:120]})") from None
    except Exception as error:
        raise InvalidSubmission(f"the file is not a valid notebook ({type(error).__name__}: "
                                f"{str(error)[:120]})") from None
    if not isinstance(nb.get("cells"), list):
        raise InvalidSubmission("the file is JSON but has no notebook cells")
    exercises = {_grade_id(cell) for cell in release.cells if _grade_id(cell)}
    if not any(_grade_id(cell) in exercises for cell in nb.cells):
        raise InvalidSubmission(f"this is not {name}: none of its exercises or cells are in it "
                                "(another notebook handed in under this name?)")
    return nb


def _grade_id(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _key(cell):
    return _grade_id(cell) or cell.get("id")


def _ids(nb):
    return {_key(cell) for cell in nb.cells if _key(cell)}


def canonical(submission, release):
    """The released notebook with the student's answers and added cells put in.

    - an answer cell (nbgrader ``solution``) takes the student's source, found by its grade id;
      an answer cell the student deleted stays a stub;
    - every other cell of the release is taken as released;
    - a cell of the student's that the release does not have (matched by grade id or cell id) is
      kept, after the released cell it followed, without any nbgrader metadata or release mark: it
      counts as the student's, whatever its metadata claimed.
    """
    known = _ids(release)
    answers, extras, previous = {}, {}, None
    for cell in submission.cells:
        key = _key(cell)
        if key in known:
            answers.setdefault(key, cell)
            previous = key
        else:
            extra = copy.deepcopy(cell)
            extra.get("metadata", {}).pop("nbgrader", None)     # a student's cell, whatever it claims
            extra.get("metadata", {}).pop(RELEASE_MARK, None)
            extras.setdefault(previous, []).append(extra)
    result = copy.deepcopy(release)
    cells = list(extras.get(None, []))
    for cell in result.cells:
        key = _key(cell)
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            if key in answers:
                cell.source = answers[key].get("source", "")
        else:
            cell.metadata[RELEASE_MARK] = True
        cells.append(cell)
        cells.extend(extras.get(key, []))
    result.cells = cells
    for index, cell in enumerate(result.cells):
        cell["id"] = f"c{index:03d}-{_key(cell) or 'extra'}"[:64]
    return result
