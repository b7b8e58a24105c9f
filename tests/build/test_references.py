"""autograder.build.references: the copy of dnn_utils a notebook is graded with, its references withheld.

For every notebook the copy is imported in a fresh subprocess (PYTHONPATH=the copy), which reports back
what it saw; this process, with the real dnn_utils, says what it should have seen.
"""
import ast
import inspect
import json
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import dnn_utils
from autograder.build import references

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(references.WITHHELD)


def graded_names(notebook):
    """The grade ids of the answer cells ("solution": true) of notebooks/<notebook>.py."""
    names = []
    for line in (ROOT / "notebooks" / f"{notebook}.py").read_text().splitlines():
        if line.startswith("# %% nbgrader="):
            cell = json.loads(line[len("# %% nbgrader="):])
            if cell.get("solution"):
                names.append(cell["grade_id"])
    return names


#: graded names that dnn_utils defines, in another notebook's sense: not references of the exercise
HOMONYMS = {"01_init": {"three_layer:initialize_parameters"},
            "08_gradient_check": {"three_layer:forward_propagation", "three_layer:backward_propagation"}}


def definitions():
    """{name: [modules of dnn_utils defining a top-level function or class of that name]}."""
    found = {}
    for path in sorted((ROOT / "dnn_utils").glob("*.py")):
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                found.setdefault(node.name, []).append(path.stem)
    return found


def entries(notebook):
    """[(module, name, the name its message gives)] of WITHHELD[notebook]."""
    result = []
    for entry in references.WITHHELD[notebook]:
        target, _, shown = entry.partition(" as ")
        module, name = target.split(":")
        result.append((module, name, shown or name))
    return result


# ---- what the copy must still compute, and what must raise ----------------------------------------
#: run in both processes before the expressions below
PRELUDE = """
import numpy as np
import dnn_utils
from dnn_utils import (activations, backward, cost, forward, functions, gradcheck, initialization, layers,
                       optimizers, three_layer, vectorize)

rng = np.random.RandomState(0)
X = rng.randn(4, 5)
Y = np.array([[1, 0, 0, 1, 1]])
Z, dA, dZ = rng.randn(3, 5), rng.randn(3, 5), rng.randn(3, 5)
A = np.array([[0.8, 0.1, 0.3, 0.6, 0.9]])
P = {"W1": rng.randn(3, 4), "b1": rng.randn(3, 1), "W2": rng.randn(1, 3), "b2": rng.randn(1, 1)}
G = {"d" + key: rng.randn(*value.shape) for key, value in P.items()}
X2 = rng.randn(2, 8)
Y2 = np.array([[1, 0, 1, 1, 0, 0, 1, 0]])
P3 = {"W1": rng.randn(20, 2), "b1": rng.randn(20, 1), "W2": rng.randn(3, 20) / 4, "b2": rng.randn(3, 1),
      "W3": rng.randn(1, 3), "b3": rng.randn(1, 1)}
Xr, tr = rng.randn(5, 4), np.array([0, 1, 1, 0, 1])


def grads_of(X, Y, parameters):
    AL, caches = forward.L_model_forward(X, parameters)
    return backward.L_model_backward(AL, Y, caches)


# a student's answers, built on what the notebooks give
def student_gd(parameters, grads, learning_rate):
    return {key: parameters[key] - learning_rate * grads["d" + key] for key in parameters}


def one_batch(X, Y, mini_batch_size, seed):
    return [(X, Y)]


def student_l2_cost(A3, Y, parameters, lambd):
    squares = sum(np.sum(parameters[key] ** 2) for key in ("W1", "W2", "W3"))
    return cost.compute_cost(A3, Y) + lambd * squares / (2 * Y.shape[1])


def student_l2_backward(X, Y, cache, lambd):
    grads = three_layer.backward_propagation(X, Y, cache)
    for l, W in ((1, cache[2]), (2, cache[6]), (3, cache[10])):
        grads["dW" + str(l)] = grads["dW" + str(l)] + lambd / X.shape[1] * W
    return grads


STUDENT_GD = {"random_mini_batches": one_batch, "update_parameters_with_gd": student_gd}
STUDENT_L2 = {"compute_cost_with_regularization": student_l2_cost,
              "backward_propagation_with_regularization": student_l2_backward}
"""

