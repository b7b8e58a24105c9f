"""Collecting: every student's notebooks, from a folder or a zip per student, into ``course/submitted``.

A collected file is never changed: ``course/submitted/<student>/<NN_name>/<NN_name>.ipynb`` holds
what the student handed in (an earlier, different version is moved to ``course/archive/`` first).
"""
import re
import shutil
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from . import notebooks
from .submissions import digest


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
