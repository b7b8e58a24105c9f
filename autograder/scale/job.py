"""The grading container's entry point: one part of a class, the part given by the orchestrator.

    python -m autograder.scale.job [--shards N] [--course DIR] [other autograde options] [notebooks]

runs ``python -m autograder autograde --shard K/N`` with K = index + 1, the index being the job's
completion index that Kubernetes gives each pod of an Indexed Job (``JOB_COMPLETION_INDEX``, 0 to
N-1). N is ``--shards``, else ``SHARDS``; the course directory is ``--course``, else ``COURSE``,
else ``/srv/course``. The gradebook is the course directory's ``c.CourseDirectory.db_url`` (its
``nbgrader_config.py``, see docs/large-class.md). Exit codes are autograde's: 0 all graded, 1 some
errors (the pod fails, and the Job runs it again: what was graded is not graded twice), 2 a wrong
setting, said in one line on stderr before anything is graded: the index, the number of parts, the
course directory, its gradebook's URL (missing, malformed, a driver that is not installed, SQLite for
a class in parts), the sandbox (bubblewrap without the privileges it needs says which).

    python -m autograder.scale.job --set-gradebook URL --course DIR

(what ``make release DB_URL=URL`` runs before releasing) writes the course directory's gradebook
setting among its own settings, so that the release goes straight into that gradebook: URL is
SQLAlchemy's (``postgresql+psycopg://USER:PASSWORD@HOST/DATABASE``, or through a Unix socket
``postgresql+psycopg://USER:PASSWORD@/DATABASE?host=/run/postgresql``), or the name of an
environment variable that holds it (``GRADEBOOK_URL``), which keeps the password out of the file.
"""
import os
import re
import sys
from pathlib import Path

from ..sandbox import bubblewrap

INDEX = "JOB_COMPLETION_INDEX"
#: the shape of the gradebook's URL, for the messages
URL_FORMS = ("postgresql+psycopg://USER:PASSWORD@HOST/DATABASE, or through a Unix socket "
             "postgresql+psycopg://USER:PASSWORD@/DATABASE?host=/run/postgresql")
#: ends each line of a course directory's nbgrader_config.py that --set-gradebook wrote
WRITTEN = "  # the gradebook: written by make release DB_URL=... (python -m autograder.scale.job --set-gradebook)"


class JobError(ValueError):
    """A setting of the job is missing or wrong; the message says which and what was expected."""


def _course_option(argv):
    """``--course DIR`` or ``--course=DIR`` of ``argv``: (its position, the folder) or (None, None)."""
    for i, arg in enumerate(argv):
        if arg == "--course":
            if i + 1 >= len(argv):
                raise JobError("--course needs the course directory, e.g. --course /srv/course")
            return i, argv[i + 1]
        if arg.startswith("--course="):
            return i, arg.partition("=")[2]
    return None, None


def shard_argv(argv, environ):
    """The ``python -m autograder`` arguments for this pod: ``autograde --shard K/N ...``."""
    argv = list(argv)
    shards = environ.get("SHARDS")
    if "--shards" in argv:
        i = argv.index("--shards")
        if i + 1 >= len(argv):
            raise JobError("--shards needs the number of parts, e.g. --shards 4")
        shards = argv[i + 1]
        del argv[i:i + 2]
    if shards is None:
        raise JobError("the number of parts is missing: --shards N, or SHARDS=N (the Job's completions)")
    try:
        n = int(shards)
    except ValueError:
        raise JobError(f"the number of parts must be a whole number, got {shards!r}") from None
    if n < 1:
        raise JobError(f"the number of parts must be at least 1, got {n}")
    index = environ.get(INDEX)
    if index is None:
        raise JobError(f"{INDEX} is not set: run this as a pod of a Kubernetes Indexed Job "
                       "(completionMode: Indexed), or set it by hand (0 for the first part)")
    try:
        k = int(index)
    except ValueError:
        raise JobError(f"{INDEX} must be a whole number, got {index!r}") from None
    if not 0 <= k < n:
        raise JobError(f"{INDEX}={k} is not a part of {n}: it goes from 0 to {n - 1} (completions = parallelism = N)")
    if "--shard" in argv or any(a.startswith("--shard=") for a in argv):
        raise JobError("--shard is this entry point's to set, from the job index; give --shards N")
    if "--workers" in argv:
        i = argv.index("--workers")
        workers = argv[i + 1] if i + 1 < len(argv) else ""
        if not workers.isdigit() or int(workers) < 1:
            raise JobError(f"--workers needs the number of submissions graded at once (1 or more), got {workers!r}")
    if _course_option(argv)[0] is None:
        argv += ["--course", environ.get("COURSE") or "/srv/course"]
    return ["autograde", *argv, "--shard", f"{k + 1}/{n}"]


