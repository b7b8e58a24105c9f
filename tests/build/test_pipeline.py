"""The pipeline of every notebook: text twin, source, student version, solution version.

nbval itself (the solution versions executed against their stored outputs) runs from the Makefile's
test command on build/solution.
"""
import re

import nbformat
import pytest
from nbclient import NotebookClient
from nbgrader.validator import Validator

from autograder.build import notebooks, versions
from autograder.grade import course as course_dir

NAMES = notebooks.names()


def test_the_course_has_its_notebooks_in_order():
    assert NAMES[:2] == ["01_init", "02_forward"]
    assert [int(n[:2]) for n in NAMES] == list(range(1, len(NAMES) + 1))


@pytest.mark.parametrize("name", NAMES)
def test_notebook_agrees_with_its_text_twin(name):
    diff = notebooks.drift(name)
    assert not diff, f"{name}.ipynb and {name}.py have drifted; run `make notebooks`:\n{diff}"


@pytest.mark.parametrize("name", NAMES)
def test_source_has_graded_cells_with_points(name):
    nb = nbformat.read(notebooks.notebook_path(name), as_version=4)
    meta = [c.metadata.get("nbgrader", {}) for c in nb.cells]
    solutions = [m for m in meta if m.get("solution")]
    tests = [m for m in meta if m.get("grade")]
    assert solutions, "a notebook without exercises"
    assert len(tests) >= len(solutions), "every exercise needs a graded test cell"
    assert all(m.get("points", 0) > 0 and m.get("locked") for m in tests)
    ids = [m["grade_id"] for m in meta if "grade_id" in m]
    assert len(ids) == len(set(ids)), "grade ids must be unique"


@pytest.mark.parametrize("name", NAMES)
def test_test_cells_never_end_in_a_bare_value(name):
    """nbgrader reads a number a test cell displays as a partial score."""
    nb = nbformat.read(notebooks.notebook_path(name), as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade") and cell.cell_type == "code":
            assert not [o for o in cell.outputs if o.output_type == "execute_result"], cell.source


@pytest.mark.parametrize("name", NAMES)
def test_stored_outputs_are_clean(name):
    """A correct notebook writes nothing to stderr and raises nothing (nbgrader would score 0)."""
    nb = nbformat.read(notebooks.notebook_path(name), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code), "run `make notebooks`: some cells were not executed"
    for cell in code:
        bad = [o for o in cell.outputs
               if o.output_type == "error" or (o.output_type == "stream" and o.name == "stderr")]
        assert not bad, f"cell writes to stderr or fails:\n{cell.source}\n{bad}"


@pytest.mark.parametrize("name", NAMES)
def test_solution_version_has_no_markers_and_no_hidden_tests(name):
    nb = versions.solution_version(nbformat.read(notebooks.notebook_path(name), as_version=4))
    text = "\n".join(c.source for c in nb.cells)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "hidden_check"):
        assert marker not in text
    assert "raise NotImplementedError" not in text


@pytest.mark.parametrize("name", NAMES)
def test_source_validates(name):
    result = Validator().validate(str(notebooks.notebook_path(name)))
    assert result == {}, f"`nbgrader validate` finds problems in the source of {name}: {result}"


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_student_version_fails_only_at_its_stubs(course, name):
    """Every cell before the first stub runs; the first error is the stub's NotImplementedError."""
    path = versions.release_path(course, name)
    nb = nbformat.read(path, as_version=4)
    text = "\n".join(c.source for c in nb.cells)
    assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text and "hidden_check" not in text
    assert "raise NotImplementedError()" in text
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [(i, o) for i, c in enumerate(nb.cells) if c.cell_type == "code"
              for o in c.outputs if o.output_type == "error"]
    assert errors, "the untouched student version ran without any error"
    first_cell, first_error = errors[0]
    assert first_error.ename in ("NotImplementedError", "CheckFailure"), first_error
    stubs = [i for i, c in enumerate(nb.cells) if "raise NotImplementedError()" in c.source]
    assert first_cell >= stubs[0], "a cell before the first exercise failed"
    for i, cell in enumerate(nb.cells[:stubs[0]]):
        assert not [o for o in cell.get("outputs", []) if o.output_type == "error"], cell.source
    # a check that meets an unwritten function says so in words
    assert any("not written yet" in "\n".join(o.traceback) + o.evalue for _, o in errors)


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_student_version_fails_validation(course, name):
    """`nbgrader validate --invert`: every test cell of the untouched student version fails."""
    result = Validator(invert=True).validate(str(versions.release_path(course, name)))
    assert result == {}, f"test cells pass (or cells changed) in the untouched student version: {result}"


