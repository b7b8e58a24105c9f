"""No double penalty: when an exercise builds on an earlier one that is wrong, its check names the
earlier one as the root cause, and grading gives the later one its points.

Each case is a student's notebook: the solution, with one or two earlier exercises made wrong and the
later ones right (as written in the solution, or in a way a student may write them that calls the
earlier exercise). The checks are run as in the student's JupyterLab (the functions in one namespace)
and the notebooks are graded by the course's grader, sandbox and all.
"""
import ast
import csv
import io

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.build import notebooks, versions
from autograder.collect import lms
from autograder.grade import batch
from autograder.report import tables
from autograder.__main__ import main
from autograder.grade.definitions import as_python, definitions_only
from testcases import nb02, nb04, nb06, nb07, nb09
from testcases.checks import WIDTH, CheckFailure, wrapped

# ---- 02: a linear_forward that subtracts b; the solution's other two call it --------------------------
LINEAR_FORWARD_SUBTRACTS_B = '''def linear_forward(A, W, b):
    Z = np.dot(W, A) - b
    cache = (A, W, b)
    return Z, cache
'''

# ---- 04: an extra 1/m in dA_prev of linear_backward (the example) ------------------------------
LINEAR_BACKWARD_EXTRA_1_M = '''def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = 1 / m * np.dot(dZ, A_prev.T)
    db = 1 / m * np.sum(dZ, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ) / m
    return dA_prev, dW, db
'''

# ---- 06: dW3 without its 1/m; a dropout backward that reuses the regularised one for the output layer --
REGULARIZATION_DW3_WITHOUT_1_M = ("dW3 = 1 / m * np.dot(dZ3, A2.T)", "dW3 = np.dot(dZ3, A2.T)")   # in the solution
DROPOUT_BACKWARD_REUSING_THE_OUTPUT_LAYER = '''def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    m = X.shape[1]
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
    # the output layer is the same with or without dropout: reuse it
    output = backward_propagation_with_regularization(X, Y, (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3), 0)
    dZ3, dW3, db3 = output["dZ3"], output["dW3"], output["db3"]
    dA2 = np.dot(W3.T, dZ3) * D2 / keep_prob
    dZ2 = dA2 * (A2 > 0)
    dW2 = 1 / m * np.dot(dZ2, A1.T)
    db2 = 1 / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2) * D1 / keep_prob
    dZ1 = dA1 * (A1 > 0)
    dW1 = 1 / m * np.dot(dZ1, X.T)
    db1 = 1 / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
'''

# ---- 07: gd adds db, velocities shaped like the biases; momentum and Adam step through gd, Adam's
# initialisation through initialize_velocity ---------------------------------------------------------
GD_ADDS_DB = '''def update_parameters_with_gd(parameters, grads, learning_rate):
    L = len(parameters) // 2
    new = {}
    for l in range(1, L + 1):
        new["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        new["b" + str(l)] = parameters["b" + str(l)] + learning_rate * grads["db" + str(l)]
    return new
'''
VELOCITY_OF_ONES = '''def initialize_velocity(parameters):
    L = len(parameters) // 2
    v = {}
    for l in range(1, L + 1):
        v["dW" + str(l)] = np.ones(parameters["W" + str(l)].shape)
        v["db" + str(l)] = np.ones(parameters["b" + str(l)].shape)
    return v
'''
MOMENTUM_THROUGH_GD = '''def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    L = len(parameters) // 2
    new_v = {}
    for l in range(1, L + 1):
        for name in ("dW" + str(l), "db" + str(l)):
            new_v[name] = beta * v[name] + (1 - beta) * grads[name]
    return update_parameters_with_gd(parameters, new_v, learning_rate), new_v
'''
ADAM_INITIALISED_BY_VELOCITY = '''def initialize_adam(parameters):
    return initialize_velocity(parameters), initialize_velocity(parameters)
'''
ADAM_THROUGH_GD = '''def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999,
                                epsilon=1e-8):
    new_v, new_s, step = {}, {}, {}
    for name in grads:
        if name[1] not in "Wb":
            continue
        new_v[name] = beta1 * v[name] + (1 - beta1) * grads[name]
        new_s[name] = beta2 * s[name] + (1 - beta2) * grads[name] ** 2
        step[name] = (new_v[name] / (1 - beta1 ** t)) / (np.sqrt(new_s[name] / (1 - beta2 ** t)) + epsilon)
    return update_parameters_with_gd(parameters, step, learning_rate), new_v, new_s
'''

