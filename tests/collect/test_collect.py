"""collect: it never follows a link, never makes two hand-ins one student, reads a zip only as far as
it is safe, bounds what a notebook may be, and goes on with the next student after any of these.

Hostile zips are written here byte by byte (:func:`raw_zip`), as zipfile would refuse to write them.
"""
import os
import re
import struct
import subprocess
import sys
import unicodedata
import zipfile
import zlib
from pathlib import Path

import nbformat
import pytest

from autograder.build import versions
from autograder.collect import lms
from autograder.grade import batch
from autograder.report import tables
from helpers import NAME, solution

NAMES = [NAME]
SECRET = "collect-secret-7c1f0e"     # in this process's environment: /proc/self/environ holds it


def notebook(student, cells=None):
    """A notebook of 01_init that says whose it is (so that a mix-up of two students shows)."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(f"handed in by {student}", id="who")]
    nb.cells += [nbformat.v4.new_code_cell(f"x = {i}", id=f"c{i}") for i in range(cells or 0)]
    return nbformat.writes(nb).encode()


def inbox(tmp_path, folders=(), zips=()):
    box = tmp_path / "inbox"
    box.mkdir(parents=True, exist_ok=True)
    for student in folders:
        (box / student).mkdir()
        (box / student / f"{NAME}.ipynb").write_bytes(notebook(student))
    for student in zips:
        with zipfile.ZipFile(box / f"{student}.zip", "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"{NAME}.ipynb", notebook(student))
    return box


def collected(root):
    """{student: bytes} of what is in ``root/submitted`` for NAME."""
    folder = Path(root) / "submitted"
    return {p.name: lms.submission_path(root, p.name, NAME).read_bytes()
            for p in folder.iterdir()} if folder.exists() else {}


def lines(report_):
    return [f"{student} {name or ''}: {what}" for student, name, what in report_]


def raw_zip(path, entries):
    """A zip written byte by byte: ``entries`` are (name, method, flags, crc, data, size) with
    ``data`` as stored (compressed) and ``size`` what the headers declare it inflates to (zip64
    fields when it needs them)."""
    out, central = bytearray(), bytearray()
    for name, method, flags, crc, data, size in entries:
        encoded = name.encode()
        wide = size >= 0xFFFFFFFF
        extra = struct.pack("<HHQQ", 1, 16, size, len(data)) if wide else b""
        usize, csize = (0xFFFFFFFF, 0xFFFFFFFF) if wide else (size, len(data))
        version = 45 if wide else 20
        offset = len(out)
        out += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", version, flags, method, 0, 0x21, crc, csize, usize,
                           len(encoded), len(extra)) + encoded + extra + data
        central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", version, version, flags, method, 0, 0x21,
                               crc, csize, usize, len(encoded), len(extra), 0, 0, 0, 0o100644 << 16,
                               offset) + encoded + extra
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), len(out), 0)
    Path(path).write_bytes(bytes(out + central) + end)


def deflated_zeros(megabytes):
    """A raw deflate stream that inflates to ``megabytes`` MB of zero bytes (about 1 KB per MB),
    and the CRC-32 of what it inflates to."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(2**20)) + compressor.flush(zlib.Z_FULL_FLUSH)
    stream = block * megabytes + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    assert zlib.decompressobj(-15).decompress(stream[:len(block)] + stream[-2:]) == bytes(2**20)
    return stream


def crc_of_zeros(megabytes):
    zeros, crc = bytes(2**20), 0
    for _ in range(megabytes):
        crc = zlib.crc32(zeros, crc)
    return crc


