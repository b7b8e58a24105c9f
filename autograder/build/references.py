"""The course's reference implementations a notebook's grading must not see, and a copy of ``dnn_utils``
without them.

A submission of notebook NN runs in a sandbox that gets, instead of the repository, the copy
``write_package(NN, dest)`` writes: the ``dnn_utils`` package in which every object that computes one of
NN's graded functions, under its own name or another, is a stub raising :class:`ReferenceWithheld`.
What NN builds on from earlier notebooks, and what NN itself is given, keeps working.

Standard library only: this module is imported inside a Jupyter kernel.
"""
import ast
from pathlib import Path

#: the package the copies are made of
PACKAGE = Path(__file__).resolve().parents[2] / "dnn_utils"

MESSAGE = "{name} is an exercise of this notebook: the course's reference is not available while grading"

#: notebook -> the objects withheld while it is graded, "module:name" relative to dnn_utils (top-level
#: functions and classes). "module:name as graded" names, in the message, the graded function the object
#: computes under another name; without it the message names the object itself. An object that only
#: calls a withheld one needs no entry: it raises through the stub. Later notebooks' objects are withheld
#: from earlier notebooks when they compute an earlier exercise (for some inputs): that costs the earlier
#: notebook nothing, as it does not build on them.
WITHHELD = {
    "01_init": (
        "initialization:initialize_parameters",
        "initialization:initialize_parameters_deep",
        # draws W1 then W2 from RandomState(seed) times weight_init_std, biases zero: with 0.01, its W1
        # reshaped to (n_h, n_x) and W2 to (n_y, n_h) are initialize_parameters' (examples as rows)
        "layers:TwoLayerNet as initialize_parameters",
    ),
    "02_forward": (
        "forward:linear_forward",
        "forward:linear_activation_forward",
        "forward:L_model_forward",
        # examples as rows: Affine(W.T, b.T).forward(A.T).T is linear_forward(A, W, b)'s Z
        "layers:Affine as linear_forward",
        # L_model_forward of a 3-layer network (the caches regrouped); the dropout one with keep_prob=1
        "three_layer:forward_propagation as L_model_forward",
        "three_layer:forward_propagation_with_dropout as L_model_forward",
    ),
    "03_cost": (
        "cost:compute_cost",
        # two classes: cross_entropy_error(np.vstack([1 - AL, AL]).T, Y.ravel()) is compute_cost(AL, Y)
        # to within its DELTA (1e-7), inside the checks' tolerance
        "functions:cross_entropy_error as compute_cost",
    ),
    "04_backward": (
        "backward:linear_backward",
        "backward:linear_activation_backward",
        "backward:L_model_backward",
        "backward:update_parameters",
        # examples as rows: Affine.backward's dx, dW, db are dA_prev.T, m * dW.T, m * db.ravel()
        "layers:Affine as linear_backward",
        # update_parameters under 07's name; momentum with beta=0 from zero velocities is the same step
        "optimizers:update_parameters_with_gd as update_parameters",
        "optimizers:update_parameters_with_momentum as update_parameters",
        # L_model_backward of a 3-layer network (dZ3 = A3 - Y); backward_propagation raises through
        # linear_backward
        "three_layer:_gradients as L_model_backward",
    ),
    "05_model": (
        # the course has no two_layer_model, L_layer_model or predict(X, y, parameters) of its own:
        # predict's p for a network of any depth, without the print
        "optimizers:predict as predict",
        # predict of a 3-layer network, same signature (the visible check's network has 3 layers);
        # classify is the same without the print (accuracy raises through it)
        "three_layer:predict",
        "three_layer:classify as predict",
        # L_layer_model(X, Y, [n_x, 20, 3, 1], ...) with seed=1 (optimizers.model is not: He initialisation)
        "three_layer:model as L_layer_model",
    ),
    "06_regularization": (
        "three_layer:compute_cost_with_regularization",
        "three_layer:backward_propagation_with_regularization",
        "three_layer:forward_propagation_with_dropout",
        "three_layer:backward_propagation_with_dropout",
        # the backward pass of both: with lambd, ..._with_regularization; with masks, ..._with_dropout
        # (model stays: it calls these by name, or the student's; backward_propagation, given, has its own body)
        "three_layer:_gradients",
    ),
    "07_optimization": (
        "optimizers:update_parameters_with_gd",
        "optimizers:random_mini_batches",
        "optimizers:initialize_velocity",
        "optimizers:update_parameters_with_momentum",
        "optimizers:initialize_adam",
        "optimizers:update_parameters_with_adam",
        # the same step as update_parameters_with_gd (07 does not use it; optimizers.model calls the
        # graded functions by name, or the student's)
        "backward:update_parameters as update_parameters_with_gd",
    ),
    "08_gradient_check": (
        # the others have no reference in dnn_utils (three_layer's forward_propagation and
        # backward_propagation are 06's, not J = theta * x); numerical_gradient is given again in 09
        "gradcheck:numerical_gradient",
    ),
    "09_layers_softmax": (
        "functions:softmax",
        "functions:cross_entropy_error",
        "layers:MulLayer",
        "layers:AddLayer",
        "layers:Relu",
        "layers:Sigmoid",
        "layers:Affine",
        "layers:SoftmaxWithLoss",
        "layers:TwoLayerNet",
    ),
}