# ---- 09: a softmax over the whole batch, an Affine whose db keeps the batch axis; the solution's
# SoftmaxWithLoss and TwoLayerNet use them --------------------------------------------------------------
SOFTMAX_OVER_THE_BATCH = '''def softmax(a):
    a = np.asarray(a, dtype=float)
    e = np.exp(a - np.max(a))
    return e / np.sum(e)
'''
AFFINE_DB_PER_EXAMPLE = ("self.db = np.sum(dout, axis=0)", "self.db = np.sum(dout, axis=0) / dout.shape[0]")


def own(part):
    """The check fails on the function's own mistake; its message holds ``part``."""
    return ("own", part)


# a wrong linear_backward on purpose, and an L_model_backward that, once it finds the course's
# linear_backward in its namespace (the check's second run), asks for the course's L_model_backward
CHEATS_ON_THE_RERUN = {"linear_backward": LINEAR_BACKWARD_EXTRA_1_M, "L_model_backward": '''def L_model_backward(AL, Y, caches):
    import dnn_utils, dnn_utils.backward
    if getattr(linear_backward, "__module__", None) != "__main__":
        return dnn_utils.backward.L_model_backward(AL, Y, caches)
    return {}
'''}


def root_cause(later, *wrong):
    names = wrong[0] if len(wrong) == 1 else " and ".join(wrong)
    return ("root", f"{later} is right when it runs on the course's {names}: your {names} "
                    f"{'is' if len(wrong) == 1 else 'are'} wrong (see {'its check' if len(wrong) == 1 else 'their checks'} "
                    f"above); fix {'that' if len(wrong) == 1 else 'those'} first.")


#: notebook -> (its checks, the answers that differ from the solution,
#:              {exercise: None where its checks pass, own(part of the message) or root_cause(...)})
CASES = {
    "02_forward": (nb02, {"linear_forward": LINEAR_FORWARD_SUBTRACTS_B}, {
        "linear_forward": own("Hint: b is subtracted"),
        "linear_activation_forward": root_cause("linear_activation_forward", "linear_forward"),
        "L_model_forward": root_cause("L_model_forward", "linear_forward"),
    }),
    "04_backward": (nb04, {"linear_backward": LINEAR_BACKWARD_EXTRA_1_M}, {
        "linear_backward": own("Hint: dA_prev has a 1/m it must not have"),
        "linear_activation_backward": root_cause("linear_activation_backward", "linear_backward"),
        "L_model_backward": root_cause("L_model_backward", "linear_backward"),
        "update_parameters": None,
    }),
    "06_regularization": (nb06, {"backward_propagation_with_regularization": REGULARIZATION_DW3_WITHOUT_1_M,
                                 "backward_propagation_with_dropout": DROPOUT_BACKWARD_REUSING_THE_OUTPUT_LAYER}, {
        "compute_cost_with_regularization": None,
        "backward_propagation_with_regularization": own("backward_propagation_with_regularization: dW3"),
        "forward_propagation_with_dropout": None,
        "backward_propagation_with_dropout": root_cause("backward_propagation_with_dropout",
                                                        "backward_propagation_with_regularization"),
    }),
    "07_optimization": (nb07, {"update_parameters_with_gd": GD_ADDS_DB, "initialize_velocity": VELOCITY_OF_ONES,
                               "update_parameters_with_momentum": MOMENTUM_THROUGH_GD,
                               "initialize_adam": ADAM_INITIALISED_BY_VELOCITY,
                               "update_parameters_with_adam": ADAM_THROUGH_GD}, {
        "update_parameters_with_gd": own("update_parameters_with_gd: b1"),
        "random_mini_batches": None,
        "initialize_velocity": own("initialize_velocity: "),
        # both earlier ones are wrong; only the one it calls is named
        "update_parameters_with_momentum": root_cause("update_parameters_with_momentum", "update_parameters_with_gd"),
        "initialize_adam": root_cause("initialize_adam", "initialize_velocity"),
        "update_parameters_with_adam": root_cause("update_parameters_with_adam", "update_parameters_with_gd"),
    }),
    "09_layers_softmax": (nb09, {"softmax": SOFTMAX_OVER_THE_BATCH, "Affine": AFFINE_DB_PER_EXAMPLE}, {
        "softmax": own("softmax: "),
        "cross_entropy_error": None,
        "MulLayer": None,
        "Affine": own("Affine: "),
        "SoftmaxWithLoss": root_cause("SoftmaxWithLoss", "softmax"),
        "TwoLayerNet": root_cause("TwoLayerNet", "softmax", "Affine"),
    }),
}

