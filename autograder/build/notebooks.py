"""The source notebooks (``notebooks/NN_name.ipynb``) and their jupytext text twins (``.py``).

The twin is what an author edits and reviews; ``regenerate`` turns it back into the notebook and
executes it to refresh the stored outputs. ``drift`` says where the two disagree.
"""
import difflib
import json
import os
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
TEXT_FORMAT = "py:percent"
#: longest a single cell of a source notebook may run while its outputs are refreshed (seconds)
CELL_TIMEOUT = 600


def names():
    """The course's notebooks, in order: ["01_init", "02_forward", ...]."""
    return sorted(p.stem for p in NOTEBOOKS.glob("[0-9][0-9]_*.py"))


def twin_path(name):
    return NOTEBOOKS / f"{name}.py"


def notebook_path(name):
    return NOTEBOOKS / f"{name}.ipynb"


def resolve(selected):
    """Notebook names from command-line words ("01", "01_init" or "all"/nothing for every one)."""
    available = names()
    if not selected or selected == ["all"]:
        return available
    chosen = []
    for word in selected:
        matches = [n for n in available if n == word or n.split("_")[0] == word]
        if not matches:
            raise SystemExit(f"no notebook {word!r}; the course has: {', '.join(available)}")
        chosen.extend(matches)
    return chosen


def from_twin(name):
    """The notebook as its text twin describes it, with stable cell ids and no outputs."""
    nb = jupytext.read(twin_path(name), fmt=TEXT_FORMAT)
    for index, cell in enumerate(nb.cells):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        cell.id = grade_id or f"cell-{index:03d}"
    return nb


def execute(nb, cwd=NOTEBOOKS, timeout=CELL_TIMEOUT):
    """Run every cell of ``nb`` in a fresh kernel (in ``cwd``) and return it with its outputs."""
    env_backup = os.environ.get("PYTHONHASHSEED")
    os.environ["PYTHONHASHSEED"] = "0"
    try:
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                                coalesce_streams=True, resources={"metadata": {"path": str(cwd)}})
        client.execute()
    finally:
        if env_backup is None:
            os.environ.pop("PYTHONHASHSEED", None)
        else:
            os.environ["PYTHONHASHSEED"] = env_backup
    return nb


def regenerate(name, run=True):
    """Write ``notebooks/<name>.ipynb`` from its twin, executed so that the stored outputs are fresh;
    returns its path, or None when the file was left as it was: nothing changed but what differs at
    every run (the ids and the timings of the progress bars' widgets)."""
    nb = from_twin(name)
    if run:
        execute(nb)
    path = notebook_path(name)
    if path.exists() and _lasting(nbformat.read(path, as_version=4)) == _lasting(nb):
        return None
    nbformat.write(nb, path)
    return path


def _lasting(nb):
    """What of the notebook ``nb`` a run of the same source reproduces: all but its widgets' state (a
    progress bar's elapsed time and rate) and the ids of the widgets its outputs show."""
    nb = json.loads(nbformat.writes(nb))
    nb["metadata"].pop("widgets", None)
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get("application/vnd.jupyter.widget-view+json")
            if isinstance(view, dict):
                view.pop("model_id", None)
    return nb


def as_text(nb):
    return jupytext.writes(nb, fmt=TEXT_FORMAT)


def drift(name):
    """A unified diff between the twin and the text of the notebook; empty when they agree."""
    twin = twin_path(name).read_text()
    path = notebook_path(name)
    if not path.exists():
        return f"{path.name} is missing: run `make notebooks` to generate it from {twin_path(name).name}.\n"
    text = as_text(nbformat.read(path, as_version=4))
    return "".join(difflib.unified_diff(twin.splitlines(True), text.splitlines(True),
                                        fromfile=f"{name}.py", tofile=f"{name}.ipynb (as text)"))
