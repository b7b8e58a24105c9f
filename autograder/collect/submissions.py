"""Submissions: a collected file (see :mod:`lms`) checked, and rebuilt on the released notebook.

What nbgrader grades is :func:`canonical`: the released notebook with the student's answer cells
(and any cells they added) put in, so that deleted or edited instructions and test cells, changed
point values and reordered cells are all undone.
"""
import copy
import hashlib
import json
from pathlib import Path

import nbformat

from .lms import MAX_BYTES, MAX_CELLS


class InvalidSubmission(Exception):
    """A file that cannot be graded as the notebook it should be; the message says why."""


def digest(data):
    return hashlib.sha256(data).hexdigest()


def read(path, name, release):
    """The submission at ``path`` as a notebook of assignment ``name``, or InvalidSubmission."""
    path = Path(path)
    if path.stat().st_size > MAX_BYTES:
        raise InvalidSubmission(f"the file is larger than {MAX_BYTES // 2**20} MB, the most a notebook may be")
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
    if len(nb.cells) > MAX_CELLS:
        raise InvalidSubmission(f"the notebook has {len(nb.cells)} cells, more than the {MAX_CELLS} a notebook may have")
    exercises = {_grade_id(cell) for cell in release.cells if _grade_id(cell)}
    if not any(_grade_id(cell) in exercises for cell in nb.cells):
        raise InvalidSubmission(f"this is not {name}: none of its exercises or cells are in it "
                                "(another notebook handed in under this name?)")
    return nb


#: cell metadata key that marks a cell taken from the release (see :func:`canonical`)
RELEASE_MARK = "dnn_course_release"
#: the cell id of a cell the student added: this prefix and its place among the added cells
EXTRA_ID = "student-"


def is_instructor_cell(cell):
    """A cell whose source comes from the release, not from the student: an nbgrader cell that
    is not an answer cell, or a cell marked as taken from the release."""
    meta = cell.metadata.get("nbgrader", {})
    if meta.get("solution", False):
        return False
    return bool(meta) or bool(cell.metadata.get(RELEASE_MARK))


def _grade_id(cell):
    meta = cell.get("metadata")
    nbgrader = meta.get("nbgrader") if isinstance(meta, dict) else None
    grade_id = nbgrader.get("grade_id") if isinstance(nbgrader, dict) else None
    return grade_id if isinstance(grade_id, str) else None


def _key(cell):
    key = _grade_id(cell) or cell.get("id")
    return key if isinstance(key, str) else None


def _ids(nb):
    return {_key(cell) for cell in nb.cells if _key(cell)}


def _text(source):
    return "".join(s for s in source if isinstance(s, str)) if isinstance(source, list) else \
        source if isinstance(source, str) else ""


def _student_cell(cell, number):
    """A cell the student added, as nothing but its type and source: no metadata (whatever it claimed:
    an nbgrader mark, the release mark, malformed tags), no outputs, no attachments."""
    make = {"code": nbformat.v4.new_code_cell, "markdown": nbformat.v4.new_markdown_cell}.get(
        cell.get("cell_type"), nbformat.v4.new_raw_cell)
    new = make(_text(cell.get("source", "")))
    new["id"] = f"{EXTRA_ID}{number:03d}"
    return new


def canonical(submission, release, tests=None):
    """The notebook that is graded: the released notebook with the student's answers and added cells
    put in. The one place where a hand-in becomes what is graded: :class:`execute.CourseExecute`
    applies it to every notebook nbgrader grades, whichever command started it.

    - an answer cell (nbgrader ``solution``) takes the student's source, found by its grade id;
      an answer cell the student deleted stays a stub;
    - a test cell takes ``tests[grade_id]`` where given: the instructor's source, hidden tests
      included (the release has them removed), from the gradebook;
    - every other cell of the release is taken as released, with its own id;
    - a cell of the student's that the release does not have (matched by grade id or cell id) is
      kept, after the released cell it followed, as its type and source alone (:func:`_student_cell`):
      it counts as the student's, whatever its metadata claimed.

    Applied again to its own result it changes nothing, so a hand-in prepared with it before nbgrader
    reads it is still rebuilt once.
    """
    known = _ids(release)
    tests = tests or {}
    answers, extras, previous, added = {}, {}, None, 0
    for cell in submission.cells:
        if not isinstance(cell, dict):
            continue
        key = _key(cell)
        if key in known:
            answers.setdefault(key, cell)
            previous = key
        else:
            extras.setdefault(previous, []).append(_student_cell(cell, added))
            added += 1
    result = copy.deepcopy(release)
    cells = list(extras.get(None, []))
    for cell in result.cells:
        key = _key(cell)
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            if key in answers:
                cell.source = _text(answers[key].get("source", ""))
        else:
            if meta.get("grade") and key in tests:
                cell.source = tests[key]
            cell.metadata[RELEASE_MARK] = True
        cells.append(cell)
        cells.extend(extras.get(key, []))
    result.cells = cells
    return result
