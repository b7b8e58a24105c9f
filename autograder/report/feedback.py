"""What the feedback and the formgrader show of a graded notebook.

Two concerns, one module:

* **Nothing of the student's runs or styles the page** (the feedback a student opens, the formgrader's
  view an instructor opens). A student writes the markdown cells they add and, through their code, the
  outputs of every cell that calls it; both may carry HTML. :func:`clean_html` keeps the tags and
  attributes of text, tables, code and pictures embedded in the page, and escapes everything else
  (``<script>``, ``<style>``, ``<iframe>``, ``<svg>``, event handlers, ``style=``, ``javascript:`` and
  remote addresses); :class:`SafeMarkdown` renders markdown and then cleans it; :class:`SafeOutputs`
  drops the outputs a page would run (JavaScript, widgets) and the output metadata a template writes into
  tags. ``autograder/nbgrader_config.py`` puts all three on every HTML export of the course, the
  formgrader's included. The feedback page also carries a Content-Security-Policy that allows no script
  but its own (MathJax), as a second wall.

* **Feedback a student can read in a minute** (:class:`ReadableFeedback`, feedback only): a traceback is
  the error's own message, never frames of the grader or its paths; a progress bar's redrawn lines and
  system noise (``Fontconfig error``) are left out; the demonstrations that grading runs shortened
  (:func:`shortened_cells`) show a note instead of the shortened run's output, and each test cell is
  named after its exercise, with its score and what its check said.

Why the shortened demonstrations' outputs are left out rather than labelled or replaced by the stored
full-length ones: what grading printed (10 training iterations of 05 instead of 2,500, 100 of 06
instead of 20,000, layers of 50 units in 01 instead of 500) reads as a result (34% test accuracy,
"non-cat" under a cat) even under a label; the stored outputs are those of the course's own solution,
so they would show a student whose model is wrong a right result as theirs. The test cells, with their
checks' messages, are what grading judged; the full demonstration is one run of the notebook away in
JupyterLab, and the note says so.
"""
import ast
import json
import re
import secrets
import sys
from functools import lru_cache
from pathlib import Path

import bleach
from bleach.css_sanitizer import CSSSanitizer
from nbconvert.preprocessors import Preprocessor
from traitlets import HasTraits

#: the environment variable under which grading shortens a notebook's demonstrations
SHORTENED_BY = "NBGRADER_EXECUTION"
#: what a shortened demonstration shows in the feedback instead of its output
SHORTENED_NOTE = ("Output left out of the feedback: grading runs this demonstration shortened (far fewer "
                  "iterations, a smaller network or fewer pictures), so its numbers and pictures are not what the "
                  "full run gives. Run the notebook in JupyterLab to see them.")
#: the same, on the shortened demonstrations after the first
SHORTENED_NOTE_AGAIN = "Output left out of the feedback: this demonstration too was shortened while grading."

# ---- sanitising -----------------------------------------------------------------------------------

TAGS = {"a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details",
        "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
        "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup",
        "table", "tbody", "td", "tfoot", "th", "thead", "tr", "tt", "u", "ul", "var"}
#: the classes a cleaned element keeps: pygments' token classes (``k``, ``mi``, ``s1`` ...) and
#: highlighting containers, which the page's own CSS colours; never a class of the page's layout
CODE_CLASS = re.compile(r"^(highlight|hl-[\w-]+|[a-z][a-z0-9]{0,2}|language-[\w+-]+)$")
ANCHOR_ID = re.compile(r"^[A-Za-z][\w.-]{0,80}$")
EMBEDDED_PICTURE = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]+$")
SIZE = re.compile(r"^\d{1,4}%?$")
#: what a browser ignores in a URL (as bleach does before it reads the protocol)
URL_NOISE = re.compile(r"[`\x00-\x20\x7f-\xa0\s]+")


def _attribute_allowed(tag, name, value):
    if name == "class" and tag != "a":
        return all(CODE_CLASS.match(part) for part in value.split()) and tag in ("span", "div", "pre", "code")
    if name == "id":
        return tag in ("h1", "h2", "h3", "h4", "h5", "h6") and bool(ANCHOR_ID.match(value))
    if tag == "a":                            # the href's protocol is checked by the cleaner too
        if name == "href":
            return not URL_NOISE.sub("", value).lower().startswith("data:")
        return name == "title" or (name == "class" and value == "anchor-link")
    if tag == "img":
        if name == "src":
            return bool(EMBEDDED_PICTURE.match(value))
        return name in ("alt", "title") or (name in ("width", "height") and bool(SIZE.match(value)))
    if tag in ("td", "th"):
        return name in ("colspan", "rowspan") and value.isdigit()
    if tag == "ol":
        return name == "start" and value.isdigit()
    if tag == "details":
        return name == "open"
    return False