def hide_password(url):
    """``url`` with its password replaced by ``***``, for messages and logs."""
    return re.sub(r"(://[^:/@?#]*:)[^@/]*@", r"\1***@", str(url))


def check_gradebook_url(url, shards=1):
    """Refuse (JobError) a gradebook URL that cannot work: not a URL, a database SQLAlchemy does not
    know, a driver that is not installed, no database named; or SQLite for a class in ``shards`` > 1
    parts (each machine would write its own copy, or one file over NFS)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    shown = hide_password(url)
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as error:
        raise JobError(f"the gradebook's URL {shown!r} is not a URL SQLAlchemy can read ({error}): "
                       f"expected {URL_FORMS}") from None
    try:
        dialect = parsed.get_dialect()
    except NoSuchModuleError:
        raise JobError(f"the gradebook's URL {shown!r} names {parsed.drivername!r}, a database SQLAlchemy "
                       f"does not know (PostgreSQL's is postgresql): expected {URL_FORMS}") from None
    try:
        dialect.import_dbapi()
    except ImportError as error:
        raise JobError(f"the gradebook's URL {shown!r} needs the driver of {parsed.drivername!r}, which is not "
                       f"installed here ({error}): write postgresql+psycopg://... (psycopg 3, which "
                       "requirements/grader.txt installs)") from None
    backend = parsed.get_backend_name()
    if backend != "sqlite" and not parsed.database:
        raise JobError(f"the gradebook's URL {shown!r} names no database: expected {URL_FORMS}")
    if backend == "sqlite" and shards > 1:
        raise JobError(f"the gradebook is SQLite ({shown}): a class graded in {shards} parts at once needs one "
                       "gradebook on a PostgreSQL server that every part reaches: set c.CourseDirectory.db_url "
                       "in the course directory's nbgrader_config.py (docs/large-class.md, section 3, step 2)")
    return parsed


def check_course(root, shards=1):
    """Refuse (JobError) a course directory this pod cannot grade: not there, never released, or whose
    nbgrader_config.py names a gradebook that cannot work (see :func:`check_gradebook_url`)."""
    from ..grade import course

    root = Path(root)
    if not root.is_dir():
        raise JobError(f"the course directory {root} is not there: mount the course's volume at {root} "
                       "(volumeMounts, mountPath) or set COURSE to where it is mounted")
    if not (root / "nbgrader_config.py").is_file():
        raise JobError(f"{root} holds no nbgrader_config.py, so it is no released course directory (is the right "
                       "volume mounted?): release once (make release COURSE=...) before grading the class in parts")
    try:
        url = course.db_url(root)
    except KeyError as error:
        name = error.args[0] if error.args else "?"
        raise JobError(f"{name} is not set, and {root}/nbgrader_config.py reads the gradebook's URL from it: "
                       f"set {name} (the Job's Secret, env valueFrom secretKeyRef) to {URL_FORMS}") from None
    except Exception as error:     # the instructor's own lines of the file: whatever they raise is said
        raise JobError(f"{root}/nbgrader_config.py cannot be read: {type(error).__name__}: "
                       f"{hide_password(error)}") from None
    return check_gradebook_url(url, shards)


def set_gradebook(root, url):
    """Point the course directory ``root`` at the gradebook ``url`` (SQLAlchemy's URL, or the name of
    an environment variable holding it): lines among the class's own settings of its
    ``nbgrader_config.py``, in place of those an earlier call wrote; the file is written first if
    missing. Returns the setting's last line (without its comment)."""
    from ..grade import course

    root = Path(root)
    variable = "://" not in url and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", url or "")
    if variable:
        if url not in os.environ:
            raise JobError(f"{url} is not set: the gradebook's URL is to be read from it ({URL_FORMS})")
        check_gradebook_url(os.environ[url])
        setting = ["import os", f"c.CourseDirectory.db_url = os.environ[{url!r}]"]
    else:
        check_gradebook_url(url)
        setting = [f"c.CourseDirectory.db_url = {url!r}"]
    target = root / "nbgrader_config.py"
    if target.exists() and course.OWN_SETTINGS not in target.read_text():
        raise JobError(f"{target} was written by hand (it has no line {course.OWN_SETTINGS.strip()!r}): "
                       f"add the gradebook to it yourself: c.CourseDirectory.db_url = '{hide_password(url)}'")
    target = course.write_course_config(root)
    head, marker, own = target.read_text().partition(course.OWN_SETTINGS)
    kept = [line for line in own.splitlines(keepends=True) if not line.rstrip("\n").endswith(WRITTEN)]
    text = head + marker + "".join(kept)
    text += ("" if text.endswith("\n") else "\n") + "".join(f"{line}{WRITTEN}\n" for line in setting)
    part = target.with_name(f".{target.name}.{os.getpid()}")
    part.write_text(text)
    part.replace(target)      # whole or not at all: grading machines may read it meanwhile
    return setting[-1]