#: exercise -> the name of its check functions, where they differ
CHECK_NAMES = {"MulLayer": "mul_layer", "Affine": "affine", "SoftmaxWithLoss": "softmax_with_loss",
               "TwoLayerNet": "two_layer_net"}


def submission(name, answers):
    """The solution notebook with ``answers`` in place of its solution cells: an answer is its source,
    or (old, new): the solution's source with ``old`` replaced by ``new``."""
    nb = versions.solution_version(nbformat.read(notebooks.notebook_path(name), as_version=4))
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            answer = answers[grade_id]
            if isinstance(answer, tuple):
                old, new = answer
                assert cell.source.count(old) == 1, (grade_id, old)
                answer = cell.source.replace(old, new)
            cell.source = answer
    return nb


def lab_namespace(nb):
    """What the student's kernel holds once every cell ran: here, every cell's definitions."""
    namespace = {"__name__": "__main__"}
    for cell in nb.cells:
        if cell.cell_type == "code" and not cell.metadata.get("nbgrader", {}).get("grade"):
            code, _ = definitions_only(as_python(cell.source))
            for statement in ast.parse(code).body:   # an alias of a demo's value finds nothing: left out
                try:
                    exec(compile(ast.Module([statement], []), "<cell>", "exec"), namespace)
                except NameError:
                    pass
    return namespace


def run_checks(module, fn, exercise):
    """The visible check, then the hidden one; their message, or None when both pass."""
    suffix = CHECK_NAMES.get(exercise, exercise)
    try:
        getattr(module, "check_" + suffix)(fn)
        getattr(module, "hidden_check_" + suffix)(fn)
    except CheckFailure as failure:
        return str(failure)
    return None


@pytest.mark.parametrize("name", sorted(CASES))
def test_in_the_students_notebook_the_check_names_the_root_cause(name, capsys):
    module, answers, expected = CASES[name]
    namespace = lab_namespace(submission(name, answers))
    for exercise, outcome in expected.items():
        got = run_checks(module, namespace[exercise], exercise)
        if outcome is None:
            assert got is None, (exercise, got)
        elif outcome[0] == "own":
            assert outcome[1] in got and "right when it runs on the course's" not in got, (exercise, got)
        else:
            assert got == outcome[1], (exercise, got)   # the root cause alone: no advice on its own formulas


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_solution_passes_every_check_and_prints_no_root_cause(name, capsys):
    module, _, expected = CASES[name]
    namespace = lab_namespace(submission(name, {}))
    for exercise in expected:
        assert run_checks(module, namespace[exercise], exercise) is None, exercise
    assert "course's" not in capsys.readouterr().out


def test_a_later_function_wrong_on_its_own_gets_its_own_advice_after_a_word_on_the_earlier_one():
    namespace = lab_namespace(submission("04_backward", {"linear_backward": LINEAR_BACKWARD_EXTRA_1_M}))
    exec("def L_model_backward(AL, Y, caches):\n"
         "    grads = {}\n"
         "    L = len(caches)\n"
         "    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))\n"
         "    grads['dA' + str(L - 1)], grads['dW' + str(L)], grads['db' + str(L)] = "
         "linear_activation_backward(dAL, caches[L - 1], 'sigmoid')\n"
         "    for l in reversed(range(1, L)):\n"
         "        grads['dA' + str(l - 1)], grads['dW' + str(l)], grads['db' + str(l)] = "
         "linear_activation_backward(grads['dA' + str(l)], caches[l - 1], 'sigmoid')\n"   # its own mistake
         "    return grads\n", namespace)
    message = run_checks(nb04, namespace["L_model_backward"], "L_model_backward")
    assert message.startswith("(This check ran L_model_backward on the course's linear_backward, since your "
                              "linear_backward is wrong (see its check above); what follows is L_model_backward's "
                              "own mistake.)\nL_model_backward: "), message
    assert "relu" in message and "1/m" not in message, message


def test_an_unwritten_earlier_exercise_is_named_as_such():
    namespace = lab_namespace(submission("02_forward", {
        "linear_forward": "def linear_forward(A, W, b):\n    raise NotImplementedError()\n"}))
    message = run_checks(nb02, namespace["L_model_forward"], "L_model_forward")
    assert message == ("L_model_forward is right when it runs on the course's linear_forward: your linear_forward "
                       "is not written yet; fix that first.")