#: "data" is a protocol for the embedded pictures only (EMBEDDED_PICTURE); a link to data: is refused
_CLEANER = bleach.Cleaner(tags=TAGS, attributes=_attribute_allowed, protocols={"http", "https", "mailto", "data"},
                          strip=False, strip_comments=True, css_sanitizer=CSSSanitizer(allowed_css_properties=()))


def clean_html(html):
    """``html`` with only text, tables, code, links and embedded pictures left as markup; any other tag
    is escaped (shown as text), any other attribute removed. A Jinja filter (``clean_html``)."""
    html = html.decode() if isinstance(html, bytes) else str(html)
    return _CLEANER.clean(html)


class SafeMarkdown(HasTraits):
    """The ``markdown2html`` filter of an HTML export, cleaned: nbconvert's rendering (math kept as TeX
    for MathJax, attachments, code highlighting), then :func:`clean_html`.

    nbconvert builds it with the exporter as its parent (it is a configurable filter class)."""

    jinja_pass_arg = None  # set below: Jinja passes the template context, as to nbconvert's own filter

    def __init__(self, parent=None, **kwargs):
        super().__init__(**kwargs)
        self.parent = parent

    def __call__(self, context, source):
        render = getattr(self.parent, "markdown2html", None)
        if render is None:                         # an exporter without its own renderer
            from nbconvert.filters import markdown2html
            html = markdown2html(source)
        else:
            html = render(context, source)
        return clean_html(html)


def _pass_context():
    from jinja2 import pass_context

    return pass_context(lambda: None).jinja_pass_arg


SafeMarkdown.jinja_pass_arg = _pass_context()

#: output types a page shows without running anything; the rest (JavaScript, widgets, mermaid) are
#: dropped from a student's outputs
SHOWN = ("text/plain", "text/html", "text/markdown", "text/latex", "image/png", "image/jpeg", "image/gif",
         "image/svg+xml")
BASE64 = re.compile(r"^[A-Za-z0-9+/=\s]*$")


class SafeOutputs(Preprocessor):
    """Every output keeps only what a page shows without running it: the types in ``SHOWN``, pictures
    only when their data is base64, and no output metadata (which templates write into tags: a width, a
    file name, an iframe's isolation)."""

    enabled = True

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        for output in cell.get("outputs", []):
            if "metadata" in output:
                output["metadata"] = {}
            data = output.get("data")
            if data is None:
                continue
            for mimetype in list(data):
                value = data[mimetype]
                if mimetype not in SHOWN or (mimetype in ("image/png", "image/jpeg", "image/gif")
                                              and not (isinstance(value, str) and BASE64.match(value))):
                    del data[mimetype]
        cell.outputs = [o for o in cell.get("outputs", []) if "data" not in o or o["data"]]
        return cell, resources


# ---- readable feedback ----------------------------------------------------------------------------

#: a progress bar as tqdm draws it without a terminal: "name:  40%|####      | 4/10 [00:01<00:02, 3.9it/s, cost=0.5]"
#: (every part bounded, so that a line of megabytes is read in linear time)
PROGRESS_BAR = re.compile(r"(?:[^\s:|%][^\n:|%]{0,40}:\s{0,5})?\d{1,3}%\|[^|\n]{0,200}\|\s{0,5}\d{1,12}/\d{1,12}"
                          r"(?:\s{0,5}\[[^\]\n]{0,300}\])?")
NOISE = re.compile(r"^(Fontconfig (error|warning):|Matplotlib is building the font cache)")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _grader_paths(resources):
    """The folders of the grader whose paths must not reach the student: the repository, the Python
    environment, the course directory."""
    repo = Path(__file__).resolve().parents[2]
    paths = {str(repo), sys.prefix, sys.base_prefix, sys.exec_prefix}
    folder = (resources or {}).get("metadata", {}).get("path")
    if folder:                                    # <course>/autograded/<student>/<notebook>
        folder = Path(folder).resolve()
        paths.add(str(folder.parents[2]) if len(folder.parents) > 2 else str(folder))
    return sorted((p for p in paths if p and len(p) > 1), key=len, reverse=True)


def without_paths(text, paths):
    for path in paths:
        text = text.replace(path, "...")
    return text