# ---- what a student sees -------------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_notebook_names_its_kernel_so_no_kernel_prompt_appears(name):
    nb = nbformat.read(notebooks.notebook_path(name), as_version=4)
    assert nb.metadata.kernelspec.name == "python3"
    assert nb.metadata.language_info.name == "python"


@pytest.mark.parametrize("name", NAMES)
def test_first_code_cell_imports_without_path_hacks(name):
    nb = nbformat.read(notebooks.notebook_path(name), as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert "import" in code[0].split("\n")[0] or code[0].lstrip().startswith(("import", "from", "#", "%"))
    everything = "\n".join(code)
    assert "sys.path" not in everything and "import *" not in everything and "os.chdir" not in everything


@pytest.mark.parametrize("name", NAMES)
def test_every_exercise_has_a_hint_that_does_not_give_the_answer(name):
    nb = nbformat.read(notebooks.notebook_path(name), as_version=4)
    for index, cell in enumerate(nb.cells):
        if not cell.metadata.get("nbgrader", {}).get("solution"):
            continue
        before = [c for c in nb.cells[:index] if c.cell_type == "markdown"][-3:]
        hints = [re.search(r"<details>\s*<summary>Hint.*?</details>", c.source, re.S) for c in before]
        hints = [h.group(0) for h in hints if h]
        assert hints, f"the exercise {cell.metadata['nbgrader']['grade_id']} has no collapsed hint above it"
        solution = cell.source.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
        lines = [l.strip() for l in solution.splitlines() if len(l.strip()) > 25]
        quoted = [l for l in lines if l in hints[-1]]
        assert not quoted, f"the hint of {cell.metadata['nbgrader']['grade_id']} quotes the solution: {quoted}"


@pytest.mark.parametrize("name", NAMES)
def test_plots_render_and_progress_bars_are_widgets(name):
    nb = nbformat.read(notebooks.notebook_path(name), as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        assert not re.search(r"\d+%\|", text), f"a progress bar printed as text:\n{cell.source}"
        if "print_cost=True" in cell.source and "tqdm" in "\n".join(c.source for c in nb.cells):
            kinds = {k for o in cell.outputs for k in o.get("data", {})}
            assert "application/vnd.jupyter.widget-view+json" in kinds, f"no progress widget:\n{cell.source}"
        if re.search(r"plt\.show\(\)|plot_\w+\(", cell.source):
            kinds = {k for o in cell.outputs for k in o.get("data", {})}
            assert "image/png" in kinds, f"a plot cell shows no picture:\n{cell.source}"


def test_the_package_metadata_builds_without_deprecated_tables():
    """setuptools stops building a `license = { text = ... }` table after 2027-02-18: the licence is an
    SPDX string, with the setuptools that reads it."""
    text = (notebooks.ROOT / "pyproject.toml").read_text()
    assert re.search(r'^license = "MIT"$', text, re.M), "the licence should be the SPDX string \"MIT\""
    assert int(re.search(r'^requires = \["setuptools>=(\d+)"\]$', text, re.M).group(1)) >= 77


def test_regenerating_an_unchanged_notebook_leaves_its_file_as_it_was(tmp_path, monkeypatch):
    """`make notebooks` executes every notebook; a progress bar's widget gets a new id and new timings
    at every run, which alone must not rewrite a file whose outputs are the same (a maintainer would
    find every notebook with a bar changed); a changed output is written."""
    monkeypatch.setattr(notebooks, "NOTEBOOKS", tmp_path)
    twin = tmp_path / "01_bars.py"
    source = ("# %%\nimport time\nfrom tqdm.auto import tqdm\nfor _ in tqdm(range(3)):\n    time.sleep(0.01)\n"
              "print('done', {n})\n")
    twin.write_text(source.format(n=1))
    path = notebooks.regenerate("01_bars")
    first = path.read_bytes()
    nb = nbformat.reads(first.decode(), as_version=4)
    views = [o.data["application/vnd.jupyter.widget-view+json"] for o in nb.cells[0].outputs
             if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert views and "widgets" in nb.metadata, "the bar is not a widget: this test would prove nothing"
    assert notebooks.regenerate("01_bars") is None
    assert path.read_bytes() == first
    twin.write_text(source.format(n=2))
    assert notebooks.regenerate("01_bars") == path
    assert "done 2" in path.read_text()