def brackets():
    """A notebook of 19 MB whose one output is a list of empty lists: about 700 MB when parsed."""
    return b'{"cells": [{"cell_type": "code", "outputs": [' + b"[]," * (19 * 2**20 // 3) + b'[]]}]}'


def hostile_zips(box):
    """One of each zip that cannot be read safely, in ``box``; {zip name: what its line must say}."""
    good = notebook("hostile")
    crc = zlib.crc32(good)
    raw_zip(box / "encrypted.zip", [(f"{NAME}.ipynb", 0, 0x1, crc, good, len(good))])
    raw_zip(box / "method99.zip", [(f"{NAME}.ipynb", 99, 0, crc, good, len(good))])
    raw_zip(box / "bzip2.zip", [(f"{NAME}.ipynb", zipfile.ZIP_BZIP2, 0, crc, good, len(good))])
    bomb = deflated_zeros(1024)                                    # 1 GB in about 1 MB
    raw_zip(box / "bomb_lying.zip", [(f"{NAME}.ipynb", 8, 0, crc_of_zeros(1024), bomb, 4096)])
    # 10 GB in about 10 MB; its CRC is left 0: collect must refuse it on its declared size, unread
    raw_zip(box / "bomb_honest.zip", [(f"{NAME}.ipynb", 8, 0, 0, deflated_zeros(10 * 1024), 10 * 2**30)])
    raw_zip(box / "crc.zip", [(f"{NAME}.ipynb", 0, 0, crc ^ 1, good, len(good))])
    (box / "corrupt.zip").write_bytes(b"PK\x03\x04" + os.urandom(3000))
    with zipfile.ZipFile(box / "whole.zip", "w") as archive:
        archive.writestr(f"{NAME}.ipynb", good)
    (box / "truncated.zip").write_bytes((box / "whole.zip").read_bytes()[:-30])
    (box / "whole.zip").unlink()
    inner = box / "inner.zip"
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr(f"{NAME}.ipynb", good)
    with zipfile.ZipFile(box / "nested.zip", "w") as archive:
        archive.write(inner, "inner.zip")
    inner.unlink()
    with zipfile.ZipFile(box / "many.zip", "w") as archive:
        for i in range(lms.MAX_ENTRIES + 1):
            archive.writestr(f"f{i}.txt", "")
    return {
        "encrypted.zip": "is encrypted",
        "method99.zip": "compressed with method 99",
        "bzip2.zip": "compressed with method 12",
        "bomb_lying.zip": "fails its checksum",
        "bomb_honest.zip": "larger than 20 MB",
        "crc.zip": "fails its checksum",
        "corrupt.zip": "not a zip file",
        "truncated.zip": "not a zip file",
        "nested.zip": "only a zip within the zip, which collect does not open",
        "many.zip": f"{lms.MAX_ENTRIES + 1} entries",
    }


# ---- student ids -------------------------------------------------------------------------------

JAPANESE = ["佐藤", "鈴木", "さとう", "サトウ"]
CHINESE = ["王芳", "李娜", "张伟", "王伟"]


def test_different_names_are_different_students():
    pairs = [("jane doe", "jane_doe"), ("José", "Josè"), ("José", "Jose"), ("a b", "a_b"), ("a b", "a-b"),
             ("o'brien", "o_brien"), ("x*", "x?")]
    pairs += [(a, b) for group in (JAPANESE, CHINESE) for a in group for b in group if a < b]
    for a, b in pairs:
        assert lms.student_id(a) != lms.student_id(b), (a, b)


def test_one_name_in_two_unicode_forms_is_one_student():
    composed, decomposed = unicodedata.normalize("NFC", "José"), unicodedata.normalize("NFD", "José")
    assert composed != decomposed
    assert lms.student_id(composed) == lms.student_id(decomposed) == composed


def test_ids_keep_names_nbgrader_accepts_and_map_the_others_readably():
    for kept in ["jane_doe", "José", "王芳", "さとう", "s123", "anne-marie", "j.smith"]:
        assert lms.student_id(kept) == kept
    for raw in ["jane doe", "--force", "..", "a/b", "x,y", "[abc]", "*", " jane", "🙂", "a\u202eb", "o'brien",
                "x" * 100, "ends."]:
        sid = lms.student_id(raw)
        assert re.fullmatch(r"[^\s*?\[\],/'\"\\~]*~[0-9a-f]{10}", sid), (raw, sid)
        assert not sid.startswith(("-", ".", "~")) and len(sid) <= 51, (raw, sid)
        assert lms.student_id(raw) == sid                  # stable
    assert lms.student_id("jane doe").startswith("jane_doe~")
    # a name written like another's mapped id is not that student
    assert lms.student_id(lms.student_id("jane doe")) != lms.student_id("jane doe")


def test_every_collision_is_refused_before_anything_is_stored(tmp_path):
    box = inbox(tmp_path, folders=["sam", "Kim", "kim", unicodedata.normalize("NFC", "José"),
                                   unicodedata.normalize("NFD", "José"), "alone"], zips=["sam"])
    root = tmp_path / "course"
    out = lines(lms.collect(box, root, NAMES))
    assert set(collected(root)) == {"alone"}, out
    assert not (root / "archive").exists()
    for one, other in [("sam", "sam.zip"), ("Kim", "kim"),
                       (unicodedata.normalize("NFC", "José"), unicodedata.normalize("NFD", "José"))]:
        line = next(line for line in out if line.startswith(one + " "))
        assert "would be one student" in line and repr(other) in line and "collect again" in line, line


def test_a_name_differing_only_in_case_from_a_student_collected_before_is_refused(tmp_path):
    root = tmp_path / "course"
    lms.collect(inbox(tmp_path / "a", folders=["Kim"]), root, NAMES)
    out = lines(lms.collect(inbox(tmp_path / "b", folders=["kim"]), root, NAMES))
    assert collected(root) == {"Kim": notebook("Kim")}
    assert "'Kim' (collected before)" in out[0], out


def test_names_that_used_to_meet_are_now_two_students_with_their_own_work(tmp_path):
    names = ["jane doe", "jane_doe", "José", "Josè"] + JAPANESE + CHINESE
    box = inbox(tmp_path, folders=names[::2], zips=names[1::2])
    root = tmp_path / "course"
    report_ = lms.collect(box, root, NAMES)
    got = collected(root)
    assert len(got) == len(names), lines(report_)
    for name in names:
        assert got[lms.student_id(name)] == notebook(name)
    assert not (root / "archive").exists()          # nobody's work was taken for an update of another's
    assert "jane_doe~" in " ".join(lines(report_)) and "the student id of the hand-in 'jane doe'" in \
        " ".join(lines(report_))


# ---- links -------------------------------------------------------------------------------------

@pytest.fixture
def linked(tmp_path, monkeypatch):
    """An export where each of several students hands in a link, and the victim a notebook."""
    monkeypatch.setenv("COLLECT_TEST_SECRET", SECRET)
    box = inbox(tmp_path, folders=["victim"])
    victim = box / "victim" / f"{NAME}.ipynb"
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / f"{NAME}.ipynb").write_bytes(notebook("elsewhere"))
    targets = {"to_victim": victim, "to_environ": Path("/proc/self/environ"), "to_passwd": Path("/etc/passwd"),
               "dangling": tmp_path / "nothing-here"}
    for student, target in targets.items():
        (box / student).mkdir()
        os.symlink(target, box / student / f"{NAME}.ipynb")
    (box / "deep" / "a" / "b").mkdir(parents=True)
    os.symlink(victim, box / "deep" / "a" / "b" / f"{NAME}.ipynb")
    (box / "folder_link").mkdir()
    os.symlink(tmp_path / "elsewhere", box / "folder_link" / "work")
    os.symlink(box / "victim", box / "entry_link")
    with zipfile.ZipFile(tmp_path / "elsewhere.zip", "w") as archive:
        archive.writestr(f"{NAME}.ipynb", notebook("elsewhere"))
    os.symlink(tmp_path / "elsewhere.zip", box / "zip_link.zip")
    (box / "hard").mkdir()
    os.link(tmp_path / "elsewhere" / f"{NAME}.ipynb", box / "hard" / f"{NAME}.ipynb")
    (box / "fifo").mkdir()
    os.mkfifo(box / "fifo" / f"{NAME}.ipynb")
    return box


