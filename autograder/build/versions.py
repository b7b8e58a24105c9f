"""The two build products of every source notebook.

- student version: nbgrader ``generate_assignment`` (solutions replaced by stubs, hidden tests and
  outputs removed), in ``build/course/release/<name>/<name>.ipynb``;
- solution version: the source with its solutions and stored outputs kept, and the solution markers
  and hidden tests removed, in ``build/solution/<name>.ipynb``: the one to publish and to run in CI.
"""
import shutil
from pathlib import Path

import nbformat
from nbgrader.preprocessors import ClearHiddenTests

from ..grade import course
from . import notebooks

SOLUTION_DIR = course.BUILD / "solution"
MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")


def solution_version(nb):
    """A copy of ``nb`` without hidden tests and without solution markers (outputs kept)."""
    nb = nbformat.from_dict(nb)
    nb, _ = ClearHiddenTests().preprocess(nb, {})
    for cell in nb.cells:
        if cell.cell_type == "code" and any(marker in cell.source for marker in MARKERS):
            cell.source = "\n".join(line for line in cell.source.split("\n")
                                    if line.strip() not in MARKERS)
    return nb


def write_solutions(names, out_dir=SOLUTION_DIR):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names:
        nb = nbformat.read(notebooks.notebook_path(name), as_version=4)
        target = out_dir / f"{name}.ipynb"
        nbformat.write(solution_version(nb), target)
        written.append(target)
    return written


def release_path(root, name):
    return Path(root) / "release" / name / f"{name}.ipynb"


def write_student_versions(names, root=course.DEFAULT_ROOT):
    """nbgrader ``generate_assignment`` for each notebook; returns the student notebooks' paths."""
    course.install_sources(root, names)
    grader = course.api(root)
    written = []
    for name in names:
        course.run(grader.generate_assignment(name, force=True, create=True),
                   f"generate the student version of {name}")
        written.append(release_path(root, name))
    return written


def copy_for_student(names, root=course.DEFAULT_ROOT, work_dir=notebooks.ROOT / "student"):
    """Copy the student versions into the student's working folder, never over their own work."""
    work_dir = Path(work_dir)
    work_dir.mkdir(parents=True, exist_ok=True)
    for name in names:
        target = work_dir / f"{name}.ipynb"
        if target.exists():
            print(f"kept your {target.relative_to(notebooks.ROOT)} (delete it to start that notebook afresh)")
        else:
            shutil.copyfile(release_path(root, name), target)
            print(f"new: {target.relative_to(notebooks.ROOT)}")
    return work_dir