ALL = set(range(1, 10))


def after(n):
    return set(range(n + 1, 10))


#: expression -> the notebooks (by number) whose copy must compute it as the real dnn_utils does
GIVEN = {
    "activations.sigmoid(Z)": ALL,
    "activations.relu(Z)": ALL,
    "activations.sigmoid_backward(dA, Z)": ALL,
    "activations.relu_backward(dA, Z)": ALL,
    "gradcheck.rel_error(X, X + 1e-9)": ALL,
    "vectorize.vector_to_dictionary(vectorize.dictionary_to_vector(P), P)": ALL,
    "vectorize.gradients_to_vector(G, P)": ALL,
    "initialization.initialize_parameters(4, 3, 1, seed=2)": after(1),
    "initialization.initialize_parameters_deep([4, 3, 2, 1], seed=3, init='he')": after(1),
    "dnn_utils.initialize_parameters_deep([4, 3, 1])": after(1),
    "forward.linear_forward(X, P['W1'], P['b1'])": after(2),
    "forward.linear_activation_forward(X, P['W1'], P['b1'], 'relu')": after(2),
    "forward.L_model_forward(X, P)": after(2),
    "dnn_utils.L_model_forward(X, P)": after(2),
    "cost.compute_cost(A, Y)": after(3),
    "cost.compute_cost(forward.L_model_forward(X, P)[0], Y)": after(3),
    "backward.linear_backward(dZ, (X, P['W1'], P['b1']))": after(4),
    "backward.linear_activation_backward(dZ, forward.linear_activation_forward(X, P['W1'], P['b1'], "
    "'sigmoid')[1], 'sigmoid')": after(4),
    "grads_of(X, Y, P)": after(4),
    "dnn_utils.L_model_backward(*forward.L_model_forward(X, P)[:1], Y, forward.L_model_forward(X, P)[1])": after(4),
    "backward.update_parameters(P, G, 0.1)": after(4) - {7},
    "dnn_utils.update_parameters(P, G, 0.1)": after(4) - {7},
    # given in 04 (gradient checking), graded in 08, given again in 09
    "gradcheck.numerical_gradient(lambda x: float(np.sum(x ** 3)), X.copy())": after(3) - {8},
    "dnn_utils.numerical_gradient(lambda x: float(np.sum(np.sin(x))), X.copy())": after(3) - {8},
    # given in 06 (three_layer): forward_propagation and backward_propagation are not 08's exercises
    "three_layer.initialize_parameters()": after(1),
    "three_layer.forward_propagation(X2, P3)": ALL - {2},
    "three_layer.backward_propagation(X2, Y2, three_layer.forward_propagation(X2, P3)[1])": ALL - {2, 4},
    "three_layer.classify(X2, P3)": ALL - {2, 5},
    "three_layer.accuracy(X2, Y2, P3)": ALL - {2, 5},
    "three_layer.predict(X2, Y2, P3, print_accuracy=False)": ALL - {2, 5},
    "three_layer.model(X2, Y2, num_iterations=201, print_cost=False)": {6, 8, 9},
    "three_layer.model(X2, Y2, lambd=0.7, num_iterations=201, print_cost=False, functions=STUDENT_L2)": {6, 8, 9},
    # given in 07 (optimizers)
    "optimizers.model(X, Y, [4, 3, 1], optimizer='gd', num_epochs=101, print_cost=False, functions=STUDENT_GD)":
        after(4),
    "optimizers.predict(X, P)": ALL - {2, 5},
    # 09's, not withheld from notebooks they compute no exercise of
    "functions.softmax(Xr)": ALL - {9},
    "functions.cross_entropy_error(functions.softmax(Xr), tr)": ALL - {3, 9},
    "layers.TwoLayerNet(4, 3, 2).gradient(Xr, tr)": {5, 6, 7, 8},
    "layers.TwoLayerNet(4, 3, 2).numerical_gradient(Xr, tr)": {5, 6, 7},
}

