"""The submission's sandbox, and the trusted kernel's end of the wire to it.

While a notebook is graded, two processes take part:

- the **trusted kernel** (nbgrader's, started by :class:`autograder.grade.execute.CourseExecute`) runs
  the instructor's cells and the checks, and decides every verdict;
- the **submission's process** (:mod:`autograder.sandbox.worker`), started here inside bubblewrap, runs
  the student's cells and every call of the student's functions.

Every name a student's cell defines is a proxy in the trusted kernel (:class:`Remote`); calling it
sends the arguments as data (:mod:`autograder.sandbox.wire`) and brings the result back as data, so
nothing the submission does to its own process (patching numpy or the checks, swapping ``__code__``,
writing memory with ``ctypes``, returning objects that lie) reaches the verdict.

The sandbox (:func:`command`) sees the Python environment read-only, a copy of ``dnn_utils`` in
which the notebook's own exercises are withheld (:mod:`autograder.build.references`), a private
working folder and ``/tmp`` (small tmpfs), and nothing else of the machine: no course directory, no
repository, no network, its own PID namespace (every process it starts dies with it), an address
space limit and, when grading runs as root, its own unprivileged user with a process limit.
"""
import ast
import builtins
import fcntl
import inspect
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import types
from pathlib import Path

from ..grade.definitions import as_python, definitions_only
from . import wire

#: the refusal when no sandbox starts; ``why`` says what is missing: bubblewrap itself (then how to install
#: it), or a privilege that the machine or container withholds from it (:func:`unavailable_reason`)
INSTALL_HINT = ("grading runs each submission in a bubblewrap sandbox, which cannot start here{why}; or grade "
                "without a sandbox with --unsandboxed (c.CourseExecute.sandbox = False): every status then says so.")
MISSING_BWRAP = (" (no {binary} on this machine): install bubblewrap (Debian, Ubuntu: sudo apt-get install "
                 "bubblewrap; Fedora: sudo dnf install bubblewrap)")