def test_collect_follows_no_link_and_quotes_no_target(linked, tmp_path):
    root = tmp_path / "course"
    out = lines(lms.collect(linked, root, NAMES))
    text = "\n".join(out)
    assert collected(root) == {"victim": notebook("victim")}, text
    expected = {"to_victim": f"'to_victim/{NAME}.ipynb' is a symbolic link",
                "to_environ": f"'to_environ/{NAME}.ipynb' is a symbolic link",
                "to_passwd": f"'to_passwd/{NAME}.ipynb' is a symbolic link",
                "dangling": f"'dangling/{NAME}.ipynb' is a symbolic link",
                "deep": f"'deep/a/b/{NAME}.ipynb' is a symbolic link",
                "folder_link": "'folder_link/work' is a symbolic link",
                "entry_link": "'entry_link' is a symbolic link",
                "zip_link.zip": "'zip_link.zip' is a symbolic link",
                "hard": f"'hard/{NAME}.ipynb' has another hard link",
                "fifo": f"'fifo/{NAME}.ipynb' is not a regular file"}
    for student, says in expected.items():
        assert any(line.startswith(student + " ") and says in line for line in out), (student, text)
    for leak in (SECRET, "root:", str(tmp_path), "/proc", "/etc", "handed in by"):
        assert leak not in text, leak
    stored = b"".join(p.read_bytes() for p in root.rglob("*") if p.is_file())
    assert SECRET.encode() not in stored and b"root:x:" not in stored
    assert (root / "refused" / "to_passwd" / f"{NAME}.txt").exists()


# ---- zips and bounds ---------------------------------------------------------------------------

