"""No surprise at grading (README, contributor guide): every kind of case a hidden check runs is shown by
the visible check of that exercise, for every exercise that is a function (01 to 09).

The test gives each check the course's reference wrapped in a recorder, and reads the *kind* of every
call from its arguments: an array by which of its axes have one entry and which several (one unit or
several, one example or several), a network's parameters, gradients, caches or layer sizes by their depth
(1, 2, 3 or more layers) and number of output units, a string by its value (the activation), and so on.
Every kind a hidden check calls the function with must also be among the kinds of the visible check's
calls. Seeds, learning rates and the other hyperparameters are values, not kinds: the hidden checks vary
them freely, as they vary the sizes of what the visible cases show.

Left out, as a recorder cannot stand for them: the classes of 09 (their checks build objects and call
their methods; their visible checks were read case by case against the hidden ones), 08's
`gradient_check_n` (no reference: it is checked on the course's helpers' own gradients) and 08's
`gradient_check`, whose check runs the function with a broken `backward_propagation` put in its
namespace, which a recorder's namespace does not hold.
"""
import functools
import importlib
import inspect
import io
from contextlib import redirect_stdout

import numpy as np
import pytest

#: arguments whose values the hidden checks vary freely (they are not a kind of case)
FREE = {"seed", "learning_rate", "num_iterations", "print_cost", "keep_prob", "lambd", "beta", "beta1", "beta2",
        "epsilon", "t", "mini_batch_size"}
#: exercises no recorder can stand for (see the module's docstring)
UNRECORDABLE = {"gradient_check"}


def _count(n):
    return "one" if n == 1 else "several"


def _depth(L):
    return {1: "1 layer", 2: "2 layers"}.get(L, "3+ layers")


def kind(value):
    """The kind of one argument (see the module's docstring)."""
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, np.ndarray):
        return ("array",) + tuple(_count(n) for n in value.shape)
    if isinstance(value, dict):
        weights = sorted((k for k in value if isinstance(k, str) and k[:1] in ("W", "d") and k[-1:].isdigit()
                          and k.lstrip("dW").isdigit()), key=lambda k: int(k.lstrip("dW")))
        if weights:
            last = value[weights[-1]]
            return ("network", _depth(len(weights)), "output " + _count(np.shape(last)[0]))
        return ("dict", tuple(sorted(map(str, value))))
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, (int, np.integer)) for v in value):
        return ("layer sizes", _depth(len(value) - 1), "output " + _count(value[-1]))
    if isinstance(value, list):  # caches: one per layer
        return ("list", _depth(len(value)))
    if isinstance(value, (int, np.integer)):
        return ("int", _count(value))
    if isinstance(value, str):
        return ("str", value)
    return (type(value).__name__,)


def flat(name, value):
    """{name: kind}, a tuple (a cache) read part by part: {"cache[0]": ..., "cache[1]": ...}."""
    if isinstance(value, tuple) and not all(isinstance(v, (int, np.integer)) for v in value):
        parts = {}
        for i, part in enumerate(value):
            parts.update(flat(f"{name}[{i}]", part))
        return parts
    return {name: kind(value)}


def recorder(reference, calls):
    """The reference, recording the kind of each argument of every call."""
    signature = inspect.signature(reference)

    @functools.wraps(reference)
    def fn(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        call = {}
        for name, value in bound.arguments.items():
            if name not in FREE:
                call.update(flat(name, value))
        calls.append(call)
        return reference(*args, **kwargs)
    del fn.__wrapped__  # the checks must see the recorder as the student's function
    return fn


def kinds_of(check, reference):
    calls = []
    with redirect_stdout(io.StringIO()):
        check(recorder(reference, calls))
    return calls


def _recordable(number, name):
    reference = importlib.import_module(f"testcases.nb{number}").EXERCISES.reference[name]
    return inspect.isfunction(reference) and name not in UNRECORDABLE


EXERCISES = [(number, name) for number in ("01", "02", "03", "04", "05", "06", "07", "08", "09")
             for name in importlib.import_module(f"testcases.nb{number}").EXERCISES.order
             if _recordable(number, name)]


def test_every_notebooks_function_exercises_are_covered():
    """The list above leaves out only what the docstring names."""
    left_out = {name for number in ("06", "07", "08", "09")
                for name in importlib.import_module(f"testcases.nb{number}").EXERCISES.order
                if not _recordable(number, name)}
    assert left_out == {"gradient_check", "gradient_check_n", "MulLayer", "AddLayer", "Relu", "Sigmoid", "Affine",
                        "SoftmaxWithLoss", "TwoLayerNet"}, left_out
    assert len(EXERCISES) >= 25


@pytest.mark.parametrize("number, name", EXERCISES, ids=[f"nb{n}-{e}" for n, e in EXERCISES])
def test_every_hidden_kind_is_shown_by_the_visible_check(number, name):
    exercises = importlib.import_module(f"testcases.nb{number}").EXERCISES
    visible, *hidden = exercises.checks[name]
    reference = exercises.reference[name]
    shown = kinds_of(visible, reference)
    assert shown, f"the visible check of {name} never called it"
    unseen = []
    for check in hidden:
        for call in kinds_of(check, reference):
            for argument, k in call.items():
                if k not in [c.get(argument) for c in shown]:
                    unseen.append(f"{argument}: {k}")
    assert not unseen, (f"the hidden check of {name} runs kinds of case its visible check never shows: "
                        f"{sorted(set(unseen))}")