#: where the submission's packages are mounted, and its working folder
PACKAGES, HOME = "/opt/course", "/home/student"
#: sizes of the sandbox's writable folders (tmpfs, in memory)
TMP_BYTES, HOME_BYTES = 512 * 1024 * 1024, 256 * 1024 * 1024
#: the unprivileged users that sandboxes run as when grading runs as root: one per live sandbox, UID_SLOTS
#: of them from UID_BASE on where those ids exist (on a machine, not in a container's user namespace),
#: else from UID_BASE_VARIABLE's value, else the top ids of the namespace (see :func:`uid_base`)
UID_BASE, UID_SLOTS = 1_900_000_000, 512
UID_BASE_VARIABLE = "COURSE_SANDBOX_UID_BASE"
#: 65534 is nobody, and 65535 the 16-bit -1: no sandbox runs as either
UID_NOBODY = 65534
#: marks the grader's own code sent to the trusted kernel, which is no instructor's cell
INTERNAL = "#grading-internal\n"
#: what one reply may print into the notebook
OUTPUT_LIMIT = 1 << 20
#: the grader's package (``autograder/``), and what of it the submission's process has, at the same paths:
#: the worker, the wire and their packages' ``__init__`` (docstrings)
GRADER = Path(__file__).resolve().parents[1]
WORKER_FILES = ("__init__.py", "sandbox/__init__.py", "sandbox/wire.py", "sandbox/worker.py")
#: the package of the course's references: a class of it is defined from its source where it is needed
COURSE_PACKAGE = "dnn_utils"


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot start a sandbox on this machine; the message says what to do."""


class SubmissionDied(BaseException):
    """The submission's process ended (os._exit, a crash, a signal) or broke the wire. Not an
    Exception, so that no check takes it for the function's own error: the cell fails with it,
    and the grader starts both processes again."""


# ---- the sandbox ---------------------------------------------------------------------------------

def bwrap():
    """The bubblewrap binary: ``bwrap`` on the PATH, or what ``COURSE_BWRAP`` names (a machine with it
    elsewhere, or a test of a machine without it)."""
    return os.environ.get("COURSE_BWRAP", "bwrap")


def grading_folder(notebook):
    """A new private folder for one submission's process: ``packages/`` with what it may import of
    the course (``dnn_utils`` with ``notebook``'s exercises withheld, and the worker), read-only, and
    ``work/``, its working folder when it runs unsandboxed. Made for each notebook submission (in
    milliseconds) and removed after it (:func:`remove_tree`), so that nothing a submission did to its
    copy, nor a folder another user made in /tmp, can reach another submission."""
    from ..build import references

    folder = Path(tempfile.mkdtemp(prefix="dnn-course-grading-"))
    try:
        packages = folder / "packages"
        packages.mkdir()
        references.write_package(notebook if notebook in references.WITHHELD else None, packages)
        for name in WORKER_FILES:
            (packages / "autograder" / name).parent.mkdir(exist_ok=True)
            shutil.copyfile(GRADER / name, packages / "autograder" / name)
        for path in list(packages.rglob("*.py")):
            _write_bytecode(path)
        for path in [packages, *packages.rglob("*")]:   # readable by the sandbox's user, writable by none
            os.chmod(path, 0o555 if path.is_dir() else 0o444)
        os.chmod(folder, 0o755)
        (folder / "work").mkdir()
    except BaseException:
        remove_tree(folder)
        raise
    return folder


_BYTECODE = {}     # {source: the bytes of its .pyc}, for this process's Python


def _write_bytecode(path):
    """Write the compiled ``path`` beside it, as ``__pycache__/<name>.<tag>.pyc`` (a hash-checked .pyc,
    PEP 552: Python loads it only while it matches the source's text). Compiled once per grading
    process and source, so that the submission's process, whose packages are made anew for every
    notebook, does not compile the worker and ``dnn_utils`` each time it starts."""
    import importlib.util
    import marshal

    source = path.read_bytes()
    if source not in _BYTECODE:
        code = compile(source, str(path), "exec", dont_inherit=True)
        checked_hash = (0b11).to_bytes(4, "little")
        _BYTECODE[source] = (importlib.util.MAGIC_NUMBER + checked_hash + importlib.util.source_hash(source)
                             + marshal.dumps(code))
    target = Path(importlib.util.cache_from_source(str(path)))
    target.parent.mkdir(exist_ok=True)
    target.write_bytes(_BYTECODE[source])


def remove_tree(path):
    """Remove a folder that :func:`grading_folder` made read-only."""
    for folder in [path, *Path(path).rglob("*")]:
        if folder.is_dir():
            os.chmod(folder, 0o755)
    shutil.rmtree(path, ignore_errors=True)


def _hidden_course_packages():
    """tmpfs over a copy of the course's packages installed into the environment itself (``pip
    install .`` rather than ``-e .``): the sandbox mounts the environment, and must not see them."""
    import importlib.util

    args = []
    for package in ("dnn_utils", "testcases", "autograder"):
        spec = importlib.util.find_spec(package)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            folder = os.path.realpath(folder)
            if any(folder.startswith(os.path.realpath(p) + os.sep) for p in (sys.prefix, sys.base_prefix)):
                args += ["--tmpfs", folder]
    return args


def _system_mounts():
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = "/" + name
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    # the dynamic loader's cache, and fontconfig's configuration (matplotlib's text: without it every
    # figure prints "Fontconfig error" into the student's output); both are the machine's public settings
    # (/etc made traversable: bubblewrap would make it private to root, and the sandbox's user could
    # read neither)
    args += [*_parents("/etc/fonts"), "--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache",
             "--ro-bind-try", "/etc/fonts", "/etc/fonts"]
    for prefix in sorted({os.path.realpath(sys.base_prefix), os.path.realpath(sys.prefix), sys.prefix}):
        if not prefix.startswith("/usr/"):
            args += [*_parents(prefix), "--ro-bind", prefix, prefix]
    return args


def _parents(path):
    """Folders above a mount point, made traversable (bubblewrap would make them private to root)."""
    args, parts = [], Path(path).parts
    for i in range(2, len(parts)):
        args += ["--perms", "0755", "--dir", str(Path(*parts[:i]))]
    return args


#: the only environment bubblewrap (and so the sandbox's PID 1, whose /proc/1/environ the submission can
#: read when grading runs as an ordinary user) and the unsandboxed worker are started with: none of the
#: grader's variables (a gradebook URL, a password, cloud keys) is in it
LAUNCH_ENVIRONMENT = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}


def _count(name):
    """A thread count of the grader's environment, passed on only as a number."""
    value = os.environ.get(name, "1")
    return value if value.isdigit() and len(value) <= 3 else "1"


def _environment(home, packages):
    """The submission's environment variables: none of the grader's but the thread counts."""
    return {**LAUNCH_ENVIRONMENT, "HOME": home, "PYTHONPATH": packages,
            "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0", "MPLBACKEND": "Agg", "MPLCONFIGDIR": "/tmp",
            "OPENBLAS_NUM_THREADS": _count("OPENBLAS_NUM_THREADS"), "OMP_NUM_THREADS": _count("OMP_NUM_THREADS"),
            "NBGRADER_EXECUTION": "autograde"}


def _namespaces(uid):
    # as root, no user namespace: the worker drops to ``uid`` itself, a real user the process limit counts
    if uid is None:
        return ["--unshare-all"]
    return ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"]


def _as_user(uid, argv):
    if uid is None:
        return argv
    return ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--inh-caps=-all",
            "--bounding-set=-all", "--no-new-privs", *argv]