def test_every_unreadable_zip_is_skipped_with_a_reason_and_the_batch_goes_on(tmp_path):
    box = inbox(tmp_path, folders=["aaa_first"], zips=["zzz_last"])
    expected = hostile_zips(box)
    root = tmp_path / "course"
    out = lines(lms.collect(box, root, NAMES))
    assert set(collected(root)) == {"aaa_first", "zzz_last"}, out
    for entry, says in expected.items():
        line = next((line for line in out if line.startswith(entry.removesuffix(".zip") + " ")
                     or line.startswith(entry + " ")), None)
        assert line is not None and says in line, (entry, out)
        assert "handed in by" not in line
    assert "refused" in next(line for line in out if line.startswith("bomb_honest"))


def test_a_zip_is_read_only_for_its_notebooks(tmp_path):
    """Entries that are no notebook of the course are never inflated, however hostile."""
    box = tmp_path / "inbox"
    box.mkdir()
    good = notebook("reader")
    raw_zip(box / "reader.zip", [("video.mp4", 8, 0, 0, deflated_zeros(64), 10 * 2**30),
                                 ("secret.txt", 0, 0x1, 0, b"xxxx", 4),
                                 ("odd.bin", 99, 0, 0, b"yyyy", 4),
                                 (f"{NAME}.ipynb", 0, 0, zlib.crc32(good), good, len(good))])
    root = tmp_path / "course"
    out = lines(lms.collect(box, root, NAMES))
    assert collected(root) == {"reader": good}, out


def test_a_zip_entry_names_no_place_to_write_and_no_link_to_follow(tmp_path):
    """Zip-slip names are matched by their last part and never written where they point; a zip
    entry that is a symbolic link is refused by name."""
    box = tmp_path / "inbox"
    box.mkdir()
    with zipfile.ZipFile(box / "slip.zip", "w") as archive:
        archive.writestr(f"../../outside/{NAME}.ipynb", notebook("slip"))
    with zipfile.ZipFile(box / "linker.zip", "w") as archive:
        info = zipfile.ZipInfo(f"{NAME}.ipynb")
        info.external_attr = (0o120777) << 16                   # a symbolic link, as zip -y stores it
        archive.writestr(info, "/etc/passwd")
    root = tmp_path / "work" / "course"
    out = lines(lms.collect(box, root, NAMES))
    assert collected(root) == {"slip": notebook("slip")}, out
    assert not (tmp_path / "outside").exists() and not (tmp_path / "work" / "outside").exists()
    assert any(line.startswith(f"linker {NAME}: refused: 'linker.zip/{NAME}.ipynb' is a symbolic link")
               for line in out), out


def test_names_are_printed_without_terminal_escapes(tmp_path):
    box = tmp_path / "inbox"
    (box / "evil\x1b[2J\u202e").mkdir(parents=True)
    (box / "bell\x07.zip").write_bytes(b"not a zip")
    out = lines(lms.collect(box, tmp_path / "course", NAMES))
    text = "\n".join(out)
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text, text
    assert "\\u001b[2J" in text and "\\u0007" in text, text


def test_a_zip_whose_directory_is_too_large_is_not_parsed(tmp_path):
    box = tmp_path / "inbox"
    box.mkdir()
    with zipfile.ZipFile(box / "wide.zip", "w") as archive:
        for i in range(40):
            info = zipfile.ZipInfo(f"f{i}.txt")
            info.comment = b"c" * 60000
            archive.writestr(info, "")
    with zipfile.ZipFile(box / "zip64.zip", "w") as archive:        # its count is in the zip64 record
        for i in range(2**16):
            archive.writestr(f"f{i}", "")
    out = lines(lms.collect(box, tmp_path / "course", NAMES))
    assert "list of entries" in out[0] and out[0].startswith("wide.zip "), out
    assert "it has 65536 entries, more than the 1000" in out[1] and out[1].startswith("zip64.zip "), out


def test_notebooks_beyond_the_bounds_are_refused_and_recorded(tmp_path):
    box = tmp_path / "inbox"
    for student in ("big_folder", "cells", "just_enough", "brackets"):
        (box / student).mkdir(parents=True)
    big = notebook("big") + b" " * lms.MAX_BYTES
    (box / "big_folder" / f"{NAME}.ipynb").write_bytes(big)
    with zipfile.ZipFile(box / "big_zip.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{NAME}.ipynb", big)
    (box / "cells" / f"{NAME}.ipynb").write_bytes(notebook("cells", lms.MAX_CELLS))
    (box / "just_enough" / f"{NAME}.ipynb").write_bytes(notebook("just", lms.MAX_CELLS - 1))
    (box / "brackets" / f"{NAME}.ipynb").write_bytes(brackets())
    root = tmp_path / "course"
    out = lines(lms.collect(box, root, NAMES))
    assert set(collected(root)) == {"just_enough"}, out
    for student, says in [("big_folder", "larger than 20 MB"), ("big_zip", "larger than 20 MB"),
                          ("cells", f"{lms.MAX_CELLS + 1} cells, more than the {lms.MAX_CELLS}"),
                          ("brackets", f"characters, more than the {lms.MAX_BRACKETS}")]:
        assert any(line.startswith(f"{student} {NAME}: refused") and says in line for line in out), (student, out)
        assert says in lms.refused(root, NAME)[student] and says in lms.refusal(root, student, NAME)
        assert not (root / "submitted" / student).exists()
    # a later hand-in within the bounds replaces the refusal
    (box / "cells" / f"{NAME}.ipynb").write_bytes(notebook("cells"))
    lms.collect(box, root, NAMES)
    assert "cells" not in lms.refused(root, NAME) and "cells" in collected(root)
    assert lms.refusal(root, "cells", NAME) is None


