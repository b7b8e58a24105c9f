"""The checks of 03_cost: a correct compute_cost passes; every catalogued mistake is named."""
import re

import numpy as np
import pytest

import dnn_utils
from testcases import nb03

EPS = 1e-15


def cross_entropy(clip=(EPS, 1 - EPS), scale=None, sign=-1.0, terms="both", log=np.log, m_of=None):
    """A compute_cost with one thing (possibly) changed."""
    def compute_cost(AL, Y):
        m = Y.shape[1] if m_of is None else m_of(AL, Y)
        if clip is not None:
            AL = np.clip(AL, *clip)
        pos, neg = Y * log(AL), (1 - Y) * log(1 - AL)
        total = {"both": pos + neg, "y=1": pos, "swapped": Y * log(1 - AL) + (1 - Y) * log(AL)}[terms]
        cost = sign * (1.0 / m if scale is None else scale(m)) * np.sum(total)
        return float(cost)
    return compute_cost


def student_style(AL, Y):
    """How the notebook's solution is written: clip, two dot products, then a float."""
    m = Y.shape[1]
    eps = 1e-15
    AL = np.clip(AL, eps, 1 - eps)
    cost = -(1.0 / m) * (np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T))
    return float(np.squeeze(cost))


def test_reference_passes(capsys):
    nb03.check_compute_cost(dnn_utils.compute_cost)
    nb03.hidden_check_compute_cost(dnn_utils.compute_cost)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1, "one success line from the visible check, none from the hidden one"
    assert re.fullmatch(r"compute_cost: all \d+ checks passed\.", lines[0])


def test_a_student_style_solution_passes(capsys):
    nb03.check_compute_cost(student_style)
    nb03.hidden_check_compute_cost(student_style)
    assert "passed" in capsys.readouterr().out


def test_documented_value_to_the_digit():
    AL, Y = np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 1]])
    assert repr(dnn_utils.compute_cost(AL, Y)) == "0.41493159961539694"
    assert repr(student_style(AL, Y)) == "0.41493159961539694"


def as_dot_product(AL, Y):
    """The cost as a (1, 1) array (np.dot of two rows), never turned into a number."""
    m = Y.shape[1]
    AL = np.clip(AL, EPS, 1 - EPS)
    return -(1.0 / m) * (np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T))


MISTAKES = {
    "missing 1/m": (cross_entropy(scale=lambda m: 1.0), "not averaged: multiply by 1/m"),
    "m from the wrong axis": (cross_entropy(m_of=lambda AL, Y: Y.shape[0]), "m = Y.shape\\[1\\]"),
    "wrong sign": (cross_entropy(sign=1.0), "wrong sign: .* minus sign"),
    "only the y=1 term": (cross_entropy(terms="y=1"), "add \\(1 - Y\\) \\* log\\(1 - AL\\)"),
    "terms swapped": (cross_entropy(terms="swapped"), "paired with the wrong probabilities"),
    "log10": (cross_entropy(log=np.log10), "natural log"),
    "averaged twice": (cross_entropy(scale=lambda m: 1.0 / m ** 2), "divided by m twice"),
    "a (1, 1) array": (as_dot_product, "shape \\(1, 1\\), not a Python float[\\s\\S]*float\\(np.squeeze\\(cost\\)\\)"),
    "one cost per example": (lambda AL, Y: -np.log(np.clip(AL, EPS, 1 - EPS)) * Y, "not a single number"),
    "no clipping": (cross_entropy(clip=None), "exact 0s[\\s\\S]*np.clip\\(AL, eps, 1 - eps\\)"),
    "clipped at 0 only": (cross_entropy(clip=(EPS, None)), "exact 1s[\\s\\S]*log\\(1 - AL\\) is -inf"),
    "eps too large": (cross_entropy(clip=(1e-3, 1 - 1e-3)), "tiny eps"),
    "returns None": (lambda AL, Y: None, "returns None"),
}


def test_the_original_courses_squeezed_cost_passes(capsys):
    """The original course returned np.squeeze(cost), a 0-d array: as good as a float, so accepted."""
    def squeezed(AL, Y):
        return np.squeeze(as_dot_product(AL, Y))
    nb03.check_compute_cost(squeezed)
    nb03.hidden_check_compute_cost(squeezed)
    assert "passed" in capsys.readouterr().out


@pytest.mark.parametrize("name", MISTAKES)
def test_mistakes_are_named(name):
    wrong, advice = MISTAKES[name]
    with pytest.raises(AssertionError, match=advice):
        nb03.check_compute_cost(wrong)


def test_no_clipping_warns_nothing_to_stderr(capsys):
    """The check records numpy's warnings instead of letting them through (pytest turns a
    RuntimeWarning into an error, so an escaped one would fail this test differently)."""
    with pytest.raises(AssertionError, match="divide by zero encountered in log"):
        nb03.check_compute_cost(cross_entropy(clip=None))
    assert capsys.readouterr().err == ""


def test_dropping_the_infinite_terms_is_named():
    def compute_cost(AL, Y):
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = Y * np.log(AL) + (1 - Y) * np.log(1 - AL)
        return float(-np.sum(np.where(np.isfinite(terms), terms, 0.0)) / Y.shape[1])
    with pytest.raises(AssertionError, match="certain mistake must cost a lot"):
        nb03.check_compute_cost(compute_cost)


def test_mutated_AL_is_named():
    def compute_cost(AL, Y):
        np.clip(AL, EPS, 1 - EPS, out=AL)
        return dnn_utils.compute_cost(AL, Y)
    with pytest.raises(AssertionError, match="changed its input `AL` in place"):
        nb03.check_compute_cost(compute_cost)


def test_unwritten_function_says_so():
    def compute_cost(AL, Y):
        raise NotImplementedError()
    with pytest.raises(AssertionError, match="not written yet"):
        nb03.check_compute_cost(compute_cost)


def test_hidden_check_catches_what_the_documented_case_cannot():
    """Y = [[1, 1, 1]] cannot tell the y=1 term alone from the whole cost; random labels can."""
    with pytest.raises(AssertionError, match="add \\(1 - Y\\)"):
        nb03.hidden_check_compute_cost(cross_entropy(terms="y=1"))


def test_failure_shows_expected_and_actual():
    with pytest.raises(AssertionError) as info:
        nb03.check_compute_cost(cross_entropy(scale=lambda m: 1.0))
    message = str(info.value)
    assert "expected: float 0.41493159961539694" in message
    assert "got:      float 1.24479" in message