def worker(memory_mb, max_processes):
    """The command line of the submission's process (see :mod:`autograder.sandbox.worker`)."""
    return [sys.executable, "-m", "autograder.sandbox.worker", str(memory_mb), str(max_processes)]


def command(tree, argv, uid=None):
    """The bubblewrap command line that runs ``argv`` in a sandbox with the packages in ``tree``;
    ``uid``: when grading runs as root, the unprivileged user it runs as (without capabilities or a
    way back)."""
    # the writable folders first: an environment that lives under /tmp is then mounted on top of them
    args = [shutil.which(bwrap()) or bwrap(), *_namespaces(uid), "--die-with-parent", "--new-session",
            "--hostname", "sandbox",
            "--size", str(TMP_BYTES), "--perms", "1777", "--tmpfs", "/tmp",
            *_parents(HOME), "--size", str(HOME_BYTES), "--perms", "1777", "--tmpfs", HOME,
            "--proc", "/proc", "--dev", "/dev", *_system_mounts(),
            *_hidden_course_packages(), *_parents(PACKAGES), "--ro-bind", str(tree), PACKAGES,
            "--chdir", HOME, "--clearenv"]
    for key, value in _environment(HOME, PACKAGES).items():
        args += ["--setenv", key, value]
    return args + ["--", *_as_user(uid, argv)]


def unavailable_reason():
    """None when a sandbox starts here; otherwise why not, in a few words (and what to do)."""
    if shutil.which(bwrap()) is None:
        return MISSING_BWRAP.format(binary=bwrap())
    try:
        uid = uid_base() if os.geteuid() == 0 else None
    except SandboxUnavailable as error:
        return f": {error}"
    folder = grading_folder(None)
    try:
        probe = command(folder / "packages", [sys.executable, "-c", "import autograder.sandbox.worker"], uid)
        result = subprocess.run(probe, capture_output=True, text=True, timeout=60, env=dict(LAUNCH_ENVIRONMENT))
    except (OSError, subprocess.TimeoutExpired) as error:
        return f" ({error})"
    finally:
        remove_tree(folder)
    if result.returncode != 0:
        return privilege_problem(result.stderr, root=os.geteuid() == 0, uid=uid) or \
            f" ({bwrap()} failed: {result.stderr.strip()[:300]})"
    return None


