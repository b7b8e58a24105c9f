"""Collecting: every student's notebooks, from a folder or a zip per student, into ``course/submitted``.

A collected file is never changed: ``course/submitted/<student>/<NN_name>/<NN_name>.ipynb`` holds
what the student handed in (an earlier, different version is moved to ``course/archive/`` first).

What a hand-in can be is bounded, and what it cannot be is refused with a line that says why and
never quotes what the refused file holds:

- *no link is followed*: a symbolic link, as the student's entry or at any depth of a folder, is
  refused by name; so is a notebook with a second hard link (the same file is also somewhere else)
  and anything that is not a regular file (a pipe, a device). Files are opened with ``O_NOFOLLOW``
  from the folder above them, never by a path that a link could redirect;
- *only notebooks are read*: a file or zip entry whose name is no notebook of the course is left
  unread; a notebook larger than :data:`MAX_BYTES`, with more than :data:`MAX_CELLS` cells or
  :data:`MAX_BRACKETS` brackets is refused as an invalid submission and recorded in ``course/refused/<student>/<NN_name>.txt``;
- *a zip is read only if it can be read safely*: at most :data:`MAX_ENTRIES` entries, a notebook's
  declared size checked before it is inflated and its reading capped at that size, stored or
  deflated entries only; an encrypted, corrupt, truncated or lying zip is skipped whole with a line
  saying so, and the batch goes on with the next student;
- *two hand-ins never become one student*: :func:`student_id` maps different names to different
  ids, and names that still meet (one name as a folder and as a zip, one name in two Unicode
  normalisations, names that differ only in case) are refused, both of them, before anything is
  stored.
"""
import errno
import hashlib
import json
import os
import stat
import struct
import unicodedata
import zipfile
from datetime import datetime, timezone
from pathlib import Path


#: the largest notebook collected (bytes); the largest of the course, 05 with its plots, is under 1 MB
MAX_BYTES = 20 * 2**20
#: the most cells a collected notebook may have (the course's notebooks have at most 52)
MAX_CELLS = 2000
#: the most ``{`` and ``[`` characters a collected notebook may have (the course's have fewer than 600): it
#: bounds what reading one costs, where 20 MB of ``[],`` would take about 700 MB to parse
MAX_BRACKETS = 100_000
#: the most entries a student's zip may have, and the most files looked at in a student's folder
MAX_ENTRIES = 1000
#: the largest central directory of a student's zip (bytes), checked before the zip is opened
MAX_DIRECTORY = 2 * 2**20
#: the longest student id kept as it is (characters)
MAX_ID = 64
#: folders whose content is never a hand-in
IGNORED = {".ipynb_checkpoints", "__MACOSX"}
REFUSED_DIR = "refused"


class Refused(Exception):
    """One file that is not collected; the message names it and says why (never what it holds)."""


class Unreadable(Exception):
    """A student's whole hand-in that cannot be read; the message says why."""


# ---- student ids -------------------------------------------------------------------------------

def _plain(char):
    return unicodedata.category(char)[0] in "LMN" or char in "_.-"


def _kept(name):
    """Whether ``name`` is a student id as it is: letters (any script), marks, digits, ``_ . -``,
    starting with a letter, a digit or ``_``, not ending in ``.``, at most :data:`MAX_ID` characters.
    nbgrader reads a student id as a file glob, strips its spaces and splits lists of ids at commas;
    none of those characters (nor ``/``, quotes or control characters) is in such a name."""
    return (0 < len(name) <= MAX_ID and all(_plain(c) for c in name)
            and (unicodedata.category(name[0])[0] in "LN" or name[0] == "_") and not name.endswith("."))


