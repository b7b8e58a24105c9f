"""Which statements of a cell only *define* names: what of a student's cell runs while grading.

Grading runs a student's cells as definitions only (imports, functions and classes, assignments of
plain names whose value calls nothing): a call, an attribute or item assignment, a decorator or a
default value that calls something is left out, and the cell's output says so. That keeps a demo
call or a long training run in an answer cell out of the grading time, and keeps the grade about
the functions. (It is no longer what keeps a submission from the checks: the sandbox and the
trusted kernel do that, see ``autograder/sandbox/bubblewrap.py``.)
"""
import ast


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


def as_python(source):
    """``source`` with IPython's syntax (``%matplotlib inline``, ``!ls``) turned into the Python
    IPython runs for it, so that it parses; unchanged where IPython is not there."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:
        return source
    try:
        return TransformerManager().transform_cell(source)
    except Exception:
        return source


def definitions_only(source):
    """``(code, left_out)``: the definitions of ``source`` and the first lines of what was left out.

    Source that does not parse is returned whole: running it raises the SyntaxError the student
    needs to see. Linear in the size of ``source``: each statement's text is cut from lines split
    once (a cell of many thousand statements takes as long as reading it).
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return source, []
    lines = source.splitlines(keepends=True)
    kept, left_out, line = [], [], 1     # line: the cell's line that ``kept`` has reached
    for node in tree.body:
        if _is_definition(node) or _is_docstring(node):
            # each definition on its own line of the cell, so that a traceback's line numbers are the
            # cell's: blank lines stand for what was left out, and two statements of one line stay on one
            kept.append("\n" * (node.lineno - line) if node.lineno > line else "; " if kept else "")
            kept.append(_segment(lines, node))
            line = node.end_lineno
        elif not isinstance(node, ast.Pass):
            first = lines[node.lineno - 1].strip()
            left_out.append(first if len(first) <= 80 else first[:77] + "...")
    return "".join(kept) + ("\n" if kept else ""), left_out


def _segment(lines, node):
    """The source text of a top-level statement ``node`` (what ``ast.get_source_segment`` gives,
    without splitting the whole source again for every statement). Offsets are in UTF-8 bytes."""
    first, last = node.lineno - 1, node.end_lineno - 1
    if first == last:
        return lines[first].encode()[node.col_offset:node.end_col_offset].decode()
    head = lines[first].encode()[node.col_offset:].decode()
    tail = lines[last].encode()[:node.end_col_offset].decode()
    return head + "".join(lines[first + 1:last]) + tail
