"""The submission's process: runs the student's cells and calls inside the sandbox.

Started by :class:`autograder.sandbox.bubblewrap.Sandbox` as
``python -m autograder.sandbox.worker MEMORY_MB PROCESSES`` inside bubblewrap, it talks to the trusted
kernel over its standard input and output (the wire of :mod:`autograder.sandbox.wire`) and never
decides anything: whatever it sends back is data for the checks to judge. What the student's code
prints, at the Python level, travels back with each reply; what it writes to the file descriptors 1
and 2 goes to a log the trusted side reads.
"""
import ast
import importlib
import io
import os
import resource
import sys
import types
import warnings

import numpy as np

from . import wire

#: what a single request may print before the rest is cut
OUTPUT_LIMIT = 1 << 20
#: the largest file the submission's process may write (its log of fds 1 and 2 included)
FILE_LIMIT = 64 * 1024 * 1024
#: the course's packages that the submission's process does not have (an import of them is left out)
ABSENT = ("testcases",)
#: the file name of a student's cell in tracebacks (its line numbers are the cell's)
YOUR_CELL = "<your cell>"
#: the lines of the student's cells, by the code compiled from them: a traceback quotes the line
_CELL_LINES = {}
#: modules that an instructor's cell imports (``import matplotlib.pyplot as plt``) and a student's code
#: seldom uses: bound as modules loaded when first used (pyplot costs 0.4 s of CPU to import)
LOADED_AT_FIRST_USE = ("matplotlib.pyplot",)


class _Output(io.TextIOBase):
    """stdout and stderr of the student's code during one request, cut past OUTPUT_LIMIT."""

    def __init__(self):
        self.parts, self.size, self.cut = [], 0, False

    def writable(self):
        return True

    def write(self, text):
        text = str(text)
        if self.size < OUTPUT_LIMIT:
            self.parts.append(text[:OUTPUT_LIMIT - self.size])
            self.size += len(text)
        else:
            self.cut = True
        return len(text)

    def text(self):
        return "".join(self.parts) + ("\n[... output cut by the grader]\n" if self.cut or self.size > OUTPUT_LIMIT else "")


class Callback(wire.Handle):
    """A callable of the trusted side's (a function the checks pass in)."""

    def __call__(self, *args, **kwargs):
        return self._peer.call_remote({"target": self._number}, args, kwargs)


