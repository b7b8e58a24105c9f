"""The check engine (testcases.checks) on what real students' code does: it never crashes on a student's
object, never judges a single number by a ratio, names every mistake that fits, and speaks in the lab
(a check run before its function's cell, messages wrapped at spaces, no chained traceback)."""
import re

import numpy as np
import pytest

import dnn_utils
from testcases import checks, nb02, nb03, nb04, nb09
from testcases.checks import Check, CheckFailure, Exercises, Mistake, generic_advice, wrapped


# ---- single numbers and arrays -------------------------------------------------------------------------
def test_a_wrong_single_number_is_never_judged_by_a_ratio():
    advice = generic_advice(3.4e9 * 0.25, 0.25)
    assert "times the expected" not in advice
    assert "no mistake this check knows" in advice and "0.25" in advice


def test_a_single_number_with_the_opposite_sign_is_said_so():
    assert "opposite sign" in generic_advice(-0.5, 0.5)


def test_an_array_off_by_one_factor_is_still_named():
    assert "every entry is 2 times" in generic_advice(np.array([[2.0, 4.0]]), np.array([[1.0, 2.0]]))


def test_no_fitting_diagnosis_shows_where_the_values_first_differ():
    advice = generic_advice(np.array([[1.0, 2.0], [3.0, 5.0]]), np.array([[1.0, 2.0], [3.0, 4.0]]))
    assert "no mistake this check knows" in advice
    assert "first differ at index (1, 1) (expected 4, got 5)" in advice and "1 of 4 entries" in advice


@pytest.mark.parametrize("squeezed", [np.float64(0.5), np.array(0.5)])
def test_a_squeezed_column_is_told_about_squeeze_not_a_sum_over_every_axis(squeezed):
    advice = generic_advice(squeezed, np.array([[0.5]]))
    assert "squeeze" in advice and "keepdims=True" in advice and "sum over every axis" not in advice.split(")")[0]


def test_a_1d_column_is_told_about_squeeze_and_keepdims():
    advice = generic_advice(np.array([1.0, 2.0]), np.array([[1.0], [2.0]]))
    assert "np.squeeze" in advice and "keepdims=True" in advice


def test_two_mistakes_that_give_the_same_values_are_both_named():
    c = Check("f")
    with pytest.raises(CheckFailure) as failure:
        c.equal("x", np.array([2.0, 4.0]), np.array([1.0, 2.0]),
                [Mistake("first reason.", lambda: np.array([2.0, 4.0])),
                 Mistake("second reason.", lambda: np.array([2.0, 4.0])),
                 Mistake("a reason that does not fit.", lambda: np.array([0.0, 0.0]))])
    message = str(failure.value)
    assert "2 mistakes give exactly these values" in message
    assert "first reason." in message and "second reason." in message and "does not fit" not in message


def test_one_fitting_mistake_is_named_alone():
    c = Check("f")
    with pytest.raises(CheckFailure, match=r"Hint: second reason\.$"):
        c.equal("x", np.array([2.0, 4.0]), np.array([1.0, 2.0]),
                [Mistake("first reason.", lambda: np.array([0.0, 4.0])),
                 Mistake("second reason.", lambda: np.array([2.0, 4.0]))])


# ---- exceptions: whose signature ------------------------------------------------------------------------
def test_a_numpy_call_given_wrong_arguments_does_not_blame_the_students_signature():
    def linear_forward(A, W, b):
        return np.dot(W, A, b, 1), (A, W, b)
    with pytest.raises(CheckFailure) as failure:
        nb02.check_linear_forward(linear_forward)
    assert "keep its signature" not in str(failure.value)


def test_the_students_own_signature_is_blamed_when_it_is_called_wrongly():
    def linear_forward(A, W):
        return W @ A, (A, W)
    with pytest.raises(CheckFailure, match="keep its signature as given"):
        nb02.check_linear_forward(linear_forward)


# ---- objects the checks cannot judge ------------------------------------------------------------------
def test_caches_that_contain_themselves_give_a_message():
    def L_model_forward(X, parameters):
        AL, caches = dnn_utils.L_model_forward(X, parameters)
        caches.append(caches)
        return AL, caches
    with pytest.raises(CheckFailure, match="more caches than layers") as failure:
        nb02.check_L_model_forward(L_model_forward)
    assert "<itself>" in str(failure.value)


