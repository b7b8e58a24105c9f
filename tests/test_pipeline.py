"""The pipeline of every notebook: text twin, source, student version, solution version.

nbval itself (the solution versions executed against their stored outputs) runs from the Makefile's
test command on build/solution.
"""
import nbformat
import pytest
from nbclient import NotebookClient
from nbgrader.validator import Validator

from autograder import course as course_dir
from autograder import notebooks, versions

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
