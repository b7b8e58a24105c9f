"""A synthetic class, for the tests and the benchmarks: every student hands in every notebook, a
third the solution version, a third the untouched student version (the release), a third the
solution with its first answer broken (the function returns ``None``).

    for student, name, nb in handins(["01_init"], 30, root):   # root: a course directory, 01 released
        lms.store(root, student, name, nbformat.writes(nb).encode(), "2026-01-01 00:00:00 UTC")
"""
import nbformat

from ..build import notebooks, versions
from ..grade import course
from ..report import tables


def broken_version(solution):
    """The solution with its first answer cell's function returning ``None`` after its first line."""
    broken = nbformat.from_dict(nbformat.reads(nbformat.writes(solution), as_version=4))
    answer = next(c for c in broken.cells if c.metadata.get("nbgrader", {}).get("solution"))
    answer.source = answer.source.split("\n")[0] + "\n    return None\n"
    return broken


def handins(names, students, root):
    """(student, notebook name, notebook) for each of ``students`` students and each notebook of
    ``names``, released in the course directory ``root``; students are ``student000``, ..."""
    for name in names:
        good = versions.solution_version(nbformat.read(notebooks.notebook_path(name), as_version=4))
        blank = nbformat.read(versions.release_path(root, name), as_version=4)
        kinds = (good, blank, broken_version(good))
        for i in range(students):
            yield f"student{i:03d}", name, kinds[i % 3]


def use_gradebook(root, url):
    """Point the course directory ``root`` at the gradebook ``url``, as an instructor does: a line
    among the class's own settings of its ``nbgrader_config.py``."""
    config = course.write_course_config(root)
    config.write_text(config.read_text() + f"c.CourseDirectory.db_url = {url!r}\n")


def grade_table(root, names):
    """What two gradings of one class must agree on, row for row: (student, notebook, exercise,
    score, max_score, status), sorted."""
    return sorted((r["student"], r["notebook"], r["exercise"], r["score"], r["max_score"], r["status"])
                  for r in tables.exercise_rows(root, names))
