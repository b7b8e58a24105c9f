"""The demonstrations that autograding runs shortened (nbgrader sets NBGRADER_EXECUTION) stay short while
grading, and in the lab run they still run in full and print what the notebook shows: 01's network of
the scales, 04's toy training (each of its iterations calls the student's L_model_backward and
update_parameters across the sandbox's wire), 05's pictures, 06's regularised trainings and 07's
three optimisers (each step calls the student's functions across the wire)."""
import contextlib
import io

import nbformat
import pytest

from autograder.build import notebooks
from autograder.grade.definitions import as_python


def code_cells(name):
    nb = nbformat.read(notebooks.notebook_path(name), as_version=4)
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def run_until(name, marker, wrap=None, wrap_before=None):
    """Run the source notebook's code cells (its solutions) in order up to the first cell that holds
    ``marker``, that cell included; before that cell (or before the first that holds ``wrap_before``)
    ``wrap(namespace)`` may replace names. Returns (namespace, what that cell printed, what the
    notebook stores as its printed output)."""
    namespace = {"__name__": "__main__"}
    for cell in code_cells(name):
        last = marker in cell.source
        if wrap and (wrap_before or marker) in cell.source:
            wrap(namespace)
            wrap = None
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(as_python(cell.source), f"<{name}>", "exec"), namespace)
        if last:
            stored = "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream"
                             and o.get("name") == "stdout")
            return namespace, printed.getvalue(), stored
    raise AssertionError(f"{name}: no code cell holds {marker!r}")


@pytest.fixture(params=[True, False], ids=["grading", "lab"])
def grading(request, monkeypatch):
    """True: run as while autograding (NBGRADER_EXECUTION set, as nbgrader sets it); False: as in the lab."""
    if request.param:
        monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    else:
        monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    return request.param


def counting(namespace, names, calls):
    for key in names:
        function = namespace[key]

        def counted(*args, _function=function, _key=key, **kwargs):
            calls.append((_key, args, kwargs))
            return _function(*args, **kwargs)
        namespace[key] = counted


def test_04s_toy_training_runs_10_iterations_while_grading_and_1001_in_the_lab(grading):
    calls = []
    _, printed, stored = run_until("04_backward", "for iteration in range(toy_iterations)",
                                   lambda ns: counting(ns, ("L_model_backward", "update_parameters"), calls))
    iterations = 10 if grading else 1001
    assert [key for key, _, _ in calls] == ["L_model_backward", "update_parameters"] * iterations
    if grading:
        assert printed == stored.splitlines(keepends=True)[0]   # iteration 0 only
    else:
        assert printed == stored and printed.count("\n") == 6, printed


def test_01s_network_of_the_scales_is_50_wide_while_grading_and_500_in_the_lab(grading):
    calls = []
    namespace, printed, stored = run_until("01_init", "X_demo = ",
                                           lambda ns: counting(ns, ("initialize_parameters_deep",), calls))
    width, examples = (50, 100) if grading else (500, 1000)
    assert [args[0] for _, args, _ in calls] == [[width] * 11] * 3
    assert namespace["X_demo"].shape == (width, examples)
    assert printed.count("std of A[10]") == 3
    if not grading:
        assert printed == stored


def test_05_shows_4_pictures_while_grading_and_24_in_the_lab(grading):
    pictures, iterations = (4, 10) if grading else (24, 2500)
    namespace, _, _ = run_until("05_model", "PICTURES_SHOWN = ")
    assert (namespace["PICTURES_SHOWN"], namespace["DEMO_ITERATIONS"]) == (pictures, iterations)
    showing = [cell.source for cell in code_cells("05_model")
               if "show_examples(" in cell.source or "show_mislabelled(" in cell.source]
    assert len(showing) == 2 and all("count=PICTURES_SHOWN" in source for source in showing), showing


def lab_value(name, assignment):
    """The value the line ``assignment = ...`` of ``name``'s code cells gives, NBGRADER_EXECUTION as set now."""
    line = next(line for cell in code_cells(name) for line in cell.source.splitlines()
                if line.startswith(assignment + " = "))
    namespace = {}
    exec("import os\n" + line, namespace)
    return namespace[assignment]


def test_06s_four_trainings_run_10_iterations_while_grading_and_20000_in_the_lab(grading):
    assert lab_value("06_regularization", "num_iterations") == (10 if grading else 20000)
    if not grading:
        return                        # (20000 iterations four times: the stored outputs are their record)
    calls = []
    run_until("06_regularization", "parameters_same_masks, costs_same_masks = model(",
              lambda ns: counting(ns, ("model",), calls), wrap_before="num_iterations = ")
    assert [kwargs["num_iterations"] for _, _, kwargs in calls] == [10] * 4
    assert [sorted(kwargs.get("functions") or {}) for _, _, kwargs in calls] == [
        [], ["backward_propagation_with_regularization", "compute_cost_with_regularization"],
        ["backward_propagation_with_dropout", "forward_propagation_with_dropout"],
        ["backward_propagation_with_dropout", "forward_propagation_with_dropout"]]


def test_07s_three_optimisers_train_5_epochs_while_grading_and_2000_in_the_lab(grading):
    assert lab_value("07_optimization", "num_epochs") == (5 if grading else 2000)
    if not grading:
        return
    calls = []
    namespace, printed, _ = run_until("07_optimization", "trained[optimizer] = model(",
                                      lambda ns: counting(ns, ("update_parameters_with_gd",
                                                               "update_parameters_with_momentum",
                                                               "update_parameters_with_adam"), calls))
    steps = 5 * 5                     # 5 epochs of 300 examples in batches of 64
    assert [key for key, _, _ in calls] == (["update_parameters_with_gd"] * steps
                                            + ["update_parameters_with_momentum"] * steps
                                            + ["update_parameters_with_adam"] * steps)
    assert sorted(namespace["trained"]) == ["adam", "gd", "momentum"]
    assert printed.count("cost after epoch     0") == 3