def pod(index, shards, course, args=()):
    """How a pod of the Indexed Job runs this entry point, for running one by hand (the tests, the
    benchmark): its command line and what Kubernetes and the manifest put in its environment."""
    return ([sys.executable, "-m", "autograder.scale.job", *map(str, args)],
            {INDEX: str(index), "SHARDS": str(shards), "COURSE": str(course)})


def _set_gradebook_command(argv):
    url = argv[1] if len(argv) > 1 else ""
    _, root = _course_option(argv[2:])
    if not url or url.startswith("--") or root is None or len(argv) != 4:
        raise JobError("usage: python -m autograder.scale.job --set-gradebook URL --course DIR "
                       f"(URL: {URL_FORMS}; or the name of an environment variable holding it)")
    setting = set_gradebook(root, url)
    print(f"autograder.scale.job: {Path(root) / 'nbgrader_config.py'}: {hide_password(setting)}")
    return 0


def main(argv=None, environ=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    environ = os.environ if environ is None else environ
    try:
        if argv[:1] == ["--set-gradebook"]:
            return _set_gradebook_command(argv)
        args = shard_argv(argv, environ)
        shards = int(args[-1].partition("/")[2])
        check_course(_course_option(args)[1], shards)
    except JobError as error:
        print(f"autograder.scale.job: {error}", file=sys.stderr)
        return 2
    part = int(args[-1].partition("/")[0])
    base = sandbox_users(part, environ)
    if base is not None:
        os.environ[bubblewrap.UID_BASE_VARIABLE] = str(base)     # read by the grading kernels' sandboxes
    from ..__main__ import main as autograder

    print(f"autograder.scale.job: python -m autograder {' '.join(args)}", flush=True)
    return autograder(args)


def sandbox_users(part, environ, uid_map="/proc/self/uid_map"):
    """The first of the users that part ``part``'s sandboxes run as, or None to leave it to the
    sandbox. Pods on one node that run as root without a user namespace share the node's user ids, and
    the process limit of a sandbox counts its user's processes on the whole node: so part K takes the
    users from ``UID_BASE + K * UID_SLOTS`` on (part 1 the second block: the first is a grading run's
    outside any Job), where the node has them and ``COURSE_SANDBOX_UID_BASE`` is not set. In a user
    namespace (``hostUsers: false``) each pod's ids are its own, and the sandbox chooses among them."""
    if os.geteuid() != 0 or bubblewrap.UID_BASE_VARIABLE in environ or bubblewrap.UID_BASE_VARIABLE in os.environ:
        return None
    base = bubblewrap.UID_BASE + part * bubblewrap.UID_SLOTS
    return base if bubblewrap._has_ids(base, bubblewrap._id_ranges(uid_map)) else None


if __name__ == "__main__":
    sys.exit(main())
