"""The nbgrader course directory and API, configured from ``autograder/nbgrader_config.py``."""
import logging
import os
import warnings
import shutil
import sys
from pathlib import Path

from traitlets.config.loader import PyFileConfigLoader

from . import notebooks

CONFIG_FILE = Path(__file__).resolve().parent / "nbgrader_config.py"
BUILD = notebooks.ROOT / "build"
DEFAULT_ROOT = BUILD / "course"


def config(root=DEFAULT_ROOT, **coursedir):
    """The course configuration with the course directory set to ``root`` (and other
    ``CourseDirectory`` settings from ``coursedir``, e.g. ``submitted_directory``): the course's
    ``autograder/nbgrader_config.py``, then the course directory's own ``nbgrader_config.py`` where
    there is one (an instructor's settings for this class: its gradebook's ``db_url``, a timeout)."""
    cfg = PyFileConfigLoader(CONFIG_FILE.name, path=str(CONFIG_FILE.parent)).load_config()
    own = Path(root) / "nbgrader_config.py"
    if own.exists():
        cfg.merge(PyFileConfigLoader(own.name, path=str(own.parent.resolve())).load_config())
    cfg.CourseDirectory.root = str(Path(root).resolve())
    for key, value in coursedir.items():
        setattr(cfg.CourseDirectory, key, value)
    return cfg


def db_url(root=DEFAULT_ROOT):
    """The gradebook of the course directory ``root``: its ``c.CourseDirectory.db_url``, by default
    ``gradebook.db`` (SQLite) in it."""
    from nbgrader.coursedir import CourseDirectory

    return CourseDirectory(config=config(root)).db_url


def gradebook(root=DEFAULT_ROOT):
    """nbgrader's gradebook of the course directory ``root`` (use it in a ``with``)."""
    from nbgrader.api import Gradebook

    return Gradebook(db_url(root), course_id=config(root).CourseDirectory.course_id)


def api(root=DEFAULT_ROOT, timeout=None, sandbox=None, **coursedir):
    """An ``NbGraderAPI`` on the course directory ``root``; its log is kept quiet.

    timeout -- seconds a cell may run while autograding (default: nbgrader_config.py's)
    sandbox -- False to grade without bubblewrap (default: nbgrader_config.py's, which sandboxes)
    """
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    # nbgrader runs the `alembic` command of its own environment to create the gradebook
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    # nbgrader's gradebook code predates SQLAlchemy 2's session cascade rules and warns on every
    # submission; the grades it stores are right (the tests check them), so keep the log readable
    warnings.filterwarnings("ignore", message=".*not in session, add operation along.*")
    cfg = config(root, **coursedir)
    if timeout is not None:
        cfg.Execute.timeout = timeout
    if sandbox is not None:
        cfg.CourseExecute.sandbox = sandbox
    coursedir = CourseDirectory(config=cfg)
    grader = NbGraderAPI(coursedir=coursedir, config=cfg)
    grader.log.setLevel(logging.WARNING)
    return grader


def source_notebook(root, name):
    return Path(root) / "source" / name / f"{name}.ipynb"


COURSE_CONFIG_HEADER = '"""nbgrader settings of this course directory: the course\'s own, from its repository."""\n'
#: below this line of the course directory's nbgrader_config.py: the instructor's settings, kept when
#: the lines above are written again
OWN_SETTINGS = "# ---- this class's own settings (e.g. c.CourseDirectory.db_url): kept when the lines above are rewritten ----\n"


def write_course_config(root):
    """An ``nbgrader_config.py`` in the course directory that loads the course configuration, so
    nbgrader's own commands and its formgrader, started in that directory, grade as ours do.

    Written when missing, and rewritten when it is ours but points elsewhere (the repository or the
    course directory moved), keeping what follows its ``OWN_SETTINGS`` line; a file the instructor
    wrote is left alone."""
    root = Path(root).resolve()
    root.mkdir(parents=True, exist_ok=True)
    target = root / "nbgrader_config.py"
    current = target.read_text() if target.exists() else None
    own = current.partition(OWN_SETTINGS)[2] if current else ""
    text = (COURSE_CONFIG_HEADER +
            "c = get_config()  # noqa: F821\n"
            f"load_subconfig({str(CONFIG_FILE)!r})  # noqa: F821\n"
            f"c.CourseDirectory.root = {str(root)!r}\n" + OWN_SETTINGS + own)
    if current is None or (current.startswith(COURSE_CONFIG_HEADER) and current != text):
        part = target.with_name(f".{target.name}.{os.getpid()}")
        part.write_text(text)
        part.replace(target)   # whole or not at all: grading machines may read it meanwhile
    return target


def install_sources(root, names):
    """Copy the source notebooks into the course directory's ``source/<name>/`` folders (and
    write its ``nbgrader_config.py``)."""
    write_course_config(root)
    for name in names:
        target = source_notebook(root, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(notebooks.notebook_path(name), target)


def run(result, what):
    """Raise with nbgrader's own log when one of its steps failed."""
    if not result.get("success"):
        raise RuntimeError(f"nbgrader could not {what}:\n{result.get('error', '')}\n{result.get('log', '')}")
    return result


def submitted_students(root, name):
    """The students with a submission of notebook ``name`` in ``root/submitted``, sorted."""
    submitted = Path(root) / "submitted"
    return sorted(p.parent.name for p in submitted.glob(f"*/{name}") if p.is_dir()) if submitted.exists() else []