def student_id(raw):
    """The student id of a hand-in named ``raw`` (a folder's name, a zip's name without ``.zip``).

    The name in Unicode's composed form (NFC: the same name typed with a precomposed é or with e
    and a combining accent is one student) is the id when :func:`_kept` accepts it: ``jane_doe``,
    ``José``, ``王芳``. Otherwise the id is the name's plain characters with ``_`` for the others
    and ``~`` and ten hex digits of a hash of the exact name: ``jane doe`` is ``jane_doe~3b1c...``.
    A kept id never holds ``~``, so two different names never get one id (short of a hash
    collision, which :func:`collect` refuses like any other)."""
    name = unicodedata.normalize("NFC", raw)
    if _kept(name):
        return name
    slug = "".join(c if _plain(c) else "_" for c in name)
    slug = "_".join(part for part in slug.split("_") if part).strip("._-")[:40].rstrip("._-") or "student"
    return f"{slug}~{hashlib.sha256(name.encode('utf-8', 'surrogateescape')).hexdigest()[:10]}"


def _escaped(name):
    """A name as it may be printed: control, format and separator characters (a terminal's escape
    sequences, a right-to-left override, a line break) escaped, at most 80 characters."""
    text = "".join(c if unicodedata.category(c)[0] not in "CZ" or c == " " else f"\\u{ord(c):04x}"
                   for c in name)
    return text if len(text) <= 80 else text[:77] + "..."


def _shown(name):
    return f"'{_escaped(name)}'"


def match_notebook(filename, names):
    """The assignment a handed-in file belongs to: '01_init.ipynb', '01_init (1).ipynb',
    'jane_01_init-Copy1.ipynb' all belong to 01_init; None when no name fits."""
    base = Path(filename).name
    if not base.endswith(".ipynb") or base.startswith("."):
        return None
    hits = [name for name in names if name in base]
    return max(hits, key=len) if hits else None


# ---- reading a hand-in -------------------------------------------------------------------------

def _bounded(data, shown):
    """``data`` if it is a notebook within the bounds, or Refused. What is not JSON is collected as
    it is: grading finds it invalid and says why."""
    if len(data) > MAX_BYTES:
        raise Refused(f"{shown} is larger than {MAX_BYTES // 2**20} MB, the most a notebook may be")
    brackets = data.count(b"{") + data.count(b"[")
    if brackets > MAX_BRACKETS:
        raise Refused(f"{shown} has {brackets} '{{' and '[' characters, more than the {MAX_BRACKETS} a notebook "
                      "may have")
    try:
        cells = json.loads(data).get("cells")
    except Exception:      # not JSON, not an object, too deep: not for collect to judge
        return data
    if isinstance(cells, list) and len(cells) > MAX_CELLS:
        raise Refused(f"{shown} has {len(cells)} cells, more than the {MAX_CELLS} a notebook may have")
    return data