class Odd:
    """An object no check expects: comparing it, showing it or converting it raises."""

    def __eq__(self, other):
        raise RuntimeError("no comparison")

    def __repr__(self):
        raise RuntimeError("no repr")

    def __float__(self):
        raise RuntimeError("no float")

    __hash__ = object.__hash__


@pytest.mark.parametrize("returned", [Odd(), [Odd()], {1: 2, "a": 3}, 10 ** 400, "a text"],
                         ids=["odd object", "list of odd objects", "dict of mixed keys", "huge int", "str"])
def test_odd_return_values_give_a_message(returned):
    with pytest.raises(CheckFailure):
        nb03.check_compute_cost(lambda AL, Y: returned)
    with pytest.raises(CheckFailure):
        nb02.check_linear_forward(lambda A, W, b: (returned, (A, W, b)))


def test_an_exception_of_the_checks_themselves_becomes_a_failure_that_says_so():
    exercises = Exercises()

    @exercises.check("f", lambda x: x)
    def check_f(f):
        raise RecursionError("maximum recursion depth exceeded")
    with pytest.raises(CheckFailure, match="could not judge what it returned \\(RecursionError[\\s\\S]*contains itself"):
        check_f(lambda x: x)


def test_any_exception_judging_an_earlier_exercise_makes_it_wrong_for_the_root_cause_search():
    """An earlier exercise whose check crashes (not a CheckFailure) is a wrong earlier exercise."""
    exercises = Exercises()

    def first(x):
        return x

    @exercises.check("first", first)
    def check_first(fn):
        if fn is not first:
            raise KeyError("a check that crashes on the student's object")

    @exercises.check("second", lambda x: first(x) + 1)
    def check_second(fn):
        if fn(1) != 2:
            raise CheckFailure("second: wrong")

    namespace = {}
    exec("def first(x):\n    return x * 10\n\ndef second(x):\n    return first(x) + 1\n", namespace)
    with pytest.raises(CheckFailure, match="second is right when it runs on the course's first: your first is wrong"):
        check_second(namespace["second"])


# ---- the lab ------------------------------------------------------------------------------------------
class Shell:
    """What show_check_failures_briefly needs of IPython's shell: set_custom_exc and showtraceback."""

    def __init__(self):
        self.shown = []

    def set_custom_exc(self, types, handler):
        self.types, self.handler = types, handler

    def showtraceback(self, exc_tuple, tb_offset=None):
        self.shown.append(exc_tuple)

    def raise_in_cell(self, error):
        assert isinstance(error, self.types)
        self.handler(self, type(error), error, error.__traceback__)
        return self.shown[-1]


def test_a_check_run_before_its_functions_cell_says_to_run_that_cell():
    shell = Shell()
    checks.show_check_failures_briefly(shell)
    assert "linear_forward" in checks.GRADED and "compute_cost" in checks.GRADED
    try:
        nb02.check_linear_forward(linear_forward)  # noqa: F821  (the cell that defines it has not run)
    except NameError as error:
        etype, value, tb = shell.raise_in_cell(error)
    assert etype is NameError and tb is None
    assert "run the cell of its exercise" in str(value) and "Run All Above" in str(value)


def test_another_name_error_is_shown_as_usual():
    shell = Shell()
    checks.show_check_failures_briefly(shell)
    try:
        undefined_helper  # noqa: B018, F821
    except NameError as error:
        etype, value, tb = shell.raise_in_cell(error)
    assert value is not None and tb is not None and "run the cell" not in str(value)


def test_a_failure_is_shown_wrapped_at_spaces():
    shell = Shell()
    checks.show_check_failures_briefly(shell)
    words = " ".join(["linear_activation_forward"] * 12)
    _, value, tb = shell.raise_in_cell(CheckFailure(f"f: {words}"))
    lines = str(value).split("\n")
    assert tb is None and len(lines) > 1 and all(len(line) <= checks.WIDTH for line in lines)
    assert " ".join(lines) == f"f: {words}"   # every break is at a space: joined back, the same text


def test_wrapping_keeps_an_item_indented_and_never_breaks_a_word():
    text = "  - " + " ".join(["dA_prev"] * 30)
    lines = wrapped(text, 40).split("\n")
    assert all(line.startswith("    ") for line in lines[1:])
    assert all(word == "dA_prev" for line in lines for word in line.replace("-", "").split())


