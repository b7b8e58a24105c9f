"""How a submission is executed while it is graded: nothing a student writes can reach the checks.

nbgrader runs a submission's cells, tests included, in one kernel, so a student's cell that patches
``np.allclose``, ``numpy.testing``, the ``testcases`` checks or ``builtins`` before the test cells run
would change the verdict. :class:`CourseExecute` (nbgrader's ``Execute``, configured in
``nbgrader_config.py``) closes that door and keeps a batch going whatever a submission does:

- Of every cell the student wrote (answer cells and cells they added), only the *definitions* run:
  imports, functions and classes, and assignments of plain names. Any other top-level statement
  (a call, an attribute or item assignment, a decorator, a default value that calls something) is
  left out, and the cell's output says so. The instructor's cells run as released.
- Warnings go to stdout, not stderr, so that a RuntimeWarning from a correct answer does not cost
  it its points (nbgrader scores a test cell with stderr output 0).
- A student's function runs when a cell calls it, and its body could patch the checks then. So
  before and after every test cell, the grader compares ``builtins``, ``math``, every ``numpy``,
  ``testcases`` and ``dnn_utils`` module (and the classes they define) with how they were before
  any student code ran; whatever was replaced is put back, and a test cell during which something
  was replaced (or after which the comparison could not run) gets an error output and no points.
- A cell that kills the kernel (``os._exit``, a crash) or outlives the per-cell timeout gets an
  error output; the kernel is restarted, the definitions before it are replayed, and grading goes
  on with the next cell, so the tests before it keep their points and the ones after it still run.
"""
import ast

from nbclient.exceptions import DeadKernelError
from nbformat.v4 import new_code_cell, new_output
from nbgrader.preprocessors import Execute

#: runs once in every grading kernel (and again after a restart), before any cell
PREAMBLE = """\
import sys as _grading_sys, warnings as _grading_warnings
def _grading_showwarning(message, category, filename, lineno, file=None, line=None):
    _grading_sys.stdout.write(_grading_warnings.formatwarning(message, category, filename, lineno, line))
_grading_warnings.showwarning = _grading_showwarning
del _grading_showwarning
import importlib as _grading_importlib, pkgutil as _grading_pkgutil, types as _grading_types
_grading_importlib.import_module("numpy.testing"), _grading_importlib.import_module("numpy.linalg")
for _grading_name in ("testcases", "dnn_utils"):  # every module of theirs, so all are in the baseline
    _grading_module = _grading_importlib.import_module(_grading_name)
    for _grading_info in _grading_pkgutil.walk_packages(_grading_module.__path__, _grading_name + "."):
        _grading_importlib.import_module(_grading_info.name)
_grading_sys.modules["_course_integrity"] = _grading_types.ModuleType("_course_integrity")
_grading_sys.modules["_course_integrity"].baseline = {}
del _grading_importlib, _grading_pkgutil, _grading_types, _grading_name, _grading_module
"""

#: sent afresh before and after every test cell (so that no kernel-side copy can be replaced): puts
#: back what was replaced in the watched modules and classes, and prints what that was (ipykernel
#: rebinds builtins.input for every cell, IPython the underscores: those are not compared)
INTEGRITY = """\
def _grading_integrity():
    import sys
    baseline = sys.modules["_course_integrity"].baseline
    changed = []
    for name, module in list(sys.modules.items()):
        if module is None or not (name in ("builtins", "math") or name.split(".")[0] in ("numpy", "testcases", "dnn_utils")):
            continue
        spaces = [(name, module, True)] + [(name + "." + key, value, False) for key, value in list(vars(module).items())
                                          if isinstance(value, type) and getattr(value, "__module__", None) == name]
        for label, owner, is_module in spaces:
            space = vars(owner)
            known = baseline.get(label)
            if known is None:
                baseline[label] = dict(space)
                continue
            for key, value in known.items():
                if key in space and space[key] is not value and label + "." + key not in %(ignored)r:
                    changed.append(label + "." + key)
                    if is_module:
                        space[key] = value
                    else:
                        setattr(owner, key, value)
    print("course-integrity " + repr(changed))
_grading_integrity()
del _grading_integrity
""" % {"ignored": ("builtins._", "builtins.__", "builtins.___", "builtins.input")}


#: cell metadata key that marks a cell taken from the release (see submissions.canonical)
RELEASE_MARK = "dnn_course_release"


def is_instructor_cell(cell):
    """A cell whose source comes from the release, not from the student: an nbgrader cell that
    is not an answer cell, or a cell marked as taken from the release."""
    meta = cell.metadata.get("nbgrader", {})
    if meta.get("solution", False):
        return False
    return bool(meta) or bool(cell.metadata.get(RELEASE_MARK))


def _calls_anything(node):
    return any(isinstance(n, (ast.Call, ast.Await, ast.Yield, ast.YieldFrom, ast.NamedExpr))
               for n in ast.walk(node))


#: decorators that only wrap a method, allowed on functions inside a class
SAFE_DECORATORS = {"staticmethod", "classmethod", "property"}


def _safe_decorator(node):
    return ((isinstance(node, ast.Name) and node.id in SAFE_DECORATORS)
            or (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.attr in ("setter", "getter", "deleter")))