def terminal_text(text):
    """What a terminal would show of ``text``: each line as it stands after its last carriage return
    (a progress bar redrawn in place is its last state), without colour codes."""
    text = ANSI.sub("", text)
    return "\n".join(line.rsplit("\r", 1)[-1] for line in text.split("\n"))


def readable_stream(text, paths):
    """A stream output as a student should read it: as a terminal shows it, with the progress bars left
    out (what was printed beside a bar stays) and without system noise, nor a path of the grader."""
    lines = []
    for line in terminal_text(text).split("\n"):
        without_bar = PROGRESS_BAR.sub("", line) if "%|" in line else line
        if NOISE.match(without_bar) or (without_bar != line and not without_bar.strip()):
            continue
        lines.append(without_bar)
    return without_paths("\n".join(lines), paths)


#: the innermost line of the student's own code, as the trusted side notes it under an exception the
#: submission's process raised (``bubblewrap.Sandbox.outcome``, from ``worker._with_traceback``)
YOUR_LINE = re.compile(r'^  File "<your cell>", line (\d{1,6}), in ([A-Za-z_]\w{0,99})$(?:\n    ([^\n]*))?', re.M)


def error_message(output, paths):
    """The error's own message, ``ename: evalue``, without a traceback frame or a path of the grader;
    then, for an exception raised in the student's code, its line, as a check's hint quotes it."""
    ename, evalue = output.get("ename", "Error"), ANSI.sub("", output.get("evalue", "") or "")
    message = f"{ename}: {evalue}" if evalue.strip() else ename
    traceback = ANSI.sub("", "\n".join(t for t in output.get("traceback") or [] if isinstance(t, str)))
    _, note, mine = traceback.rpartition("in the submission's code:\n")
    lines = YOUR_LINE.findall(mine) if note else []
    if lines:
        from testcases.checks import raised_by

        number, function, text = lines[-1]
        message += "\n" + raised_by(function, number, text)
    return without_paths(message, paths)


def _names(node, context):
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, context)}


