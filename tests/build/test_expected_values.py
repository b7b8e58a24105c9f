"""The documented outputs: the reference implementations reproduce every one from the seeded
fixtures, and ``testcases.expected`` holds exactly the documented table."""
import re
from pathlib import Path

import numpy as np
import pytest

import dnn_utils
from testcases import fixtures
from testcases.expected import EXPECTED

TABLE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "expected_outputs.md"


def close(actual, expected):
    actual, expected = np.asarray(actual), np.asarray(expected)
    assert actual.shape == expected.shape
    np.testing.assert_allclose(actual, expected, rtol=0, atol=5e-9)  # 8 decimals


def test_initialize_parameters():
    parameters = dnn_utils.initialize_parameters(2, 2, 1)
    for key, value in EXPECTED["initialize_parameters"].items():
        close(parameters[key], value)


@pytest.mark.parametrize("case", sorted(fixtures.INIT_DEEP_CASES))
def test_initialize_parameters_deep(case):
    parameters = dnn_utils.initialize_parameters_deep(**fixtures.INIT_DEEP_CASES[case])
    for key, value in EXPECTED["initialize_parameters_deep/" + case].items():
        close(parameters[key], value)


def test_forward():
    Z, cache = dnn_utils.linear_forward(*fixtures.linear_forward_case())
    close(Z, EXPECTED["linear_forward"]["Z"])
    for activation in ("sigmoid", "relu"):
        A, _ = dnn_utils.linear_activation_forward(*fixtures.linear_activation_forward_case(), activation)
        close(A, EXPECTED["linear_activation_forward"][activation])
    AL, caches = dnn_utils.L_model_forward(*fixtures.L_model_forward_case())
    close(AL, EXPECTED["L_model_forward"]["AL"])
    assert len(caches) == EXPECTED["L_model_forward"]["len_caches"]


def test_cost_to_the_last_digit():
    assert repr(dnn_utils.compute_cost(*fixtures.compute_cost_case())) == "0.41493159961539694"
    assert dnn_utils.compute_cost(*fixtures.compute_cost_case()) == EXPECTED["compute_cost"]["value"]


def test_backward():
    dA_prev, dW, db = dnn_utils.linear_backward(*fixtures.linear_backward_case())
    for key, value in zip(("dA_prev", "dW", "db"), (dA_prev, dW, db)):
        close(value, EXPECTED["linear_backward"][key])
    for activation in ("sigmoid", "relu"):
        result = dnn_utils.linear_activation_backward(*fixtures.linear_activation_backward_case(), activation)
        for key, value in zip(("dA_prev", "dW", "db"), result):
            close(value, EXPECTED["linear_activation_backward"][f"{activation}_{key}"])
    grads = dnn_utils.L_model_backward(*fixtures.L_model_backward_case())
    for key, value in EXPECTED["L_model_backward"].items():
        close(grads[key], value)


def test_update_parameters():
    new = dnn_utils.update_parameters(*fixtures.update_parameters_case())
    for key, value in EXPECTED["update_parameters"].items():
        close(new[key], value)


def parse_table(text):
    """{section: {name: ndarray or number}} from the value blocks of the documented table."""
    values = {}
    for section, body in re.findall(r"### (.+?)\n```\n(.*?)```", text.split("## The values")[1], re.S):
        entries, prefix = {}, ""
        for key, value in re.findall(r"^(?:(\w+) = )?(?:dA_prev = )?(.*?)(?=^\w+ = |\Z)", body, re.S | re.M):
            if not value.strip():
                continue
            key = key or "value"
            if key in ("sigmoid", "relu") and "dA_prev" in body:
                prefix, key = key + "_", "dA_prev"
            numbers = [float(x) for x in re.findall(r"-?\d+\.?\d*(?:e[-+]?\d+)?", value)]
            entries[prefix + key] = numbers
        values[section.strip()] = entries
    return values


SECTION_NAMES = {
    "initialize_parameters(2,2,1)": "initialize_parameters",
    "initialize_parameters_deep([5,4,3], seed=3, small)": "initialize_parameters_deep/small",
    "initialize_parameters_deep([5,4,3], seed=3, xavier)": "initialize_parameters_deep/xavier",
    "initialize_parameters_deep([3,2,1], seed=1, xavier)": "initialize_parameters_deep/xavier_321",
}


@pytest.mark.skipif(not TABLE.exists(), reason="the course's reference table (shared/reference) is not beside "
                                               "this checkout; the values themselves are tested above")
def test_expected_module_matches_the_documented_table():
    table = parse_table(TABLE.read_text())
    assert len(table) == len(EXPECTED)
    for section, entries in table.items():
        ours = EXPECTED[SECTION_NAMES.get(section, section)]
        assert sorted(ours) == sorted(entries), section
        for key, numbers in entries.items():
            np.testing.assert_array_equal(np.ravel(ours[key]).astype(float), numbers, err_msg=f"{section} {key}")
