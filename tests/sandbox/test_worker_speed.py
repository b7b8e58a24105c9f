"""The submission's process does only the work a submission needs: the instructor's
``import matplotlib.pyplot as plt`` binds a module loaded at its first use (in the submission's own
process), and a student's code that plots still plots, in the worker and in a graded notebook."""
import subprocess
import sys

import nbformat
import pytest

from autograder.build import versions
from autograder.collect import lms
from autograder.grade import batch
from autograder.sandbox import bubblewrap
from autograder.report import tables
from helpers import inbox_of, solution_of, with_answer

#: what a student's cell can ask about the modules of its own process
PROBE = '''
import sys
def loaded(prefix):
    return sorted(name for name in sys.modules if name == prefix or name.startswith(prefix + "."))
def plots(path):
    fig = plt.figure(figsize=(2, 2))
    plt.plot([0, 1], [1, 0])
    fig.savefig(path)
    plt.close(fig)
    import os
    return os.path.getsize(path) > 0 and plt.get_fignums() == []
def plots_the_other_ways():
    import matplotlib
    from matplotlib import pyplot
    import matplotlib.pyplot as again
    return pyplot is plt and again is plt and matplotlib.pyplot is plt
'''


@pytest.fixture
def box():
    namespace = {}
    box = bubblewrap.Sandbox(namespace, "06_regularization")
    yield box, namespace
    box.kill("the test is done")


def test_the_instructors_pyplot_is_loaded_when_the_students_code_first_uses_it(box, capfd):
    box, ns = box
    box._pending.append("import numpy as np\nimport matplotlib.pyplot as plt\nfrom dnn_utils.plotting import plot_costs\n")
    box.run_cell(PROBE)
    assert ns["loaded"]("matplotlib") == ["matplotlib.pyplot"]     # bound, not loaded: not even its package
    assert ns["plots"]("/tmp/figure.png") is True
    assert "matplotlib.figure" in ns["loaded"]("matplotlib")
    assert ns["plots_the_other_ways"]() is True
    out, _ = capfd.readouterr()
    assert "Traceback" not in out, out


def test_a_module_loaded_at_first_use_comes_from_the_processs_own_import():
    """Nothing is shared: the module is found, loaded and bound by the process that uses it, and a
    module that does not exist is refused as an import would refuse it."""
    code = ("from autograder.sandbox import worker\nimport sys\n"
            "plt = worker.loaded_at_first_use('matplotlib.pyplot')\n"
            "assert 'matplotlib' not in sys.modules and type(plt).__name__ == '_LazyModule'\n"
            "plt.figure()\n"
            "import matplotlib\n"
            "assert matplotlib.pyplot is plt and sys.modules['matplotlib.pyplot'] is plt and plt.get_fignums() == [1]\n"
            "assert worker.loaded_at_first_use('matplotlib.pyplot') is plt\n"
            "try:\n    worker.loaded_at_first_use('matplotlib.no_such_module')\n"
            "except ModuleNotFoundError as error:\n    print('refused', error.name)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={**bubblewrap.LAUNCH_ENVIRONMENT, "MPLBACKEND": "Agg", "PYTHONPATH": str(bubblewrap.GRADER.parent)})
    assert result.returncode == 0 and result.stdout.strip() == "refused matplotlib.no_such_module", result.stderr


def test_a_student_function_that_plots_is_graded_as_one_that_does_not(tmp_path):
    """06's compute_cost_with_regularization drawing a figure with the instructor's ``plt`` before it
    returns: graded, it gets the points of the solution, and nothing in its outputs says otherwise."""
    name = "06_regularization"
    good = solution_of(name)
    answer = next(c.source for c in good.cells
                  if c.metadata.get("nbgrader", {}).get("grade_id") == "compute_cost_with_regularization")
    body = answer.split('"""')
    assert len(body) >= 3, "the answer's docstring is where the drawing goes"
    drawing = ('\n    _figure = plt.figure(figsize=(2, 2))\n    plt.plot([0, 1], [1, 0])\n'
               '    _figure.savefig("/tmp/plotted.png")\n    plt.close(_figure)\n    print("a figure was drawn")\n')
    plotting = '"""'.join(body[:2]) + '"""' + drawing + '"""'.join(body[2:])
    root = tmp_path / "course"
    versions.write_student_versions([name], root=root)
    files = {"plots": nbformat.writes(with_answer(good, "compute_cost_with_regularization", plotting)).encode(),
             "solution": nbformat.writes(good).encode()}
    lms.collect(inbox_of(tmp_path, name, files), root, [name])
    results = batch.autograde(root, [name], workers=1, progress=None)
    assert all(state["status"] == "graded" for state in results.values()), results
    rows = {(r["student"], r["exercise"]): r for r in tables.exercise_rows(root, [name])}
    exercises = sorted({exercise for _, exercise in rows})
    assert exercises and all(rows[("plots", e)]["score"] == rows[("solution", e)]["score"] for e in exercises)
    assert rows[("plots", "test_compute_cost_with_regularization")]["score"] not in ("", "0", "0.0")
    graded = nbformat.read(root / "autograded" / "plots" / name / f"{name}.ipynb", as_version=4)
    text = "\n".join(str(o.get("text", "")) + str(o.get("evalue", "")) for c in graded.cells if c.cell_type == "code"
                     for o in c.get("outputs", []))
    assert "a figure was drawn" in text and "Traceback" not in text, text[:2000]