#: notebook -> {expression that would reach a reference of its exercises another way: the exercise the
#: ReferenceWithheld it must raise names}
DETOURS = {
    "01_init": {"three_layer.initialize_parameters([4, 3, 1], seed=1)": "initialize_parameters_deep",
                "layers.TwoLayerNet(4, 3, 1, 0.01, 1)": "initialize_parameters",
                "optimizers.model(X, Y, [4, 3, 1], num_epochs=1, print_cost=False, functions=STUDENT_GD)":
                    "initialize_parameters_deep"},
    "02_forward": {"layers.Affine(P['W1'].T, P['b1'].T).forward(X.T)": "linear_forward",
                   "three_layer.forward_propagation(X2, P3)": "L_model_forward",
                   "three_layer.forward_propagation_with_dropout(X2, P3, 1.0)": "L_model_forward",
                   "optimizers.predict(X, P)": "L_model_forward",
                   "layers.TwoLayerNet(4, 3, 2).predict(Xr)": "linear_forward",
                   "three_layer.classify(X2, P3)": "L_model_forward"},
    "03_cost": {"functions.cross_entropy_error(np.vstack([1 - A, A]).T, Y.ravel())": "compute_cost",
                "layers.SoftmaxWithLoss().forward(np.vstack([np.zeros(5), np.log(A / (1 - A))]).T, Y.ravel())":
                    "compute_cost",
                "three_layer.compute_cost_with_regularization(A, Y, P3, 0.0)": "compute_cost"},
    "04_backward": {"optimizers.update_parameters_with_gd(P, G, 0.1)": "update_parameters",
                    "optimizers.update_parameters_with_momentum(P, G, optimizers.initialize_velocity(P), 0.0, 0.1)":
                        "update_parameters",
                    "layers.Affine(P['W1'].T, P['b1'].T)": "linear_backward",
                    "three_layer.backward_propagation(X2, Y2, three_layer.forward_propagation(X2, P3)[1])":
                        "linear_backward",
                    "three_layer.model(X2, Y2, num_iterations=2, print_cost=False)": "linear_backward"},
    "05_model": {"optimizers.predict(X, P)": "predict", "three_layer.predict(X2, Y2, P3)": "predict",
                 "three_layer.classify(X2, P3)": "predict", "three_layer.accuracy(X2, Y2, P3)": "predict",
                 "three_layer.model(X2, Y2, num_iterations=2, print_cost=False, seed=1)": "L_layer_model"},
    "06_regularization": {
        "three_layer.model(X2, Y2, lambd=0.7, num_iterations=2, print_cost=False)": "compute_cost_with_regularization",
        "three_layer.model(X2, Y2, keep_prob=0.8, num_iterations=2, print_cost=False)":
            "forward_propagation_with_dropout",
        "three_layer.BUILDING_BLOCKS['backward_propagation_with_dropout'](X2, Y2, None, 0.8)":
            "backward_propagation_with_dropout"},
    "07_optimization": {
        "backward.update_parameters(P, G, 0.1)": "update_parameters_with_gd",
        "dnn_utils.update_parameters(P, G, 0.1)": "update_parameters_with_gd",
        "optimizers.model(X, Y, [4, 3, 1], optimizer='gd', num_epochs=1, print_cost=False)": "random_mini_batches",
        "optimizers.model(X, Y, [4, 3, 1], optimizer='adam', num_epochs=1, print_cost=False, "
        "functions={'random_mini_batches': one_batch})": "initialize_adam",
        "three_layer.model(X2, Y2, num_iterations=2, print_cost=False)": "update_parameters_with_gd"},
    "08_gradient_check": {"layers.TwoLayerNet(4, 3, 2).numerical_gradient(Xr, tr)": "numerical_gradient"},
    "09_layers_softmax": {"layers.TwoLayerNet(4, 3, 2)": "TwoLayerNet", "layers.SoftmaxWithLoss()": "SoftmaxWithLoss"},
}