def test_an_earlier_exercise_wrong_only_on_the_hidden_cases_is_named_as_such():
    # sums over the first two examples only: right on every visible case (m = 2 or 1), wrong on m of 3 to 5
    namespace = lab_namespace(submission("04_backward", {
        "linear_backward": LINEAR_BACKWARD_EXTRA_1_M.replace(" / m\n", "\n").replace(
            "np.dot(dZ, A_prev.T)", "np.dot(dZ[:, :2], A_prev[:, :2].T)").replace(
            "np.sum(dZ, axis=1", "np.sum(dZ[:, :2], axis=1")}))
    assert run_checks(nb04, namespace["linear_backward"], "linear_backward").startswith(
        "linear_backward on a random layer")
    message = run_checks(nb04, namespace["L_model_backward"], "L_model_backward")
    assert message == ("L_model_backward is right when it runs on the course's linear_backward: your linear_backward "
                       "is wrong on other inputs than its check above, which passes (try it on more cases); fix that "
                       "first.")


@pytest.mark.slow
@pytest.mark.parametrize("name, later", [("04_backward", "L_model_backward"), ("09_layers_softmax", "TwoLayerNet")])
def test_in_jupyter_the_students_notebook_shows_the_root_cause_in_the_later_test_cell(course, name, later):
    """The student's version as JupyterLab runs it (one kernel, no hidden tests), answered with the
    solution except for the wrong earlier exercises."""
    path = versions.release_path(course, name)
    nb = nbformat.read(path, as_version=4)
    answers = {c.metadata["nbgrader"]["grade_id"]: c.source for c in submission(name, CASES[name][1]).cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = answers[cell.metadata["nbgrader"]["grade_id"]]
    NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    test_cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == f"test_{later}")
    errors = [o for o in test_cell.outputs if o.output_type == "error"]
    assert len(errors) == 1 and errors[0].ename == "CheckFailure", test_cell.outputs
    assert errors[0].evalue == wrapped(CASES[name][2][later][1])   # wrapped at spaces for the lab
    assert all(len(line) <= WIDTH for line in errors[0].evalue.split("\n"))
    assert "Hint" not in "".join(errors[0].traceback)   # the message alone, no advice on its own formulas


# ---- grading: the points are lost once ----------------------------------------------------------------