#: what bubblewrap (or setpriv, in the sandbox) says when the machine or the container withholds a
#: privilege that it needs, and which privilege that is (measured with Podman 4.3, runc and bubblewrap
#: 0.8: docs/large-class.md, section 4)
_SAYS = [
    (r"RTM_NEWADDR", "net"),                 # bwrap: loopback: Failed RTM_NEWADDR: No child processes
    (r"Creating new namespace failed|No permissions to creat|setting up uid map", "ns"),
    (r"Can't set hostname", "seccomp"),      # bwrap: Can't set hostname to sandbox: Operation not permitted
    (r"Can't mount proc", "proc"),           # bwrap: Can't mount proc on /newroot/proc: Operation not permitted
    (r"setresuid failed", "uid"),            # setpriv: setresuid failed: Invalid argument
    (r"(mount|slave).*Permission denied", "lsm"),   # a mount refused by an AppArmor or SELinux profile
]
_LACKS = {
    "net": "CAP_NET_ADMIN, which bubblewrap needs to give the sandbox a network of its own (a loopback "
           "and no way out): add it (Kubernetes: securityContext.capabilities.add NET_ADMIN; podman or docker "
           "run: --cap-add NET_ADMIN)",
    "ns-root": "CAP_SYS_ADMIN, which bubblewrap needs, run as root, to make the sandbox's namespaces: add it "
               "(Kubernetes: securityContext.capabilities.add SYS_ADMIN; podman or docker run: --cap-add SYS_ADMIN)",
    "ns": "user namespaces: bubblewrap, run as an ordinary user, makes the sandbox in a user namespace, and "
          "here it may not: the kernel must allow them (sysctl kernel.unprivileged_userns_clone=1, "
          "user.max_user_namespaces > 0) and so must the container's seccomp profile (Kubernetes: "
          "securityContext.seccompProfile.type Unconfined; podman or docker run: --security-opt "
          "seccomp=unconfined); or run grading as root with CAP_SYS_ADMIN and CAP_NET_ADMIN",
    "seccomp": "a seccomp profile that lets bubblewrap set the sandbox's hostname: the container's default "
               "profile refuses sethostname() to a user without CAP_SYS_ADMIN (Kubernetes: "
               "securityContext.seccompProfile.type Unconfined; podman or docker run: --security-opt "
               "seccomp=unconfined)",
    "proc": "an unmasked /proc: the container runtime masks parts of the container's /proc, and then no "
            "user namespace in it may mount a /proc of its own (Kubernetes: securityContext.procMount "
            "Unmasked, with hostUsers: false; podman run: --security-opt unmask=ALL)",
    "uid": "the sandbox's user {uid} among its user ids ({ids}): set " + UID_BASE_VARIABLE + " to the first "
           "of " + str(UID_SLOTS) + " ids that it has",
    "lsm": "a security profile that lets bubblewrap mount: the container's AppArmor or SELinux profile refuses "
           "it (Kubernetes: securityContext.appArmorProfile.type Unconfined; podman or docker run: "
           "--security-opt apparmor=unconfined)",
}


def privilege_problem(stderr, root=None, uid=None):
    """Which privilege the machine or container withholds from bubblewrap, from what bubblewrap (or
    setpriv) wrote on ``stderr``: ``": bwrap is installed, but this container lacks ...; bwrap said:
    ..."``, or None when it says something else. ``root``: whether grading runs as root (default:
    whether this process does); ``uid``: the sandbox's user, if any."""
    root = os.geteuid() == 0 if root is None else root
    for pattern, kind in _SAYS:
        said = next((line.strip() for line in stderr.splitlines() if re.search(pattern, line)), None)
        if said is not None:
            if kind == "ns" and root:
                kind = "ns-root"
            lacks = _LACKS[kind].format(uid=uid, ids=_describe(_id_ranges()))
            return f": {bwrap()} is installed, but this machine or container lacks {lacks}. It said: {said[:200]}"
    return None