_WITHHELD_MODULE = '''"""Generated for grading {notebook}: the error raised by the course's references it withholds."""


class ReferenceWithheld(RuntimeError):
    """A function of dnn_utils whose reference is an exercise of the notebook being graded was called."""
'''


def _withheld(notebook):
    """Returns {module: {name: the name its message gives}} of the objects withheld from ``notebook``.

    Raises ValueError for a notebook WITHHELD does not know.
    """
    if notebook is None:    # a notebook the course does not have (an instructor's own): nothing withheld
        return {}
    if notebook not in WITHHELD:
        raise ValueError(f"unknown notebook {notebook!r}; known: {', '.join(WITHHELD)}")
    modules = {}
    for entry in WITHHELD[notebook]:
        target, _, shown = entry.partition(" as ")
        module, name = target.split(":")
        modules.setdefault(module, {})[name] = shown or name
    return modules


def _docstring(node):
    """Returns [the docstring statement of ``node``], or [] if it has none."""
    doc = ast.get_docstring(node, clean=False)
    return [ast.Expr(ast.Constant(doc))] if doc is not None else []


def _stub(node, message):
    """Returns ``node`` (a function definition), its docstring kept and its body a raise of ``message``."""
    node.body = _docstring(node) + ast.parse(f"raise ReferenceWithheld({message!r})").body
    return node


def _rewrite(module, source, names, notebook):
    """Returns the source of dnn_utils.``module`` with the objects ``names`` ({name: the name its
    message gives}) stubbed: a function keeps its signature and docstring, a class its docstring and its
    methods, stubbed (plus an ``__init__`` if it had none)."""
    tree = ast.parse(source)
    found = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in names:
            _stub(node, MESSAGE.format(name=names[node.name]))
        elif isinstance(node, ast.ClassDef) and node.name in names:
            message = MESSAGE.format(name=names[node.name])
            methods = [_stub(item, message) for item in node.body if isinstance(item, ast.FunctionDef)]
            if "__init__" not in {method.name for method in methods}:
                methods.insert(0, _stub(ast.parse("def __init__(self): pass").body[0], message))
            node.body = _docstring(node) + methods
        else:
            continue
        found.add(node.name)
    missing = set(names) - found
    if missing:
        raise LookupError(f"WITHHELD[{notebook!r}]: dnn_utils.{module} defines no {', '.join(sorted(missing))}")
    after_docstring = 1 if ast.get_docstring(tree) is not None else 0
    tree.body.insert(after_docstring, ast.parse("from ._withheld import ReferenceWithheld").body[0])
    return ast.unparse(tree) + "\n"


def write_package(notebook, dest):
    """Returns the path of ``dest/dnn_utils``, a copy of the course's dnn_utils package (its .py files)
    in which the objects withheld from ``notebook`` raise ReferenceWithheld, written there.

    Withheld functions (and every method of a withheld class, which gains an ``__init__`` if it had
    none) keep their signature and docstring; their body becomes ``raise ReferenceWithheld(message)``,
    the message being MESSAGE with the graded function's name. Modules with something withheld are
    rewritten with ``ast`` (which drops their comments); the others are copied byte for byte.
    ``dest/dnn_utils`` must not exist yet (a stale one could hold stale bytecode).
    Raises ValueError for an unknown notebook.
    """
    modules = _withheld(notebook)
    package = Path(dest) / "dnn_utils"
    package.mkdir(parents=True)
    for path in sorted(PACKAGE.glob("*.py")):
        module = path.stem
        if module in modules:
            source = _rewrite(module, path.read_text(encoding="utf-8"), modules.pop(module), notebook)
            (package / path.name).write_text(source, encoding="utf-8")
        else:
            (package / path.name).write_bytes(path.read_bytes())
    if modules:
        raise LookupError(f"WITHHELD[{notebook!r}] names modules dnn_utils does not have: {', '.join(modules)}")
    (package / "_withheld.py").write_text(_WITHHELD_MODULE.format(notebook=notebook), encoding="utf-8")
    return package