def _is_definition(node, in_class=False):
    """Statements that define names without running the student's code."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return True
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        args = node.args
        defaults = list(args.defaults) + [d for d in args.kw_defaults if d is not None]
        annotations = [a.annotation for a in args.args + args.kwonlyargs + args.posonlyargs if a.annotation]
        decorators_ok = all(in_class and _safe_decorator(d) for d in node.decorator_list)
        return (decorators_ok and not any(_calls_anything(d) for d in defaults)
                and not any(_calls_anything(a) for a in annotations)
                and not (node.returns and _calls_anything(node.returns)))
    if isinstance(node, ast.ClassDef):
        return (not node.decorator_list and not node.keywords
                and all(isinstance(b, ast.Name) for b in node.bases)
                and all(_is_definition(s, in_class=True) or _is_docstring(s) or isinstance(s, ast.Pass)
                        for s in node.body))
    if isinstance(node, ast.Assign):
        return all(isinstance(t, ast.Name) for t in node.targets) and not _calls_anything(node.value)
    if isinstance(node, ast.AnnAssign):
        return isinstance(node.target, ast.Name) and (node.value is None or not _calls_anything(node.value))
    return False


def _is_docstring(node):
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def definitions_only(source):
    """``(code, left_out)``: the definitions of ``source`` and the first lines of what was left out.

    Source that does not parse is returned whole: running it raises the SyntaxError the student
    needs to see.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source, []
    kept, left_out = [], []
    for node in tree.body:
        text = ast.get_source_segment(source, node)
        if _is_definition(node) or _is_docstring(node):
            kept.append(text)
        elif not isinstance(node, ast.Pass):
            first = source.splitlines()[node.lineno - 1].strip()
            left_out.append(first if len(first) <= 80 else first[:77] + "...")
    return "\n".join(kept) + ("\n" if kept else ""), left_out


def _error(ename, evalue):
    return new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


class CourseExecute(Execute):
    """nbgrader's Execute with definitions-only student cells, restarts and warnings on stdout."""

    def preprocess(self, nb, resources=None, km=None):
        self._replay = []          # sources that rebuild the kernel's state after a restart
        self._needs_preamble = True
        return super().preprocess(nb, resources, km=km)

    def _run_silently(self, source, index):
        """Execute ``source`` in the kernel, outside the notebook; returns the executed cell, whose
        outputs go nowhere else."""
        cell = self.nb.cells[index]
        try:
            return self.execute_cell(new_code_cell(source), index, store_history=False)
        finally:
            self.nb.cells[index] = cell  # nbclient stores the executed cell at its index

    def _replaced(self, index):
        """What the cell just run replaced in the watched modules (now put back), or None when the
        comparison did not answer as it should."""
        try:
            probe = self._run_silently(INTEGRITY, index)
        except DeadKernelError:
            return None
        text = "".join(o.get("text", "") for o in probe.outputs if o.get("name") == "stdout")
        lines = [line for line in text.splitlines() if line.startswith("course-integrity [")]
        if len(lines) != 1 or any(o.output_type == "error" for o in probe.outputs):
            return None
        try:
            return ast.literal_eval(lines[0][len("course-integrity "):])
        except (ValueError, SyntaxError):
            return None

    def _start(self, index):
        """The preamble, then the baseline of the watched modules, before any student code runs."""
        self._run_silently(PREAMBLE, index)
        self._replaced(index)

    def _new_kernel(self, index):
        self._cleanup_kernel()
        self.km = self.create_kernel_manager()
        self.start_new_kernel()
        self.start_new_kernel_client()
        self._start(index)

    def _restart(self, index):
        """A fresh kernel with the state of the cells that ran well before ``index``."""
        self._new_kernel(index)
        for source in self._replay:
            try:
                self._run_silently(source, index)
            except DeadKernelError:  # cannot happen twice for a cell that ran well; never loop
                self._new_kernel(index)
                return

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        if self._needs_preamble:
            self._start(index)
            self._needs_preamble = False
        graded = bool(cell.metadata.get("nbgrader", {}).get("grade"))
        if graded:
            self._replaced(index)  # what an earlier cell's call replaced is put back before the test
        original = cell.source
        left_out = []
        if not is_instructor_cell(cell):
            cell.source, left_out = definitions_only(original)
        broken = False
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
            timed_out = any(o.output_type == "error" and o.get("ename") == "CellTimeoutError" for o in cell.outputs)
            if timed_out:
                cell.outputs.append(_error("CellTimeoutError", f"the cell ran longer than {self.timeout} s and "
                                                               "was stopped; grading went on with the next cell"))
                broken = True
        except DeadKernelError:
            cell.outputs = [_error("KernelDied", "the kernel died while this cell ran (os._exit, a crash or "
                                                 "too much memory); grading went on with the next cell")]
            broken = True
        finally:
            executed, cell.source = cell.source, original
        if left_out:
            note = ("The grader ran only the definitions in this cell (imports, functions, classes, "
                    "assignments); it left out: " + "; ".join(left_out[:3])
                    + (" ..." if len(left_out) > 3 else "") + "\n")
            cell.outputs.insert(0, new_output("stream", name="stdout", text=note))
        if graded and not broken:
            replaced = self._replaced(index)
            if replaced is None:
                cell.outputs.append(_error("ChecksTampered", "after this cell ran, the grader could not check "
                                           "that numpy, builtins and the checks were intact; this test earns "
                                           "no points"))
            elif replaced:
                cell.outputs.append(_error("ChecksTampered", "while this cell ran, the submission replaced "
                                           + ", ".join(replaced[:5]) + (" ..." if len(replaced) > 5 else "")
                                           + "; the grader put them back, and this test earns no points"))
        if broken:
            self._restart(index)
        elif not graded:
            self._replay.append(executed)  # test cells change nothing later cells need
        return cell, resources