def _id_ranges(uid_map="/proc/self/uid_map"):
    """``[(first, count)]``: the user ids that exist in this process's user namespace (all of them
    outside a container)."""
    try:
        fields = [line.split() for line in Path(uid_map).read_text().splitlines()]
        return [(int(f[0]), int(f[2])) for f in fields if len(f) == 3]
    except (OSError, ValueError):
        return [(0, 1 << 32)]


def _describe(ranges):
    return ", ".join(f"{first} to {first + count - 1}" for first, count in ranges) or "none"


def _has_ids(base, ranges):
    return any(first <= base and base + UID_SLOTS <= first + count for first, count in ranges) and \
        not base <= UID_NOBODY < base + UID_SLOTS


def uid_base(environ=None, uid_map="/proc/self/uid_map"):
    """The first of the ``UID_SLOTS`` user ids that sandboxes run as when grading runs as root: the
    grader's ``COURSE_SANDBOX_UID_BASE`` when set; else ``UID_BASE`` where this user namespace has
    those ids (a machine); else the top ids of the largest range it has, below 65534 (a container in
    a user namespace of 65,536 ids, as Kubernetes and rootless Podman map them: 65022 to 65533)."""
    environ = os.environ if environ is None else environ
    ranges = _id_ranges(uid_map)
    value = environ.get(UID_BASE_VARIABLE)
    if value is not None:
        if not value.strip().isdigit():
            raise SandboxUnavailable(f"{UID_BASE_VARIABLE} must be a user id, got {value!r}")
        base = int(value)
        if base < 1 or not _has_ids(base, ranges):
            raise SandboxUnavailable(f"{UID_BASE_VARIABLE}={base}: the sandboxes' users {base} to "
                                     f"{base + UID_SLOTS - 1} are not all ids of this user namespace (it has "
                                     f"{_describe(ranges)}, of which 0 and {UID_NOBODY} are not to be used)")
        return base
    if _has_ids(UID_BASE, ranges):
        return UID_BASE
    for first, count in sorted(ranges, key=lambda r: -r[1]):
        top = min(first + count, UID_NOBODY) if first < UID_NOBODY else first + count
        if top - UID_SLOTS >= max(first, 1000):
            return top - UID_SLOTS
    raise SandboxUnavailable(f"this user namespace has no {UID_SLOTS} user ids for the sandboxes (it has "
                             f"{_describe(ranges)}): give it more, or set {UID_BASE_VARIABLE}")