#: run in the subprocess: reads the job (JSON) from argv[1], writes {"failures", "given"} (pickle) to argv[2]
CHILD = r"""
import importlib, inspect, json, pickle, sys, traceback
from pathlib import Path

job = json.loads(Path(sys.argv[1]).read_text())
failures = []
import dnn_utils
from dnn_utils._withheld import ReferenceWithheld
if not Path(dnn_utils.__file__).resolve().is_relative_to(Path(job["package"]).resolve()):
    failures.append(f"imported {dnn_utils.__file__}, not the copy")


def raises(what, call, message):
    try:
        call()
    except ReferenceWithheld as error:
        if str(error) != message:
            failures.append(f"{what}: message {str(error)!r}, not {message!r}")
        return
    except Exception as error:
        failures.append(f"{what}: {type(error).__name__}: {error}, not ReferenceWithheld")
        return
    failures.append(f"{what}: returned instead of raising ReferenceWithheld")


def arguments(function, skip=0):
    # a sentinel for every parameter without a default: touching one fails with anything but ReferenceWithheld
    positional, keywords = [], {}
    for parameter in list(inspect.signature(function).parameters.values())[skip:]:
        if parameter.default is inspect.Parameter.empty:
            if parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD):
                positional.append(object())
            elif parameter.kind == parameter.KEYWORD_ONLY:
                keywords[parameter.name] = object()
    return positional, keywords


def check(what, obj, expected):
    message = job["message"].format(name=expected["name"])
    if str(inspect.signature(obj)) != expected["signature"]:
        failures.append(f"{what}: signature {inspect.signature(obj)}, not {expected['signature']}")
    if inspect.getdoc(obj) != expected["doc"]:
        failures.append(f"{what}: docstring changed")
    args, kwargs = arguments(obj)
    raises(what, lambda: obj(*args, **kwargs), message)
    for method in expected["methods"]:
        function = inspect.getattr_static(obj, method)
        args, kwargs = arguments(function, skip=1)
        raises(f"{what}.{method}", lambda: function(object(), *args, **kwargs), message)


for module, name, expected in job["objects"]:
    reached = {f"dnn_utils.{module}.{name}": lambda: getattr(getattr(dnn_utils, module), name),
               f"importlib.import_module('dnn_utils.{module}').{name}":
                   lambda: getattr(importlib.import_module("dnn_utils." + module), name)}
    importlib.import_module("dnn_utils." + module)
    if expected["exported"]:
        reached[f"dnn_utils.{name}"] = lambda: getattr(dnn_utils, name)
    for what, get in reached.items():
        check(what, get(), expected)

namespace = {}
exec(job["prelude"], namespace)
for expression, name in job["detours"].items():
    raises(expression, lambda: eval(expression, namespace), job["message"].format(name=name))
given = {}
for expression in job["given"]:
    try:
        given[expression] = eval(expression, namespace)
    except Exception:
        failures.append(f"{expression}: " + traceback.format_exc())
Path(sys.argv[2]).write_bytes(pickle.dumps({"failures": failures, "given": given}))
"""


def expected_object(module, name, shown):
    """What the copy's dnn_utils.<module>.<name> must look like: signature, docstring, methods, name."""
    obj = getattr(__import__("dnn_utils." + module, fromlist=[name]), name)
    methods = [key for key, value in vars(obj).items() if inspect.isfunction(value)] if inspect.isclass(obj) else []
    if inspect.isclass(obj) and "__init__" not in methods:
        methods.insert(0, "__init__")
    return {"signature": str(inspect.signature(obj)), "doc": inspect.getdoc(obj), "methods": methods,
            "name": shown, "exported": name in dnn_utils.__all__}


def equal(a, b):
    """Exactly the same numbers, in the same structure."""
    if isinstance(a, dict):
        return isinstance(b, dict) and list(a) == list(b) and all(equal(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b))
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and np.array_equal(a, b)
    return type(a) is type(b) and a == b


def statements(node):
    """The statements of the body of ``node`` (a definition) but its docstring; a class's methods' instead
    of the methods."""
    body = node.body[1:] if ast.get_docstring(node) is not None else node.body
    if isinstance(node, ast.ClassDef):
        return [s for item in body for s in (statements(item) if isinstance(item, ast.FunctionDef) else [item])]
    return body


def body_lines(notebook):
    """The distinctive lines of the bodies of the objects withheld from ``notebook``: as written and as
    ast.unparse writes them, without docstrings, and not found in the package outside those bodies."""
    lines, outside = set(), ""
    for path in sorted((ROOT / "dnn_utils").glob("*.py")):
        source = path.read_text()
        names = {name for module, name, _ in entries(notebook) if module == path.stem}
        spans = []
        for node in ast.parse(source).body:
            for statement in statements(node) if getattr(node, "name", None) in names else []:
                spans.append((statement.lineno, statement.end_lineno))
                segment = ast.get_source_segment(source, statement) + "\n" + ast.unparse(statement)
                lines.update(line.strip() for line in segment.splitlines())
            if getattr(node, "name", None) not in names:
                outside += ast.unparse(node) + "\n"
        outside += "\n".join(line for number, line in enumerate(source.splitlines(), 1)
                              if not any(start <= number <= end for start, end in spans)) + "\n"
    return {line for line in lines if len(line) >= 12 and line not in outside}