@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Each notebook of CASES handed in by "builds_on_wrong" (the cases) and "solution"."""
    tmp = tmp_path_factory.mktemp("root_causes")
    root = tmp / "course"
    names = sorted(CASES)
    versions.write_student_versions(names, root=root)
    inbox = tmp / "inbox"
    for name in names:
        for student, answers in (("builds_on_wrong", CASES[name][1]), ("solution", {})) + (
                (("cheats_on_the_rerun", CHEATS_ON_THE_RERUN),) if name == "04_backward" else ()):
            folder = inbox / student
            folder.mkdir(parents=True, exist_ok=True)
            nbformat.write(submission(name, answers), folder / f"{name}.ipynb")
    lms.collect(inbox, root, names)
    results = batch.autograde(root, names, workers=2, timeout=60, progress=None)
    assert all(state["status"] == "graded" for state in results.values()), results
    return root, names


@pytest.mark.slow
def test_the_course_reference_stays_withheld_while_a_check_looks_for_the_root_cause(graded):
    root, _ = graded
    rows = {r["exercise"]: r for r in tables.exercise_rows(root, ["04_backward"]) if r["student"] == "cheats_on_the_rerun"}
    assert rows["test_linear_backward"]["score"] == 0
    assert rows["test_L_model_backward"]["score"] == 0, rows["test_L_model_backward"]
    assert rows["test_L_model_backward"]["status"].startswith("failed: "), rows["test_L_model_backward"]


@pytest.mark.slow
def test_grading_gives_the_later_exercise_its_points_and_takes_the_earlier_ones_once(graded):
    root, names = graded
    rows = {(r["student"], r["notebook"], r["exercise"]): r for r in tables.exercise_rows(root, names)}
    for name, (_, _, expected) in CASES.items():
        for exercise, outcome in expected.items():
            row = rows[("builds_on_wrong", name, "test_" + exercise)]
            solution = rows[("solution", name, "test_" + exercise)]
            assert solution["status"] == "passed" and solution["score"] == solution["max_score"], solution
            if outcome is None:
                assert row["status"] == "passed" and row["score"] == row["max_score"], row
            elif outcome[0] == "root":
                earlier = outcome[1].split("course's ")[1].split(":")[0]
                assert row["score"] == row["max_score"], row
                assert row["status"] == f"passed, on the course's {earlier}", row
                assert row["mistake"] == "", row
            else:
                assert row["score"] == 0 and row["status"].startswith("failed: "), row


@pytest.mark.slow
def test_the_feedback_says_why_the_later_exercise_kept_its_points(graded):
    root, _ = graded
    assert main(["feedback", "04_backward", "--course", str(root)]) == 0
    html = (root / "feedback" / "builds_on_wrong" / "04_backward" / "04_backward.html").read_text()
    assert "L_model_backward is right when it runs on the course&#39;s linear_backward" in html or \
        "L_model_backward is right when it runs on the course's linear_backward" in html
    assert "L_model_backward keeps its points" in html
    assert "dA_prev has a 1/m it must not have" in html          # the root cause's own advice, once


@pytest.mark.slow
def test_the_class_report_counts_the_root_cause_once(graded):
    root, names = graded
    markdown = tables.class_report(tables.exercise_rows(root, names), root / "reports")
    exercises, mistakes = markdown.split("## The most frequent mistakes")
    lines = {line.split(" | ")[1]: line for line in exercises.splitlines() if line.startswith("| 04_backward |")}
    # passed, passed on an earlier exercise, wrong, not attempted, timeout, not graded, not submitted, pass rate
    assert lines["test_linear_backward"].endswith("| 1 | 0 | 2 | 0 | 0 | 0 | 0 | 33% |"), lines
    assert any(line.startswith("| 04_backward | test_linear_backward | dA_prev has a 1/m") and " | 2 | " in line
               for line in mistakes.splitlines()), mistakes
    # the one that builds on it passed on the course's linear_backward: counted as such, not as a mistake
    assert lines["test_L_model_backward"].endswith("| 1 | 1 | 1 | 0 | 0 | 0 | 0 | 67% |"), lines
    later = [line for line in mistakes.splitlines() if line.startswith("| 04_backward | test_L_model_backward |")]
    assert not any("1/m" in line or "passed" in line for line in later), later
    out = io.StringIO()
    tables.write_csv(tables.exercise_rows(root, names), out)
    table = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert sum(1 for r in table if r["student"] == "builds_on_wrong" and r["status"].startswith("failed")) == 7


# ---- the lab: a check run out of order, a stub, long messages ------------------------------------------

@pytest.mark.slow
def test_in_jupyter_a_check_run_before_its_function_says_to_run_its_cell(tmp_path):
    """A check cell run before the exercise's cell (or after a restart) names what to do; a stub's check
    says "not written yet" without the NotImplementedError's traceback above it; every line of a message
    fits the width it is wrapped to, broken at spaces."""
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from testcases.nb02 import check_L_model_forward, check_linear_forward"),
        nbformat.v4.new_code_cell("check_linear_forward(linear_forward)"),
        nbformat.v4.new_code_cell("def linear_forward(A, W, b):\n    raise NotImplementedError()"),
        nbformat.v4.new_code_cell("check_linear_forward(linear_forward)"),
        nbformat.v4.new_code_cell("def L_model_forward(X, parameters):\n    return linear_activation_forward(X)"),
        nbformat.v4.new_code_cell("check_L_model_forward(L_model_forward)"),
    ])
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    (before,), (stub,), (inside,) = ([o for o in nb.cells[i].outputs if o.output_type == "error"] for i in (1, 3, 5))
    assert before.ename == "NameError"
    assert "linear_forward is not defined yet: run the cell of its exercise" in " ".join(before.evalue.split())
    assert "Run All Above" in before.evalue
    assert stub.ename == "CheckFailure" and "not written yet" in stub.evalue
    shown = "\n".join(stub.traceback)
    assert "During handling" not in shown and "The above exception" not in shown
    assert shown.count("NotImplementedError") == stub.evalue.count("NotImplementedError")  # only in the advice
    # a graded function used inside another before its cell ran: the check says to run that cell
    assert inside.ename == "CheckFailure" and "linear_activation_forward is not defined yet" in " ".join(inside.evalue.split())
    for error in (before, stub, inside):
        assert all(len(line) <= WIDTH for line in error.evalue.split("\n")), error.evalue