def _uid_slot():
    """``(uid, lock)``: an unprivileged user no other live sandbox runs as, held until ``lock`` is
    closed; the process limit counts that user's processes, so sandboxes never share one."""
    folder = Path(tempfile.gettempdir()) / "dnn-course-sandbox-slots"
    folder.mkdir(mode=0o700, exist_ok=True)
    info = folder.lstat()
    if info.st_uid != os.geteuid() or info.st_mode & 0o077 or not folder.is_dir() or folder.is_symlink():
        raise SandboxUnavailable(f"{folder} belongs to another user or is open to others: remove it")
    for slot in range(UID_SLOTS):
        fd = os.open(folder / f"{slot}.lock", os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue
        try:
            return uid_base() + slot, fd
        except BaseException:
            os.close(fd)
            raise
    raise SandboxUnavailable(f"all {UID_SLOTS} sandbox users are busy")


# ---- the trusted end -----------------------------------------------------------------------------

def raised_at(info):
    """``(function, line, text)`` of the student's line where an error was raised, from what the
    submission's process said of it (``worker._with_traceback``), or None; the text is the
    submission's, so it is cut to one short line."""
    if not isinstance(info, dict):
        return None
    from testcases.checks import one_line

    function, line, text = info.get("function"), info.get("line"), info.get("text")
    if not (isinstance(function, str) and function.isidentifier() and len(function) <= 100
            and type(line) is int and 0 < line < 1_000_000 and isinstance(text, str)):
        return None
    return function, line, one_line(text)


class Remote(wire.Handle):
    """A function, class or object of the submission's, in the trusted kernel: calls, attribute
    reads and writes go to the submission's process and carry only data."""

    def __call__(self, *args, **kwargs):
        __tracebackhide__ = True
        return self._peer.call(self, args, kwargs)

    def __getattr__(self, name):
        # no dunder, and none of IPython's display hooks: what the trusted kernel shows is never the
        # submission's to choose (a rich output could pose as a check's verdict)
        __tracebackhide__ = True
        if name.startswith(("__", "_repr_", "_ipython_")):
            raise AttributeError(name)
        return self._peer.get(self, name)

    def __setattr__(self, name, value):
        __tracebackhide__ = True
        if name.startswith("__") or name in ("_peer", "_number", "_kind"):
            raise AttributeError(f"{name} of a submission's object cannot be set")
        self._peer.set(self, name, value)

    def swap_globals(self, values, remove=()):
        """Put ``values`` under their names in the namespace of this function of the submission's
        (and take ``remove`` away), for a check that runs it with other helpers (see
        ``testcases.checks.names_replaced``); returns what each name held: {name: (present, value)}.
        A function of the course's is called back in this kernel; a class of the course's is defined
        in the submission's process (:meth:`Sandbox.course_class`), as its objects live there."""
        values = {name: self._peer.course_class(value) if isinstance(value, type) else value
                  for name, value in dict(values).items()}
        return self._peer.swap(self, values, list(remove))

    def notebook_namespace(self):
        """The namespace of the notebook in this kernel, where each name a student's cell defined
        stands for theirs (see ``testcases.checks.notebook_namespace``)."""
        return self._peer.namespace


class Sandbox(wire.Peer):
    """The trusted kernel's end: starts the submission's process, binds what the student's cells
    define as proxies in the kernel's namespace, and forwards calls."""

    def __init__(self, namespace, notebook, sandboxed=True, memory_mb=4096, max_processes=64, folder=None):
        """``folder``: where the grader made the process's packages (``packages/``, see
        :func:`grading_folder`) and its working folder when unsandboxed (``work/``), and removes them;
        without it the sandbox makes its own and removes them when it is killed."""
        super().__init__(None, None, parity=0)
        self.namespace, self.notebook = namespace, notebook
        self.sandboxed, self.memory_mb, self.max_processes = sandboxed, memory_mb, max_processes
        self.student_names = set()
        self._pending = []          # the instructor's definitions not yet sent
        self.tests = set()          # the test cells' sources: nothing of them is sent
        self.process = self._lock = None
        self.death = None
        self._course_classes = {}   # the course's classes defined in the process, by class
        self.folder, self._own_folder = (Path(folder), False) if folder else (grading_folder(notebook), True)
        self._start()

    def _start(self):
        tree = self.folder / "packages"
        self.log = tempfile.TemporaryFile()
        self._log_read = 0
        if self.sandboxed:
            uid = None
            if os.geteuid() == 0:
                uid, self._lock = _uid_slot()
            argv = worker(self.memory_mb, self.max_processes if uid is not None else 0)
            cmd, cwd, env = command(tree, argv, uid), None, dict(LAUNCH_ENVIRONMENT)
        else:
            work = self.folder / "work"
            cmd, cwd, env = worker(self.memory_mb, 0), str(work), _environment(str(work), str(tree))
        # plain pipes: a kernel whose child holds Popen's pipe objects takes seconds to shut down
        child_in, self.wfd = os.pipe()
        self.rfd, child_out = os.pipe()
        try:
            self.process = subprocess.Popen(cmd, stdin=child_in, stdout=child_out, stderr=self.log, cwd=cwd,
                                            env=env, close_fds=True)
        finally:
            os.close(child_in)
            os.close(child_out)
        try:
            header, _ = self.receive()
        except (wire.PeerGone, wire.WireError, OSError):
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.log.seek(0)                  # before kill(), which closes the log
            said = self.log.read().decode(errors="replace").strip()
            self.kill("it did not start")
            raise SandboxUnavailable(INSTALL_HINT.format(
                why=privilege_problem(said) or f" (the sandbox did not start: {said[-500:]})"))
        if header.get("kind") != "ready":
            self.kill("it did not start")
            raise SandboxUnavailable(INSTALL_HINT.format(why=" (the sandbox did not answer as it should)"))

    def kill(self, why):
        """End the submission's process and everything it started (its PID namespace dies with it)."""
        self.death = self.death or why
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
        if self.process is not None:
            self.process.wait()
        for fd in (self.rfd, self.wfd):
            if fd is not None:
                os.close(fd)
        self.rfd = self.wfd = None
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None
        self._forward_log()
        self.log.close()
        if self._own_folder:
            remove_tree(self.folder)
            self._own_folder = False

    # the wire's questions
    def proxy(self, number, kind, name):
        if number not in self._proxies:
            self._proxies[number] = Remote(self, number, kind, name)
        return self._proxies[number]

    def export(self, obj):
        if callable(obj) and not isinstance(obj, type):
            return self._export(obj, "f")     # a callback the checks pass in (numerical_gradient's f)
        raise TypeError(f"a {type(obj).__name__} cannot be passed to the submission's code")

    def serve(self, header, decoder):
        if header.get("op") != "call":
            raise wire.WireError(f"the submission's process asked for {str(header.get('op'))[:40]!r}")
        self.call_handle(header, decoder)

    def request(self, header, encode=None):
        if self._pending:
            header = dict(header, define=self._pending)
            self._pending = []
        return super().request(header, encode)

    # what the kernel's namespace and the proxies ask
    def exchange(self, header, encode=None):
        """A request and its reply; the process is killed when the wire breaks or the cell is
        interrupted (its time ran out), and SubmissionDied says so."""
        if self.death is not None:
            raise SubmissionDied(f"the submission's process is not running ({self.death})")
        try:
            return self.request(header, encode)
        except (wire.PeerGone, OSError):
            self.kill("it ended: os._exit, a crash, or memory past the limit")
            raise SubmissionDied(f"the submission's process ended while it ran ({self.death})") from None
        except wire.WireError as error:
            self.kill(f"it broke the protocol: {error}")
            raise SubmissionDied(f"the submission's process sent what the grader cannot read: {error}") from None
        except Exception:
            raise
        except BaseException:
            self.kill("it was interrupted (the cell ran out of time)")
            raise
        finally:
            self._forward_log()

    def _forward_log(self, limit=100_000):
        """What the submission wrote to its file descriptors 1 and 2 since the last look."""
        if self.log.closed:
            return
        try:
            self.log.seek(self._log_read)
            data = self.log.read(limit + 1)
        except (OSError, ValueError):
            return
        self._log_read += len(data)
        if data:
            sys.stdout.write(data[:limit].decode(errors="replace") + ("\n[... cut]\n" if len(data) > limit else ""))

    def outcome(self, reply, decoder):
        __tracebackhide__ = True
        output = reply.get("output")
        if isinstance(output, str) and output:   # the worker cuts it too, but the worker is the submission's
            sys.stdout.write(output[:OUTPUT_LIMIT] + ("\n[... output cut by the grader]\n" if len(output) > OUTPUT_LIMIT else ""))
        try:
            return super().outcome(reply, decoder)
        except MemoryError as error:
            raise MemoryError(f"the submission went past the grader's memory limit of {self.memory_mb} MB per "
                              f"process ({error})") from None
        except Exception as error:
            info = reply.get("error") if isinstance(reply.get("error"), dict) else {}
            raised_in = info.get("raised_in")
            if isinstance(raised_in, str) and raised_in.isidentifier():
                error.raised_in = raised_in
            at = raised_at(info.get("raised_at"))
            if at is not None:
                error.raised_at = at
            if isinstance(info.get("traceback"), str) and info["traceback"].strip():
                error.add_note("in the submission's code:\n" + info["traceback"][-3000:])
            raise

    def call(self, proxy, args, kwargs):
        __tracebackhide__ = True
        return self.call_remote({"target": proxy._number}, args, kwargs)

    def get(self, proxy, name):
        __tracebackhide__ = True
        reply, decoder = self.exchange({"op": "getattr", "target": proxy._number, "name": name})
        value = self.outcome(reply, decoder)
        number = reply.get("share")
        if number is not None:
            if type(number) is not int or number % 2 != 1 or number in self._shared:
                self.kill("it broke the protocol")
                raise SubmissionDied("the submission's process sent what the grader cannot read")
            self.share(value, number)
        return value

    def set(self, proxy, name, value):
        __tracebackhide__ = True
        reply, decoder = self.exchange({"op": "setattr", "target": proxy._number, "name": name},
                                        lambda e: {"value": e.value(value)})
        self.outcome(reply, decoder)

    def swap(self, proxy, values, remove):
        __tracebackhide__ = True
        reply, decoder = self.exchange({"op": "swap", "target": proxy._number},
                                       lambda e: {"names": e.value(values), "remove": e.value(remove)})
        return self.outcome(reply, decoder)

    def course_class(self, cls):
        """The proxy of the course's class ``cls`` defined in the submission's process from its source:
        the modules and outside classes its source names are imported there, the course's classes it
        names defined there too, the course's functions it names called back here."""
        if cls in self._course_classes:
            return self._course_classes[cls]
        source = textwrap.dedent(inspect.getsource(cls))
        module = vars(sys.modules[cls.__module__])
        imports, values = {}, {}
        for name in sorted({node.id for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Name)}):
            if name == cls.__name__ or name not in module:
                continue
            value = module[name]
            if isinstance(value, types.ModuleType):
                imports[name] = [value.__name__, ""]
            elif isinstance(value, type) and value.__module__.split(".")[0] != COURSE_PACKAGE:
                imports[name] = [value.__module__, value.__qualname__]
            elif isinstance(value, type):
                values[name] = self.course_class(value)
            else:
                values[name] = value
        reply, decoder = self.exchange({"op": "course_class", "source": source, "name": cls.__name__,
                                        "imports": imports}, lambda e: {"values": e.value(values)})
        self._course_classes[cls] = self.outcome(reply, decoder)
        return self._course_classes[cls]

    def run_cell(self, source):
        """Run a student's cell in the submission's process and bind what it defined here as
        proxies (or, for data, values); a name of the course's is never replaced."""
        __tracebackhide__ = True
        reply, decoder = self.exchange({"op": "run", "source": source})
        names = self.outcome(reply, decoder)
        kept = []
        for name, value in (names.items() if isinstance(names, dict) else []):
            if not isinstance(name, str) or not name.isidentifier() or name.startswith("_grading"):
                continue
            if (name in self.namespace or hasattr(builtins, name)) and name not in self.student_names:
                kept.append(name)
                continue
            self.namespace[name] = value
            self.student_names.add(name)
        if kept:
            print(f"The grader kept the course's own {', '.join(sorted(kept))}: an answer cannot redefine "
                  "what the course defines.")

    def before_cell(self, info):
        """IPython's pre_run_cell event: an instructor's cell is about to run here, so its
        definitions go to the submission's process too (sent with the next request)."""
        raw = getattr(info, "raw_cell", "") or ""
        if raw.startswith(INTERNAL) or raw in self.tests:
            return
        code, _ = definitions_only(as_python(raw))
        if code.strip():
            self._pending.append(code)


def start(namespace, notebook, sandboxed=True, memory_mb=4096, max_processes=64, folder=None, tests=()):
    """Start the submission's process for the trusted kernel whose namespace is ``namespace``;
    ``tests``: the sources of the test cells, whose definitions the process is never sent."""
    sandbox = Sandbox(namespace, notebook, sandboxed, memory_mb, max_processes, folder)
    sandbox.tests = set(tests)
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:
        shell = None
    if shell is not None:
        shell.events.register("pre_run_cell", sandbox.before_cell)
    return sandbox