class Worker(wire.Peer):
    """The sandbox's end: a namespace for the student's cells, and the objects it hands out."""

    def __init__(self, rfd, wfd):
        super().__init__(rfd, wfd, parity=1)
        self.namespace = {"__name__": "__main__", "__builtins__": __builtins__}
        self._output = None

    def export(self, obj):
        return self._export(obj, "f" if callable(obj) else "o")

    def proxy(self, number, kind, name):
        if number not in self._proxies:
            self._proxies[number] = Callback(self, number, kind, name)
        return self._proxies[number]

    def serve(self, header, decoder):
        """One request of the trusted side's, its output captured for the reply."""
        for source in header.get("define") or []:
            self.define(wire._text(source))
        outer = sys.stdout, sys.stderr, self._output
        sys.stdout = sys.stderr = self._output = _Output()
        try:
            op = header.get("op")
            if op == "call":
                self.call_handle(header, decoder)
            elif op == "run":
                self.reply_with(lambda: self.run(wire._text(header.get("source"))))
            elif op == "getattr":
                obj, name = self.exported(header.get("target")), wire._text(header.get("name"))
                self.reply_with(lambda: getattr(obj, name), share=True)
            elif op == "setattr":
                obj, name = self.exported(header.get("target")), wire._text(header.get("name"))
                value = decoder.value(header.get("value"))
                self.reply_with(lambda: setattr(obj, name, value))
            elif op == "swap":
                obj = self.exported(header.get("target"))
                values, remove = decoder.value(header.get("names")), decoder.value(header.get("remove"))
                self.reply_with(lambda: self.swap(obj, values, remove))
            elif op == "define":
                self.reply_with(lambda: None)
            elif op == "course_class":
                source, name = wire._text(header.get("source")), wire._text(header.get("name"))
                imports, values = header.get("imports"), decoder.value(header.get("values"))
                self.reply_with(lambda: self.course_class(source, name, imports, values))
            else:
                raise wire.WireError(f"unknown request {str(op)[:40]!r}")
        finally:
            sys.stdout, sys.stderr, self._output = outer

    def describe_error(self, error, encoder):
        return _with_traceback(error, encoder)

    def send(self, header, encode=None, on_error=None):
        if header.get("kind") == "reply" and self._output is not None:
            header = dict(header, output=self._output.text())
        super().send(header, encode, on_error)

    def reply_with(self, compute, share=False):
        """Reply with what ``compute()`` returns, or with the exception it raised. With ``share``,
        a dict, list or array is shared from now on (an attribute of the student's object)."""
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                value, failed = compute(), None
            except Exception as error:
                value, failed = None, error
        header = {"kind": "reply", "ok": failed is None, "warnings": wire.describe_warnings(caught)}
        if failed is not None:
            self.send(header, lambda e: {"error": self.describe_error(failed, e)})
            return

        def encode(e):
            node = e.value(value)
            fresh = share and self.shared_number(value) is None and isinstance(value, (dict, list, np.ndarray))
            return {"result": node, "share": self.share(value) if fresh else None}
        self.send(header, encode, lambda error, e: {"ok": False, "error": self.describe_error(error, e)})

    def run(self, source):
        """Run a student's cell (its definitions, as the grader kept them); returns the names it
        bound (data travels as values, what can be called and other objects as handles)."""
        before = dict(self.namespace)
        left_out, lines = [], source.splitlines()     # split once: a cell may hold thousands of statements
        for node in ast.parse(source).body:
            try:
                code = compile(ast.Module([node], []), YOUR_CELL, "exec")
                _remember_lines(code, lines)
                exec(code, self.namespace)
            except ModuleNotFoundError as error:   # the checks, copied from the first cell: not here
                if not (isinstance(node, (ast.Import, ast.ImportFrom)) and str(error.name).split(".")[0] in ABSENT):
                    raise
                left_out.append(ast.get_source_segment(source, node) or str(error.name))
        if left_out:
            print("The grader left out " + "; ".join(left_out)[:200] + ": the checks are not where your code runs.")
        return {name: value for name, value in self.namespace.items()
                if (name not in before or before[name] is not value) and not name.startswith("__")
                and not isinstance(value, types.ModuleType)}

    def swap(self, obj, values, remove):
        """Put ``values`` under their names (and take the names in ``remove`` away) in the namespace of
        the student's function ``obj``; returns what each name held: {name: (present, value)}."""
        if not isinstance(values, dict) or not isinstance(remove, list):
            raise TypeError("swap takes a dict of names and a list of names")
        namespace = getattr(obj, "__globals__", self.namespace)
        old = {name: (name in namespace, namespace.get(name)) for name in [*values, *remove]}
        for name in remove:
            namespace.pop(name, None)
        namespace.update(values)
        return old

    def course_class(self, source, name, imports, values):
        """Define a class of the course's from its source, in a namespace of its own: the modules and
        classes ``imports`` names ({name: [module, attribute or ""]}) and ``values`` (data, and the
        course's functions, called back in the trusted kernel). A check runs a student's function on it
        (``testcases.checks.names_replaced``) once that function's grade is decided or as its root
        cause; nothing of the checks comes with it."""
        if not isinstance(imports, dict) or not isinstance(values, dict):
            raise TypeError("course_class takes a dict of imports and a dict of values")
        namespace = {"__name__": "course", "__builtins__": __builtins__}
        for alias, (module, attribute) in imports.items():
            value = importlib.import_module(wire._text(module))
            for part in filter(None, wire._text(attribute).split(".")):
                value = getattr(value, part)
            namespace[wire._text(alias)] = value
        namespace.update(values)
        exec(compile(source, f"<the course's {name}>", "exec"), namespace)
        return namespace[name]

    def define(self, source):
        """Run an instructor's definitions, statement by statement; one that fails (an import of
        what the sandbox does not have, such as the checks) is left out."""
        try:
            tree = ast.parse(source)
        except SyntaxError:
            return
        for node in tree.body:
            try:
                lazy = _lazy_binding(node)
                if lazy is not None:
                    self.namespace[lazy[0]] = loaded_at_first_use(lazy[1])
                    continue
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    exec(compile(ast.Module([node], []), "<course cell>", "exec"), self.namespace)
            except Exception:
                continue