def test_the_command_goes_on_after_every_bad_hand_in_within_bounded_memory(tmp_path):
    """``python -m autograder collect`` over an export full of hostile hand-ins: every good student
    is collected, each bad one has its line, and the process never grows past a few hundred MB
    although the bombs would inflate to 1 GB and 10 GB."""
    box = inbox(tmp_path, folders=["aaa_first", "mmm_middle"], zips=["zzz_last"])
    expected = hostile_zips(box)
    os.symlink("/etc/passwd", box / "passwd.zip")
    root = tmp_path / "course"
    command = [sys.executable, "-m", "autograder", "collect", NAME, "--from", str(box), "--course", str(root)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert set(collected(root)) == {"aaa_first", "mmm_middle", "zzz_last"}, out
    for entry in expected:
        assert f"collect {entry.removesuffix('.zip')}" in out or f"collect {entry}" in out, (entry, out)
    assert re.search(r"collect passwd.zip ?: refused: 'passwd.zip' is a symbolic link", out), out
    assert "root:" not in out + err
    assert "Traceback" not in err


def test_collect_memory_stays_bounded_on_bombs(tmp_path):
    box = tmp_path / "inbox"
    (box / "brackets").mkdir(parents=True)
    (box / "brackets" / f"{NAME}.ipynb").write_bytes(brackets())
    hostile_zips(box)
    # the peak of this process's own memory (VmHWM starts anew at exec; ru_maxrss would carry the
    # test process's size across the fork)
    code = ("import re; from autograder.collect import lms; "
            f"lms.collect({str(box)!r}, {str(tmp_path / 'course')!r}, [{NAME!r}]); "
            "print(re.search(r'VmHWM:\\s+(\\d+) kB', open('/proc/self/status').read()).group(1))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    peak_mb = int(result.stdout.split()[-1]) / 1024
    assert peak_mb < 300, f"collect grew to {peak_mb:.0f} MB on the bombs"


# ---- a unicode student through a real autograde --------------------------------------------------

@pytest.mark.slow
def test_a_student_with_a_unicode_name_is_graded_and_listed(tmp_path):
    root = tmp_path / "course"
    versions.write_student_versions([NAME], root=root)
    box = tmp_path / "inbox"
    good = nbformat.writes(solution()).encode()
    for student in ("王芳", "José", "jane doe"):
        (box / student).mkdir(parents=True)
        (box / student / f"{NAME}.ipynb").write_bytes(good)
    lms.collect(box, root, NAMES)
    results = batch.autograde(root, NAMES, workers=1, progress=None)
    ids = {"王芳", "José", lms.student_id("jane doe")}
    assert {student for student, _ in results} == ids
    assert all(state["status"] == "graded" for state in results.values()), results
    rows = tables.exercise_rows(root, NAMES)
    assert {row["student"] for row in rows} == ids
    for row in rows:
        assert row["status"] == "passed" and row["score"] == row["max_score"], row


def test_a_notebook_refused_at_collect_is_an_invalid_submission_in_the_grade_table(tmp_path):
    """Nothing of it is stored, and yet the instructor sees it: each of its exercises has the status
    `invalid submission: <why>` and no score, never `not submitted`."""
    root = tmp_path / "course"
    versions.write_student_versions([NAME], root=root)
    box = tmp_path / "inbox"
    (box / "big").mkdir(parents=True)
    (box / "big" / f"{NAME}.ipynb").write_bytes(notebook("big") + b" " * lms.MAX_BYTES)
    lms.collect(box, root, NAMES)
    rows = [r for r in tables.exercise_rows(root, [NAME]) if r["student"] == "big"]
    assert rows and all(r["score"] == "" and r["status"].startswith("invalid submission: ")
                        and "larger than 20 MB" in r["status"] for r in rows), rows