@pytest.fixture(scope="module")
def real_given():
    """The values of GIVEN with the real dnn_utils."""
    namespace = {}
    exec(PRELUDE, namespace)
    return {expression: eval(expression, namespace) for expression in GIVEN}


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_package(notebook, tmp_path, real_given):
    dest = tmp_path / "dest"
    package = references.write_package(notebook, dest)
    assert package == dest / "dnn_utils"

    # the files: every module of dnn_utils, the ones with nothing withheld unchanged, no bytecode
    originals = {path.name: path.read_bytes() for path in (ROOT / "dnn_utils").glob("*.py")}
    written = {path.name: path.read_bytes() for path in package.iterdir()}
    assert set(written) == set(originals) | {"_withheld.py"}
    rewritten = {module + ".py" for module, _, _ in entries(notebook)}
    assert {name for name in originals if written[name] == originals[name]} == set(originals) - rewritten

    # none of the withheld bodies survives, not even as a comment or a string
    text = "\n".join(path.read_text() for path in package.iterdir())
    distinctive = body_lines(notebook)
    assert distinctive
    assert sorted(line for line in distinctive if line in text) == []

    # in a subprocess importing the copy: the graded functions and the withheld objects raise, the
    # detours raise, and what the notebook builds on computes what the real dnn_utils does
    defined = definitions()
    objects = {}
    for name in graded_names(notebook):
        for module in defined.get(name, []):
            if f"{module}:{name}" not in HOMONYMS.get(notebook, ()):
                objects[module, name] = name
    for module, name, shown in entries(notebook):
        objects.setdefault((module, name), shown)
    number = int(notebook[:2])
    given = [expression for expression, works in GIVEN.items() if number in works]
    job = {"package": str(package), "message": references.MESSAGE, "prelude": PRELUDE,
           "objects": [(module, name, expected_object(module, name, shown))
                       for (module, name), shown in objects.items()],
           "detours": DETOURS[notebook], "given": given}
    (tmp_path / "job.json").write_text(json.dumps(job))
    env = dict(os.environ, PYTHONPATH=str(dest), OPENBLAS_NUM_THREADS="1")
    done = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path / "job.json"), str(tmp_path / "out.pickle")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    report = pickle.loads((tmp_path / "out.pickle").read_bytes())
    assert report["failures"] == []
    assert sorted(report["given"]) == sorted(given)
    assert [e for e in given if not equal(report["given"][e], real_given[e])] == []


def test_graded_functions_with_a_reference_are_withheld():
    """Every graded function dnn_utils defines under its own name has its entry (and the table knows
    every notebook)."""
    assert NOTEBOOKS == sorted(path.stem for path in (ROOT / "notebooks").glob("[0-9][0-9]_*.py"))
    defined = definitions()
    for notebook in NOTEBOOKS:
        listed = {(module, name) for module, name, _ in entries(notebook)}
        for name in graded_names(notebook):
            for module in defined.get(name, []):
                if f"{module}:{name}" not in HOMONYMS.get(notebook, ()):
                    assert (module, name) in listed, (notebook, module, name)


def test_unknown_notebook(tmp_path):
    with pytest.raises(ValueError, match=r"'10_rnn'.*01_init.*09_layers_softmax"):
        references.write_package("10_rnn", tmp_path)
    assert not (tmp_path / "dnn_utils").exists()


def test_fast(tmp_path):
    """Well under 100 ms a notebook (the figure is generous for a busy machine)."""
    for notebook in NOTEBOOKS:
        start = time.perf_counter()
        references.write_package(notebook, tmp_path / notebook)
        assert time.perf_counter() - start < 0.1, notebook


def test_light_import():
    """The module imports neither numpy nor dnn_utils (it is imported inside a Jupyter kernel)."""
    code = "import sys, autograder.build.references; print(sorted({'numpy', 'dnn_utils'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