def test_not_written_yet_has_no_chained_traceback():
    def stub(A, W, b):
        raise NotImplementedError()
    with pytest.raises(CheckFailure, match="not written yet") as failure:
        nb02.check_linear_forward(stub)
    assert failure.value.__suppress_context__ and failure.value.__cause__ is None


def test_update_parameters_written_the_original_way_is_told_what_changed():
    def update_parameters(parameters, grads, learning_rate):
        for l in range(1, len(parameters) // 2 + 1):
            parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
            parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
        return parameters
    with pytest.raises(CheckFailure, match="original course's update_parameters[\\s\\S]*new dict"):
        nb04.check_update_parameters(update_parameters)


def test_a_students_own_failing_assert_is_quoted_with_its_line():
    """The check's hint quotes the assert that failed and says where it is: the student sees no
    traceback of their own function, in the feedback (which shows the check's message alone) nor in
    JupyterLab (where the check's failure is shown without the frames of the checks)."""
    def linear_backward(dZ, cache, need_dA_prev=True):
        A_prev, W, b = cache
        db = np.sum(dZ) / A_prev.shape[1]
        assert db.shape == b.shape
        return W.T @ dZ, dZ @ A_prev.T / A_prev.shape[1], db
    line = linear_backward.__code__.co_firstlineno + 3
    with pytest.raises(CheckFailure, match="raised AssertionError[\\s\\S]*Hint: an `assert` in your function failed") as failure:
        nb04.check_linear_backward(linear_backward)
    assert " ".join(str(failure.value).split()).endswith(
        f"It was raised by `assert db.shape == b.shape` (in linear_backward, line {line} of its cell).")
    # the verdict's hint (what the class report counts students by) names the kind of mistake alone
    assert failure.value.hint.startswith("an `assert` in your function failed") and "raised by" not in failure.value.hint


def test_the_line_that_raised_is_quoted_after_the_advice_for_its_kind():
    def helper(W, A):
        return np.dot(W.T, A)

    def linear_forward(A, W, b):
        Z = helper(W, A) + b
        return Z, (A, W, b)
    line = helper.__code__.co_firstlineno + 1      # the innermost line of the student's own code
    with pytest.raises(CheckFailure) as failure:
        nb02.check_linear_forward(linear_forward)
    hint = " ".join(str(failure.value).split("Hint: ")[1].split())
    assert hint.startswith("the shapes do not line up for a matrix product"), hint
    assert hint.endswith(f" It was raised by `return np.dot(W.T, A)` (in helper, line {line} of its cell)."), hint
    assert failure.value.hint.startswith("the shapes do not line up") and "raised by" not in failure.value.hint


def test_the_line_is_found_in_a_students_class_too():
    class Affine:
        def __init__(self, W, b):
            assert W.shape[0] == b.shape[0], "W and b disagree"
            self.W, self.b = W, b
    line = Affine.__init__.__code__.co_firstlineno + 1
    with pytest.raises(CheckFailure) as failure:
        nb09.check_affine(Affine)
    assert " ".join(str(failure.value).split()).endswith(
        f"It was raised by `assert W.shape[0] == b.shape[0], \"W and b disagree\"` (in __init__, line {line} of its cell).")


def test_the_line_is_found_in_a_jupyter_kernel():
    """In JupyterLab a cell's code has a file of its own in the kernel's folder, with its lines
    kept by IPython: the line quoted is the cell's, numbered as the cell shows it."""
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3")
    try:
        cell = ("import numpy as np\nfrom testcases.nb01 import check_initialize_parameters\n\n"
                "def initialize_parameters(n_x, n_h, n_y, seed=1):\n    rng = np.random.RandomState(seed)\n"
                "    W1 = rng.randn(n_h, n_x) * 0.01\n    assert W1.shape == (n_x, n_h)\n"
                "    return {'W1': W1, 'b1': np.zeros((n_h, 1)), 'W2': rng.randn(n_y, n_h) * 0.01, 'b2': np.zeros((n_y, 1))}\n")
        assert kc.execute_interactive(cell, timeout=60)["content"]["status"] == "ok"
        errors = []
        kc.execute_interactive("check_initialize_parameters(initialize_parameters)", timeout=60,
                               output_hook=lambda m: errors.append(m["content"]) if m["msg_type"] == "error" else None)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    assert [e["ename"] for e in errors] == ["CheckFailure"], errors
    message = " ".join(errors[0]["evalue"].split())
    assert message.endswith("It was raised by `assert W1.shape == (n_x, n_h)` (in initialize_parameters, line 7 of its cell).")
