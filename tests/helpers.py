"""What tests of several groups share: no test module imports another (pytest puts each test's own
folder on ``sys.path``, and this one, where the shared ``conftest.py`` is).

- hand-ins made of a notebook's solution, 01_init's unless named (the grading tests, collect, the
  sandbox, the feedback);
- the hostile submissions' mark and templates (the sandbox and isolation tests);
- a Jupyter server and Chromium (the student's lab and the feedback in a browser).
"""
import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder.build import notebooks, versions
from autograder.report import tables

# ---- hand-ins -------------------------------------------------------------------------------------

NAME = "01_init"
SCALED_WRONG = '''def initialize_parameters(n_x, n_h, n_y, seed=1):
    rng = np.random.RandomState(seed)
    return {"W1": rng.randn(n_h, n_x), "b1": np.zeros((n_h, 1)),
            "W2": rng.randn(n_y, n_h), "b2": np.zeros((n_y, 1))}
'''


def solution_of(name):
    return versions.solution_version(nbformat.read(notebooks.notebook_path(name), as_version=4))


def solution():
    return solution_of(NAME)


def with_answer(nb, grade_id, source):
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            cell.source = source
            return nb
    raise KeyError(grade_id)


def hand_in(tmp_path, files):
    """An LMS-style export: a folder for some students, a zip for the others."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i, (student, data) in enumerate(sorted(files.items())):
        if i % 2:
            with zipfile.ZipFile(inbox / f"{student}.zip", "w") as archive:
                archive.writestr(f"{NAME}.ipynb", data)
        else:
            (inbox / student).mkdir()
            (inbox / student / f"{NAME}.ipynb").write_bytes(data)
    return inbox


def rows(root):
    return {(r["student"], r["exercise"]): r for r in tables.exercise_rows(root, [NAME])}


def course_with_release(tmp_path):
    root = tmp_path / "course"
    versions.write_student_versions([NAME], root=root)
    return root


# ---- hostile submissions --------------------------------------------------------------------------

MARK = secrets.token_hex(6)                      # in everything a hostile submission writes or starts


def fill(template, **values):
    """``template`` with every ``@KEY@`` replaced by the Python literal of ``values[KEY]``."""
    for key, value in values.items():
        template = template.replace(f"@{key}@", repr(value))
    left = re.findall(r"@[A-Z_]+@", template)
    assert not left, left
    return template


RIGHT_DEEP = '''\
    if init not in ("small", "xavier", "he"):
        raise ValueError(f"init must be 'small', 'xavier' or 'he'; got {init!r}")
    scale = {"small": lambda n: 0.01, "xavier": lambda n: 1 / np.sqrt(n), "he": lambda n: np.sqrt(2 / n)}[init]
    rng = np.random.RandomState(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = rng.randn(layer_dims[l], layer_dims[l - 1]) * scale(layer_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
'''


def inbox_of(tmp_path, name, files):
    inbox = tmp_path / f"inbox-{name}"
    inbox.mkdir()
    for student, data in files.items():
        (inbox / student).mkdir()
        (inbox / student / f"{name}.ipynb").write_bytes(data)
    return inbox


def cell_text(root, student, name):
    """Everything the autograded notebook of ``student`` holds in its outputs."""
    path = root / "autograded" / student / name / f"{name}.ipynb"
    if not path.exists():
        return ""
    nb = nbformat.read(path, as_version=4)
    return "\n".join(str(o.get("text", "")) + str(o.get("evalue", "")) for c in nb.cells if c.cell_type == "code"
                     for o in c.get("outputs", []))


# ---- a Jupyter server, and Chromium ---------------------------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
SHOTS = notebooks.ROOT / "build" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def jupyter_server(app, args, log_dir, what, cwd=None, env=None):
    """A Jupyter ``app`` ("lab", "server") on a free local port with a token, started as an instructor or
    `make lab` starts it, with ``args``; (base url, token, process) once it answers, ended afterwards.
    Its log goes to ``log_dir``; a server that does not answer within 90 s fails the test, naming it."""
    port, token = free_port(), secrets.token_hex(16)
    command = [str(Path(sys.executable).parent / "jupyter"), app, "--no-browser", f"--port={port}",
               "--ip=127.0.0.1", f"--ServerApp.token={token}", *args]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = open(Path(log_dir) / f"{app}.log", "w")
    server = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    try:
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.time() > deadline:
                    pytest.fail(f"{what} did not start within 90 s; see {log.name}")
                time.sleep(0.5)
        yield base, token, server
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