class _ImportedThenBound:
    """The loader of a module loaded at its first use: as an import would, it imports the module's
    package first, runs the module's own loader, then binds the module in its package."""

    def __init__(self, loader, package, name):
        self.loader, self.package, self.name = loader, package, name

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        if self.package:
            importlib.import_module(self.package)
        self.loader.exec_module(module)
        if self.package:
            setattr(sys.modules[self.package], self.name, module)


def loaded_at_first_use(name):
    """The module ``name``, as ``import name`` gives it, but loaded (in this process, as any import)
    when one of its attributes is first used; the module itself when it is loaded already."""
    import importlib.machinery
    import importlib.util

    if name in sys.modules:
        return sys.modules[name]
    package, _, last = name.rpartition(".")
    if package and package not in sys.modules and "." not in package:
        # found without importing its package (importing it would cost most of what is saved)
        found = importlib.util.find_spec(package)
        locations = found.submodule_search_locations if found is not None else None
        spec = importlib.machinery.PathFinder.find_spec(name, locations) if locations else None
    else:
        spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    spec.loader = importlib.util.LazyLoader(_ImportedThenBound(spec.loader, package, last))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


def _lazy_binding(node):
    """``(name, module)`` when ``node`` is ``import M as name`` of a module of LOADED_AT_FIRST_USE."""
    if isinstance(node, ast.Import) and len(node.names) == 1:
        alias = node.names[0]
        if alias.name in LOADED_AT_FIRST_USE and alias.asname:
            return alias.asname, alias.name
    return None


def _remember_lines(code, lines):
    """Keep the ``lines`` of a cell for ``code`` and every function and class body in it."""
    todo = [code]
    while todo:
        code = todo.pop()
        _CELL_LINES[code] = lines
        todo.extend(c for c in code.co_consts if isinstance(c, types.CodeType))


def _with_traceback(error, encoder):
    """The wire form of ``error`` with where it was raised: ``raised_in`` (the innermost function),
    ``raised_at`` (the innermost line of the student's cells: its function, line number in its cell
    and text) and ``traceback`` (the frames of the student's code and the libraries it called)."""
    import traceback     # here: only a call that fails needs it, not the start of every process

    info = wire.describe_exception(error, encoder)
    frames, here = [], os.path.dirname(__file__)
    tb = error.__traceback__
    while tb is not None:
        code, number = tb.tb_frame.f_code, tb.tb_lineno
        lines = _CELL_LINES.get(code)
        text = lines[number - 1].strip() if lines and 0 < number <= len(lines) else None
        if lines is not None or not code.co_filename.startswith(here):
            frames.append(traceback.FrameSummary(code.co_filename, number, code.co_name, line=text, lookup_line=text is None))
        if lines is not None:
            info["raised_at"] = {"function": code.co_name, "line": number, "text": text or ""}
        info["raised_in"] = code.co_name
        tb = tb.tb_next
    info["traceback"] = "".join(traceback.format_list(frames[-8:]))[-4000:]
    return info


def limit(memory_mb, processes):
    """Hard limits no code in this process can raise again: address space, processes, file size, core files."""
    if memory_mb > 0:
        size = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
    if processes > 0:
        resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # what it writes to its file descriptors 1 and 2 lands in a file outside: bound it (and any file)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_LIMIT, FILE_LIMIT))


def main(argv):
    memory_mb, processes = int(argv[0]), int(argv[1])
    rfd, wfd = os.dup(0), os.dup(1)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(2, 1)                      # fd-level output of the student's code goes to the log
    sys.stdin = open(os.devnull)
    limit(memory_mb, processes)
    try:  # should the machine run out of memory, the kernel ends the submission's processes first
        with open("/proc/self/oom_score_adj", "w") as adj:
            adj.write("1000")
    except OSError:
        pass
    worker = Worker(rfd, wfd)
    worker.send({"kind": "ready", "pid": os.getpid(), "uid": os.getuid()})
    while True:
        try:
            header, decoder = worker.receive()
        except wire.PeerGone:
            return 0
        if header.get("kind") != "request":
            raise wire.WireError("expected a request")
        worker.serve(header, decoder)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