def _changed(statement):
    """The names a top-level statement binds or changes: its targets, the containers it assigns into,
    and, in a loop or block, the objects whose methods it calls (``losses.append(...)``)."""
    names = _names(statement, ast.Store)
    for node in ast.walk(statement):
        targets = (node.targets if isinstance(node, ast.Assign) else
                   [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else [])
        for target in targets:
            while isinstance(target, (ast.Subscript, ast.Attribute)):
                target = target.value
            if isinstance(target, ast.Name):
                names.add(target.id)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
    if isinstance(statement, (ast.For, ast.While, ast.With, ast.If, ast.Try)):
        for node in ast.walk(statement):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                base = node.func.value
                while isinstance(base, (ast.Subscript, ast.Attribute)):
                    base = base.value
                if isinstance(base, ast.Name):
                    names.add(base.id)
    return names


def shortened_cells(nb):
    """The indices of the instructor's cells whose output comes from a demonstration that grading runs
    shortened: a statement that reads ``NBGRADER_EXECUTION`` makes its targets *shortened*; a cell that
    reads a shortened name is a shortened demonstration, and what its statements change is shortened in
    turn. Test cells (graded) and the student's cells are never counted: their outputs are the grade."""
    from ..collect.submissions import is_instructor_cell

    shortened, cells = set(), []
    for index, cell in enumerate(nb.cells):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type != "code" or meta.get("grade") or not is_instructor_cell(cell):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        hit = False
        lines = cell.source.splitlines()
        for statement in tree.body:       # its lines (not ast.get_source_segment: linear in the cell's size)
            text = "\n".join(lines[statement.lineno - 1:statement.end_lineno])
            if SHORTENED_BY in text or _names(statement, ast.Load) & shortened:
                if SHORTENED_BY not in text:
                    hit = True
                shortened |= _changed(statement)
        if hit:
            cells.append(index)
    return cells


def exercise_name(grade_id):
    return grade_id[len("test_"):] if grade_id.startswith("test_") else grade_id


def check_said(cell):
    """What a test cell's check said, in one line: ``passed`` (full marks), or the first line of the
    check's error. Never a line the cell printed: the student's code prints there too."""
    grading = cell.get("metadata", {}).get("nbgrader", {})
    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    if float(grading.get("score") or 0) >= float(grading.get("points") or 0) and not errors:
        return "passed"
    if not errors:
        return "no points"
    error = errors[-1]
    ename, evalue = error.get("ename", ""), ANSI.sub("", error.get("evalue", "") or "")
    if ename == "CellTimeoutError":
        return "stopped: it ran past the time limit"
    if ename == "KernelDied":
        return "stopped: the process running your code died"
    first = next((line for line in evalue.splitlines() if line.strip()), "")
    return (first or ename)[:300]


# ---- math without internet -------------------------------------------------------------------------

#: the registry package that ships MathJax 3 as single files, and the one the feedback inlines: TeX in,
#: SVG out (no font files to fetch), every TeX package built in (nothing loaded later)
MATHJAX_PACKAGE = "sphinx-mathjax-offline"
MATHJAX_FILE = "sphinx-mathjax-offline/static/mathjax/tex-svg-full.js"

#: MathJax's settings: $...$ and $$...$$ as in Jupyter; only the packages of ordinary math (no \style,
#: \class, \href or \require that a student's markdown could use to style the page, link or load);
#: no menu (which loads its accessibility parts from elsewhere)
MATHJAX_CONFIG = {
    "tex": {"inlineMath": [["$", "$"], ["\\(", "\\)"]], "displayMath": [["$$", "$$"], ["\\[", "\\]"]],
            "processEscapes": True,
            "packages": ["base", "ams", "boldsymbol", "newcommand", "configmacros", "noundefined", "noerrors"],
            "macros": {"href": ["{#2}", 2], "mmlToken": ["{}", 1]}},
    "svg": {"fontCache": "global"},
    "options": {"enableMenu": False, "ignoreHtmlClass": "tex2jax_ignore"},
    "loader": {"load": []},
    "startup": {"typeset": True},
}


@lru_cache(maxsize=1)
def mathjax_source():
    """MathJax's single-file build, from the installed registry package, to inline in a page."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        path = Path(distribution(MATHJAX_PACKAGE).locate_file(MATHJAX_FILE))
    except PackageNotFoundError:
        path = None
    if path is None or not path.is_file():
        raise RuntimeError(f"the feedback renders formulas with MathJax from the package {MATHJAX_PACKAGE}, "
                           f"which is not installed in this environment (pip install -r requirements.txt); "
                           f"expected {MATHJAX_FILE} in it")
    text = path.read_text(encoding="utf-8")
    if "</script" in text.lower():
        raise RuntimeError(f"{path} contains '</script', which would end the page's script early")
    return text


FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")


@lru_cache(maxsize=1)
def page_css():
    """The CSS of nbconvert's classic page (notebook layout, prompts, outputs), without its icon fonts,
    which the page neither uses nor carries."""
    from jupyter_core.paths import jupyter_path

    for folder in jupyter_path("nbconvert", "templates", "classic", "static"):
        path = Path(folder) / "style.css"
        if path.is_file():
            return FONT_FACE.sub("", path.read_text(encoding="utf-8"))
    raise RuntimeError("nbconvert's classic template (static/style.css) is not installed in this environment")


class ReadableFeedback(Preprocessor):
    """The feedback's view of an autograded notebook (see the module's docstring); also gives the
    template MathJax and the nonce its scripts carry (``resources["feedback"]``)."""

    enabled = True

    def preprocess(self, nb, resources):
        self._paths = _grader_paths(resources)
        self._shortened = set(shortened_cells(nb))
        self._noted = False
        resources["feedback"] = {"nonce": secrets.token_urlsafe(18), "mathjax": mathjax_source(), "css": page_css(),
                                 "mathjax_config": f"window.MathJax = {json.dumps(MATHJAX_CONFIG)};"}
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        meta = cell.metadata.get("nbgrader", {})
        if index in self._shortened and cell.get("outputs"):
            # what the shortened run printed or drew is left out; an error it raised (the student's
            # function not written, or failing) is the student's to see
            kept = [o for o in cell.outputs if o.get("output_type") == "error"]
            if len(kept) < len(cell.outputs):
                cell.metadata["feedback_note"] = SHORTENED_NOTE_AGAIN if self._noted else SHORTENED_NOTE
                self._noted = True
            cell.outputs = kept
        outputs = []
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "stream":
                output["text"] = readable_stream(output.get("text", ""), self._paths)
                if not output["text"].strip():
                    continue
            elif kind == "error":
                output["traceback"] = [error_message(output, self._paths)]
            elif "text/plain" in output.get("data", {}):
                output["data"]["text/plain"] = without_paths(output["data"]["text/plain"], self._paths)
            outputs.append(output)
        cell.outputs = outputs
        if meta.get("grade") and not meta.get("solution"):
            cell.metadata["feedback_exercise"] = exercise_name(meta.get("grade_id", ""))
            cell.metadata["feedback_check"] = without_paths(check_said(cell), self._paths)
        return cell, resources