def _read_at(dir_fd, name, shown):
    """The bytes of the regular file ``name`` in the folder ``dir_fd``, never through a link."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=dir_fd)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise Refused(f"{shown} is a symbolic link; collect follows no links") from None
        raise Refused(f"{shown} cannot be opened ({os.strerror(error.errno)})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"{shown} is not a regular file")
        if info.st_nlink > 1:
            raise Refused(f"{shown} has another hard link (the same file is also elsewhere); "
                          "copy it rather than link it to collect it")
        if info.st_size > MAX_BYTES:
            raise Refused(f"{shown} is larger than {MAX_BYTES // 2**20} MB, the most a notebook may be")
        chunks, size = [], 0
        while size <= MAX_BYTES:
            chunk = os.read(fd, min(2**20, MAX_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    return _bounded(b"".join(chunks), shown)


def _folder(dir_fd, prefix, names, found, refused, seen):
    """Walk the folder ``dir_fd`` (shown as ``prefix``): its notebooks into ``found`` as
    (relative name, bytes), what is refused into ``refused`` as (assignment or None, reason)."""
    with os.scandir(dir_fd) as listing:
        entries = sorted(entry.name for entry in listing)
    for entry in entries:
        seen[0] += 1
        if seen[0] > MAX_ENTRIES:
            raise Unreadable(f"it holds more than {MAX_ENTRIES} files, the most collect looks at")
        shown = _shown(f"{prefix}/{entry}")
        mode = os.stat(entry, dir_fd=dir_fd, follow_symlinks=False).st_mode
        name = match_notebook(entry, names)
        if stat.S_ISLNK(mode):
            refused.append((name, f"{shown} is a symbolic link; collect follows no links"))
        elif stat.S_ISDIR(mode):
            if entry in IGNORED:
                continue
            try:
                sub = os.open(entry, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=dir_fd)
            except OSError as error:
                refused.append((None, f"{shown} cannot be opened ({os.strerror(error.errno)})"))
                continue
            try:
                _folder(sub, f"{prefix}/{entry}", names, found, refused, seen)
            finally:
                os.close(sub)
        elif name is not None and not stat.S_ISREG(mode):
            refused.append((name, f"{shown} is not a regular file"))
        elif name is not None:
            try:
                found.append((f"{prefix}/{entry}", _read_at(dir_fd, entry, shown)))
            except Refused as error:
                refused.append((name, str(error)))


def _directory_size(fd):
    """(entries, bytes) of a zip's central directory as its end record declares them, read before
    zipfile parses the directory (whose size is otherwise bounded only by the file's)."""
    end = os.lseek(fd, 0, os.SEEK_END)
    tail_start = max(0, end - (22 + 65535))
    os.lseek(fd, tail_start, os.SEEK_SET)
    tail = os.read(fd, end - tail_start)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        raise Unreadable("it is not a zip file (no end of central directory)")
    entries, size = struct.unpack("<xxxxxxxxxxHIxxxxxx", tail[at:at + 22])[0:2]
    locator = tail[at - 20:at] if at >= 20 else b""
    if locator[:4] == b"PK\x06\x07":   # zip64: the figures are in the record before the locator,
        record_at = tail_start + at - 20 - 56    # where zipfile reads them too
        if record_at < 0:
            raise Unreadable("it is a corrupt zip file (its zip64 end record is missing)")
        os.lseek(fd, record_at, os.SEEK_SET)
        record = os.read(fd, 56)
        if len(record) < 56 or record[:4] != b"PK\x06\x06":
            raise Unreadable("it is a corrupt zip file (its zip64 end record is missing)")
        entries, size = struct.unpack("<QQ", record[32:48])
    return entries, size


def _zip(fd, student, names, found, refused):
    """The notebooks of the zip open at ``fd``, as :func:`_folder` gives them; Unreadable for a zip
    that cannot be read safely, whole (nothing of it is collected)."""
    entries, size = _directory_size(fd)
    if entries > MAX_ENTRIES:
        raise Unreadable(f"it has {entries} entries, more than the {MAX_ENTRIES} collect reads")
    if size > MAX_DIRECTORY:
        raise Unreadable(f"its list of entries is {size} bytes, more than the {MAX_DIRECTORY} collect reads")
    os.lseek(fd, 0, os.SEEK_SET)
    with os.fdopen(os.dup(fd), "rb") as file, zipfile.ZipFile(file) as archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise Unreadable(f"it has {len(infos)} entries, more than the {MAX_ENTRIES} collect reads")
        nested = False
        for info in infos:
            parts = info.filename.replace("\\", "/").split("/")
            if info.is_dir() or IGNORED & set(parts):
                continue
            name = match_notebook(parts[-1], names)
            if name is None:                           # not a notebook of the course: never read
                nested = nested or parts[-1].lower().endswith(".zip")
                continue
            entry = _shown(f"{student}/{info.filename}")
            if info.flag_bits & 0x1:
                raise Unreadable(f"{entry} is encrypted; collect reads no password-protected zip")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise Unreadable(f"{entry} is compressed with method {info.compress_type}; collect reads "
                                 "stored and deflated entries only (zip it again with the usual settings)")
            if stat.S_ISLNK(info.external_attr >> 16):
                refused.append((name, f"{entry} is a symbolic link; collect follows no links"))
                continue
            if info.file_size > MAX_BYTES or info.compress_size > MAX_BYTES + 2**16:
                refused.append((name, f"{entry} is larger than {MAX_BYTES // 2**20} MB, the most a notebook may be"))
                continue
            with archive.open(info) as member:
                data = member.read(MAX_BYTES + 1)     # at most the declared size comes out, CRC checked
            try:
                found.append((info.filename, _bounded(data, entry)))
            except Refused as error:
                refused.append((name, str(error)))
    if nested and not found and not refused:
        raise Unreadable("no notebook of the course in it, only a zip within the zip, which collect does "
                         "not open (the student should hand in the notebooks themselves)")


def _handed_in(source_fd, entry, names):
    """(found, refused) of the student's entry ``entry`` of the folder ``source_fd``: found the
    notebooks as (relative name, bytes), refused (assignment or None, reason); Unreadable."""
    found, refused = [], []
    mode = os.stat(entry, dir_fd=source_fd, follow_symlinks=False).st_mode
    if stat.S_ISDIR(mode):
        fd = os.open(entry, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=source_fd)
        try:
            _folder(fd, entry, names, found, refused, [0])
        finally:
            os.close(fd)
        return found, refused
    try:
        fd = os.open(entry, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=source_fd)
    except OSError as error:
        raise Unreadable(f"it cannot be opened ({os.strerror(error.errno)})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable("it is not a regular file")
        if info.st_nlink > 1:
            raise Unreadable("it has another hard link (the same file is also elsewhere); copy it rather than link it")
        try:
            _zip(fd, entry, names, found, refused)
        except (Unreadable, Refused):
            raise
        except zipfile.BadZipFile as error:
            what = "an entry fails its checksum" if "CRC" in str(error) else "it is corrupt"
            raise Unreadable(f"it is not a readable zip file ({what})") from None
        except (NotImplementedError, RuntimeError):
            raise Unreadable("it uses a zip feature collect does not read") from None
        except Exception as error:               # zlib.error, EOFError, struct.error, OSError...
            raise Unreadable(f"it is not a readable zip file ({type(error).__name__})") from None
    finally:
        os.close(fd)
    return found, refused


# ---- collecting --------------------------------------------------------------------------------

def _entries(source):
    """(entry, raw student name, problem) for each entry of the folder ``source``."""
    out = []
    for entry in sorted(os.listdir(source)):
        mode = os.lstat(os.path.join(source, entry)).st_mode
        if stat.S_ISLNK(mode):
            out.append((entry, None, f"refused: {_shown(entry)} is a symbolic link; collect follows no links "
                                     "(put the folder or zip itself in the export)"))
        elif stat.S_ISDIR(mode):
            out.append((entry, entry, None))
        elif stat.S_ISREG(mode) and entry.lower().endswith(".zip") and len(entry) > 4:
            out.append((entry, entry[:-4], None))
        else:
            out.append((entry, None, "skipped: neither a folder nor a .zip"))
    return out


def _collisions(entries, root):
    """{entry: problem} for every entry whose student id meets another's: the same id, or ids that
    differ only in case (one folder on a file system that ignores case), in this batch or with a
    student collected before."""
    ids = {entry: student_id(raw) for entry, raw, problem in entries if problem is None}
    groups = {}
    for entry, sid in ids.items():
        groups.setdefault(sid.casefold(), []).append(entry)
    submitted = Path(root) / "submitted"
    before = {}
    if submitted.is_dir():
        for path in submitted.iterdir():
            before.setdefault(path.name.casefold(), []).append(path.name)
    problems = {}
    for key, group in groups.items():
        earlier = [name for name in before.get(key, []) if name not in {ids[e] for e in group}]
        if len(group) == 1 and not earlier:
            continue
        for entry in group:
            others = [e for e in group if e != entry]
            same = all(ids[e] == ids[entry] for e in others) and not earlier
            named = [_shown(e) for e in others] + [f"{_shown(n)} (collected before)" for n in earlier]
            problems[entry] = (f"refused: {_shown(entry)} and {', '.join(named)} would be one student "
                               + (f"({_shown(ids[entry])})" if same else "(their ids differ only in case)")
                               + "; nothing of them is collected: keep one hand-in under this name "
                               "(remove or rename the others) and collect again")
    return problems


def collect(source, root, names=None, now=None):
    """Copy every student's notebooks from ``source`` into ``root/submitted``.

    ``source`` holds a folder or a ``.zip`` per student (named after the student), as an LMS
    exports them. Returns a list of ``(student, notebook, what)`` with what in
    ``{"new", "updated", "unchanged"}``, or ``"refused: why"`` for one notebook that is not
    collected, and ``(entry, None, problem)`` for an entry skipped whole; the batch always goes on
    with the next student.
    """
    if not names:
        from ..build import notebooks

        names = notebooks.names()
    root = Path(root)
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M:%S.%f %Z")
    entries = _entries(source)
    clashes = _collisions(entries, root)
    report = []
    source_fd = os.open(source, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for entry, raw, problem in entries:
            problem = problem or clashes.get(entry)
            if problem:
                report.append((_escaped(entry), None, problem))
                continue
            student = student_id(raw)
            try:
                files, refused = _handed_in(source_fd, entry, names)
            except Unreadable as error:
                report.append((_escaped(entry), None, f"skipped: {_shown(entry)}: {error}"))
                continue
            except OSError as error:
                report.append((_escaped(entry), None, f"skipped: {_shown(entry)} cannot be read "
                                                      f"({os.strerror(error.errno or 0)})"))
                continue
            if raw != student:
                report.append((student, None, f"the student id of the hand-in {_shown(entry)}"))
            chosen = {}
            for filename, data in files:
                name = match_notebook(filename, names)
                exact = Path(filename).name == f"{name}.ipynb"
                if name is not None and (name not in chosen or exact):
                    chosen[name] = data
            for name, reason in refused:
                if name is not None and name not in chosen:
                    _record_refusal(root, student, name, reason, stamp)
                report.append((student, name, f"refused: {reason}"))
            for name, data in sorted(chosen.items()):
                report.append((student, name, store(root, student, name, data, stamp)))
            if not chosen and not refused:
                report.append((_escaped(entry), None, "skipped: no notebook of the course in it"))
    finally:
        os.close(source_fd)
    return report


# ---- storing -----------------------------------------------------------------------------------

def submission_path(root, student, name):
    return Path(root) / "submitted" / student / name / f"{name}.ipynb"


def refusal_path(root, student, name):
    """Where collect records why a student's notebook was refused (nothing of it is stored)."""
    return Path(root) / REFUSED_DIR / student / f"{name}.txt"


def refusal(root, student, name):
    """Why ``student``'s notebook ``name`` was refused at collect (and not handed in since), or None."""
    try:
        return refusal_path(root, student, name).read_text().split("\n", 1)[1].strip()
    except (OSError, IndexError):
        return None


def refused(root, name):
    """{student: why} for the notebooks ``name`` refused at collect and not handed in since."""
    folder = Path(root) / REFUSED_DIR
    paths = sorted(folder.glob(f"*/{name}.txt")) if folder.is_dir() else []
    return {path.parent.name: refusal(root, path.parent.name, name) for path in paths}


def _record_refusal(root, student, name, reason, stamp):
    path = refusal_path(root, student, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{stamp}\n{reason}\n")


def store(root, student, name, data, stamp):
    """Write one handed-in notebook; an earlier different version goes to ``root/archive``."""
    target = submission_path(root, student, name)
    if target.exists():
        old = target.read_bytes()
        if old == data:
            return "unchanged"
        archive = Path(root) / "archive" / student / name
        archive.mkdir(parents=True, exist_ok=True)
        (archive / f"{hashlib.sha256(old).hexdigest()[:12]}.ipynb").write_bytes(old)
        what = "updated"
    else:
        what = "new"
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".ipynb.part")
    tmp.write_bytes(data)
    tmp.replace(target)
    (target.parent / "timestamp.txt").write_text(stamp)
    refusal_path(root, student, name).unlink(missing_ok=True)
    return what
