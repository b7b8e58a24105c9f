"""The nbgrader course directory and API, configured from ``autograder/nbgrader_config.py``."""
import logging
import os
import warnings
import shutil
import sys
from pathlib import Path

from traitlets.config.loader import PyFileConfigLoader

from ..build import notebooks

CONFIG_FILE = Path(__file__).resolve().parents[1] / "nbgrader_config.py"
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


# ---- one gradebook engine per URL and process --------------------------------------------------------
#
# nbgrader's Gradebook makes a new SQLAlchemy engine each time it is opened, about ten times per
# submission graded; a new engine has an empty statement cache, so each opening compiles every
# statement again. While grading, nbgrader's gradebooks share one engine per URL and process instead.

#: {(process id, URL, nbgrader's engine arguments): engine}, oldest first
_ENGINES = {}
#: how many engines a process keeps (a test session or a long-lived process meets many course directories)
MAX_ENGINES = 8


def _in_memory(url):
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def _file_identity(path):
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _follow_the_file(engine, path):
    """A pooled connection to the SQLite file ``path`` is used only while ``path`` is still the file
    it opened: one opened before the file was deleted or replaced is closed and a new one opened
    (the same check as opening the file anew for each session, at the cost of a stat)."""
    from sqlalchemy import event, exc

    @event.listens_for(engine, "connect")
    def opened(dbapi_connection, record):
        record.info["file"] = _file_identity(path)

    @event.listens_for(engine, "checkout")
    def checked_out(dbapi_connection, record, proxy):
        if record.info.get("file") != _file_identity(path):
            raise exc.DisconnectionError(f"{path} is not the file this connection opened")


def shared_engine(url, **kwargs):
    """The SQLAlchemy engine of the gradebook ``url`` in this process, made once (``kwargs``: those
    of ``sqlalchemy.create_engine``, e.g. nbgrader's ``echo`` and ``future``).

    Its pool is the one nbgrader's own engine has (SQLAlchemy's default for the URL: a queue of
    connections for an SQLite file and for PostgreSQL), now kept from one session to the next; a
    connection is tested before each use (``pool_pre_ping``: one that a database server closed, on a
    restart, is replaced instead of failing the session), and one to an SQLite file also checks
    that the file is still the one it opened (:func:`_follow_the_file`). Between sessions a
    connection holds no transaction, so no lock. An in-memory SQLite database lives and dies with
    its engine, so it gets an engine of its own each time, as before."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if _in_memory(parsed):
        return create_engine(url, **kwargs)
    key = (os.getpid(), parsed.render_as_string(hide_password=False), tuple(sorted(kwargs.items())))
    engine = _ENGINES.get(key)
    if engine is None:
        engine = create_engine(url, pool_pre_ping=True, **kwargs)
        if parsed.get_backend_name() == "sqlite":
            _follow_the_file(engine, os.path.abspath(parsed.database))
        _ENGINES[key] = engine
        for old in list(_ENGINES)[:-MAX_ENGINES]:
            _ENGINES.pop(old).dispose()
    return engine


def forget_engine(url):
    """Close the connections of the shared engine of ``url`` and make the next session start a new
    engine (after a failure that grading retries: the retry starts afresh, as it did before)."""
    from sqlalchemy.engine import make_url

    text = make_url(url).render_as_string(hide_password=False)
    for key in [k for k in _ENGINES if k[0] == os.getpid() and k[1] == text]:
        _ENGINES.pop(key).dispose()


def share_engines():
    """From now on, every nbgrader gradebook opened in this process uses :func:`shared_engine`
    (nbgrader's ``Gradebook.__init__`` calls ``create_engine`` of its module ``nbgrader.api``)."""
    import nbgrader.api

    nbgrader.api.create_engine = shared_engine


def shared_gradebook(url, course_id):
    """nbgrader's gradebook at ``url`` on this process's shared engine (use it in a ``with``)."""
    from nbgrader.api import Gradebook

    share_engines()
    return Gradebook(url, course_id=course_id)


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

