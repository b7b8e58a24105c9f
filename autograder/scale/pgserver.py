"""A PostgreSQL server of its own, for trying the gradebook of a class graded on several machines:
the tests and ``benchmarks/grade_class.py --shards`` start one.

Debian's ``postgresql`` package (``apt-get install postgresql``): ``initdb`` in a temporary folder, a
server that listens on a Unix socket in that folder only (no TCP port), and a database for the
gradebook. The server is a child of the process that started it and ends with it, whatever happens
(``setpriv --pdeathsig``: it gets SIGQUIT, PostgreSQL's immediate shutdown, when that process dies);
:meth:`Server.stop` ends it and removes the folder. As root, the server runs as the ``postgres``
user, which the package creates (PostgreSQL refuses to run as root).

    with Server() as server:
        url = server.url()      # postgresql://grader@/gradebook?host=/tmp/.../socket
"""
import glob
import os
import pwd
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

INSTALL_HINT = ("PostgreSQL's server is not installed: sudo apt-get install postgresql (Debian, Ubuntu), "
                "which puts initdb and postgres in /usr/lib/postgresql/<version>/bin")


class Unavailable(RuntimeError):
    """No PostgreSQL server can be started here; the message says why."""


def binaries():
    """The folder holding ``initdb`` and ``postgres``: Debian's newest, or the ones on PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("postgres")
    if on_path:
        return Path(on_path).resolve().parent
    raise Unavailable(INSTALL_HINT)


class Server:
    """One throwaway server; ``user`` owns the database (it may connect without a password, through
    the socket only)."""

    def __init__(self, user="grader", database="gradebook", durable=False):
        """durable -- False (the tests) turns off what makes a commit survive a crash of the machine
        (fsync, synchronous commits, full pages): faster, and nothing the tests need; True (the
        benchmark) keeps PostgreSQL's defaults, as a real gradebook server has them."""
        self.user, self.database, self.durable = user, database, durable
        self.bin = binaries()
        self.folder = self.process = None

    # ---- the server's account: postgres when we are root ----------------------------------------
    def _as_server(self, argv):
        prefix = ["setpriv", "--pdeathsig", "SIGQUIT"]
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            prefix += ["--reuid", str(account.pw_uid), "--regid", str(account.pw_gid), "--clear-groups"]
        return prefix + [str(a) for a in argv]

    def _own(self, *paths):
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            for path in paths:
                os.chown(path, account.pw_uid, account.pw_gid)

    @property
    def socket(self):
        return self.folder / "socket"

    def url(self, database=None):
        """The gradebook's ``c.CourseDirectory.db_url`` (SQLAlchemy's URL, driver psycopg 3)."""
        return f"postgresql+psycopg://{self.user}@/{database or self.database}?host={self.socket}"

    # ---- starting and stopping --------------------------------------------------------------------
    def start(self):
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="dnn-course-postgres-"))
            os.chmod(self.folder, 0o755)
            (self.folder / "data").mkdir(mode=0o700)
            self.socket.mkdir(mode=0o755)
            self._own(self.folder / "data", self.socket)
            try:
                subprocess.run(self._as_server([self.bin / "initdb", "-D", self.folder / "data", "-U", self.user,
                                                "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]),
                               check=True, capture_output=True, text=True)
            except subprocess.CalledProcessError as error:
                self.stop()
                raise Unavailable(f"initdb failed: {(error.stderr or error.stdout).strip()[-500:]}") from None
            fresh = True
        else:
            fresh = False
        log = open(self.folder / "server.log", "ab")
        fast = [] if self.durable else ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
        self.process = subprocess.Popen(
            self._as_server([self.bin / "postgres", "-D", self.folder / "data", "-k", self.socket,
                             "-c", "listen_addresses=", *fast, "-c", "max_connections=200"]),
            stdout=log, stderr=log, start_new_session=True)
        log.close()
        self._wait_until_ready()
        if fresh:
            self.create_database(self.database)
        return self

    def create_database(self, name):
        """Another database on this server (one per course directory), owned by ``user``."""
        subprocess.run([self.bin / "createdb", "-h", self.socket, "-U", self.user, name],
                       check=True, capture_output=True)

    def _wait_until_ready(self, seconds=30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise Unavailable(f"the server ended at its start: {self.log()[-800:]}")
            ready = subprocess.run([self.bin / "pg_isready", "-q", "-h", self.socket, "-U", self.user],
                                   capture_output=True)
            if ready.returncode == 0:
                return
            time.sleep(0.1)
        self.stop()
        raise Unavailable(f"the server did not accept connections within {seconds} s")

    def version(self):
        """The server's version, e.g. ``15.18``."""
        out = subprocess.run([self.bin / "postgres", "--version"], capture_output=True, text=True).stdout
        found = re.search(r"\(PostgreSQL\) (\S+)", out)      # postgres (PostgreSQL) 15.18 (Debian ...)
        return found.group(1) if found else out.strip() or "?"

    def log(self):
        try:
            return (self.folder / "server.log").read_text(errors="replace")
        except OSError:
            return ""

    def halt(self, mode=signal.SIGINT, seconds=20):
        """End the server, its folder kept (SIGINT: PostgreSQL's fast shutdown; SIGQUIT: immediate)."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(mode)
            try:
                self.process.wait(seconds)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def restart(self, pause=0.0):
        """Stop the server (connections are cut) and start it again on the same data, ``pause``
        seconds later: what a database restart does to the graders."""
        self.halt()
        time.sleep(pause)
        self.start()

    def stop(self):
        """End the server and remove its folder."""
        self.halt(signal.SIGQUIT)
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
