"""Submissions: collected from folders or zips, checked, and rebuilt on the released notebook.

A collected file is never changed: ``course/submitted/<student>/<NN_name>/<NN_name>.ipynb`` holds
what the student handed in (an earlier, different version is moved to ``course/archive/`` first).
What nbgrader grades is :func:`canonical`: the released notebook with the student's answer cells
(and any cells they added) put in, so that deleted or edited instructions and test cells, changed
point values and reordered cells are all undone.
"""
import copy
import hashlib
import json
import re
import shutil
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import nbformat

from . import notebooks
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


# ---- collecting --------------------------------------------------------------------------------

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def student_id(raw):
    """A student id nbgrader accepts, from a folder or file name."""
    return _UNSAFE.sub("_", raw).strip("._") or "unnamed"


def match_notebook(filename, names):
    """The assignment a handed-in file belongs to: '01_init.ipynb', '01_init (1).ipynb',
    'jane_01_init-Copy1.ipynb' all belong to 01_init; None when no name fits."""
    base = Path(filename).name
    if not base.endswith(".ipynb") or base.startswith("."):
        return None
    hits = [name for name in names if name in base]
    return max(hits, key=len) if hits else None


def _handed_in(entry):
    """(filename, bytes) of every file in a student's folder or zip."""
    if entry.is_dir():
        return [(str(p.relative_to(entry)), p.read_bytes()) for p in sorted(entry.rglob("*"))
                if p.is_file() and ".ipynb_checkpoints" not in p.parts]
    with zipfile.ZipFile(entry) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()
                if not info.is_dir() and "__MACOSX" not in info.filename
                and ".ipynb_checkpoints" not in info.filename]


def collect(source, root, names=None, now=None):
    """Copy every student's notebooks from ``source`` into ``root/submitted``.

    ``source`` holds a folder or a ``.zip`` per student (named after the student), as an LMS
    exports them. Returns a list of ``(student, notebook, what)`` with what in
    ``{"new", "updated", "unchanged"}``, and ``(entry, None, problem)`` for what was skipped.
    """
    names = names or notebooks.names()
    root = Path(root)
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M:%S.%f %Z")
    report = []
    for entry in sorted(Path(source).iterdir()):
        if not (entry.is_dir() or entry.suffix.lower() == ".zip"):
            report.append((entry.name, None, "skipped: neither a folder nor a .zip"))
            continue
        student = student_id(entry.stem if entry.is_file() else entry.name)
        try:
            files = _handed_in(entry)
        except zipfile.BadZipFile:
            report.append((entry.name, None, "skipped: not a readable zip file"))
            continue
        chosen = {}
        for filename, data in files:
            name = match_notebook(filename, names)
            exact = Path(filename).name == f"{name}.ipynb"
            if name is not None and (name not in chosen or exact):
                chosen[name] = data
        for name, data in sorted(chosen.items()):
            report.append((student, name, store(root, student, name, data, stamp)))
        found = bool(chosen)
        if not found:
            report.append((entry.name, None, "skipped: no notebook of the course in it"))
    return report


def submission_path(root, student, name):
    return Path(root) / "submitted" / student / name / f"{name}.ipynb"


def store(root, student, name, data, stamp):
    """Write one handed-in notebook; an earlier different version goes to ``root/archive``."""
    target = submission_path(root, student, name)
    if target.exists():
        old = target.read_bytes()
        if old == data:
            return "unchanged"
        archive = Path(root) / "archive" / student / name
        archive.mkdir(parents=True, exist_ok=True)
        kept = archive / f"{digest(old)[:12]}.ipynb"
        shutil.copyfile(target, kept)
        what = "updated"
    else:
        what = "new"
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".ipynb.part")
    tmp.write_bytes(data)
    tmp.replace(target)
    (target.parent / "timestamp.txt").write_text(stamp)
    return what
