"""The feedback a student receives, and the formgrader's view an instructor opens, of graded notebooks.

One small class is graded once for the module: ``alice`` hands in the solution of all nine notebooks,
``bob`` a 04 with a wrong ``linear_backward`` and nothing else written, ``mallory`` a 01 whose markdown
and code carry every way of running script or styling a page that HTML offers. Then:

* every feedback file has the release's cells, once each and in order, plus the student's added cells;
* no traceback frame, path of the grader, progress bar or system noise; the demonstrations that
  grading shortens show a note instead of their output; the summary names each exercise, its score
  and what its check said, with the total;
* in Chromium (headless, every request other than the file itself refused): the feedback opens with
  no request, no script error, the exercise names and scores, and formulas rendered by MathJax (no
  ``$`` left); the hostile hand-in's feedback and its formgrader view run none of the student's
  script, fetch nothing, and none of its style applies (the error outputs stay visible).

Screenshots go to build/screenshots/ (git-ignored), named feedback-*.png and formgrader-*.png.
"""
import json
import os
import re
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from autograder.build import notebooks, versions
from autograder.collect import lms, submissions
from autograder.grade import batch, course
from autograder.report import feedback
from autograder.__main__ import main
from helpers import CHROMIUM, CHROMIUM_ARGS, SHOTS, jupyter_server, solution, with_answer

pytestmark = pytest.mark.slow

STAMP = "2026-01-01 00:00:00.000000 UTC"
WRONG_LINEAR_BACKWARD = '''def linear_backward(dZ, cache):
    A_prev, W, b = cache
    dW = np.dot(dZ, A_prev.T)
    db = np.sum(dZ, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db
'''


def mark(name):
    """JavaScript that, if it ever runs, leaves ``name`` where the browser test looks."""
    return f"top.__pwned=(top.__pwned||'')+'{name} ';top.document.title='pwned'"


#: name: HTML that would run script, fetch something or style the page, were it not cleaned
PAYLOADS = {
    "script": f"<script>{mark('script')}</script>",
    "img-onerror": f'<img src="x" onerror="{mark("img-onerror")}">',
    "svg-onload": f'<svg onload="{mark("svg-onload")}"><circle r="5"></circle></svg>',
    "iframe-srcdoc": f'<iframe srcdoc="<script>{mark("iframe-srcdoc")}</script>"></iframe>',
    "details-ontoggle": f'<details open ontoggle="{mark("details-ontoggle")}"><summary>s</summary>t</details>',
    "object": f'<object data="data:text/html,<script>{mark("object")}</script>"></object>',
    "meta-refresh": f'<meta http-equiv="refresh" content="0;url=javascript:{mark("meta-refresh")}">',
    "javascript-link": f'<a href="javascript:{mark("javascript-link")}">click me javascript</a>',
    "remote-image": '<img src="http://pwned.invalid/beacon.png">',
    "remote-style": '<link rel="stylesheet" href="http://pwned.invalid/style.css">',
    "style-tag": "<style>.output_error, .output_stderr, .output_area {display: none !important}"
                 " body {background: rgb(255, 0, 0) !important}</style>",
    "style-cover": '<div style="position: fixed; top: 0; left: 0; width: 100vw; height: 100vh; '
                   'background: white; z-index: 99999">covered</div>',
}
HOSTILE_MARKDOWN = ("# My notes\n\n" + "\n\n".join(PAYLOADS.values()) +
                    f"\n\n[click me markdown](javascript:{mark('markdown-link')})\n\n"
                    f"$\\style{{display:none}}{{x}} + \\class{{hidden}}{{y}} + "
                    f"\\href{{javascript:{mark('math-href')}}}{{z}}$\n")
#: an answer that is right, and prints and displays the payloads when it is called
HOSTILE_ANSWER = '''import numpy as np

def initialize_parameters(n_x, n_h, n_y, seed=1):
    print(@PAYLOAD@)
    try:
        from IPython.display import HTML, display
        display(HTML(@PAYLOAD@))
    except Exception:
        pass
    rng = np.random.RandomState(seed)
    return {"W1": rng.randn(n_h, n_x) * 0.01, "b1": np.zeros((n_h, 1)),
            "W2": rng.randn(n_y, n_h) * 0.01, "b2": np.zeros((n_y, 1))}
'''.replace("@PAYLOAD@", repr("".join(PAYLOADS.values())))
#: outputs of every type a student's code could make appear in a cell, each with a payload
HOSTILE_OUTPUTS = [
    nbformat.v4.new_output("display_data", data={"text/html": "".join(PAYLOADS.values()), "text/plain": "html"}),
    nbformat.v4.new_output("display_data", data={"application/javascript": mark("javascript-output"),
                                                 "text/plain": "js"}),
    nbformat.v4.new_output("display_data", data={"image/svg+xml": f'<svg xmlns="http://www.w3.org/2000/svg" '
                                                 f'onload="{mark("svg-output")}"><script>{mark("svg-script")}'
                                                 f'</script></svg>'}),
    nbformat.v4.new_output("display_data", data={"text/markdown": PAYLOADS["script"] + PAYLOADS["img-onerror"]}),
    nbformat.v4.new_output("display_data", data={"text/html": "<b>isolated</b>" + PAYLOADS["script"]},
                           metadata={"text/html": {"isolated": True}}),
    nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo="},
                           metadata={"image/png": {"width": f"1 onerror={mark('png-width')}"}}),
]


def notebook_bytes(nb):
    return nbformat.writes(nb).encode()


def hostile_notebook():
    nb = with_answer(solution(), "initialize_parameters", HOSTILE_ANSWER)
    nb = json.loads(nbformat.writes(nb))
    nb["cells"].insert(2, nbformat.v4.new_markdown_cell(HOSTILE_MARKDOWN))
    for cell in nb["cells"]:   # the second exercise not written: its check fails, an error output to hide
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == "initialize_parameters_deep":
            cell["source"] = 'def initialize_parameters_deep(layer_dims, seed=1, init="xavier"):\n    return {}\n'
    return nbformat.from_dict(nb)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The graded class, its feedback generated: the course directory."""
    return grade_class(tmp_path_factory.mktemp("feedback") / "course")


def grade_class(root, names=None):
    names = names or notebooks.names()
    versions.write_student_versions(names, root=root)
    for name in names:
        nb = versions.solution_version(nbformat.read(notebooks.notebook_path(name), as_version=4))
        lms.store(root, "alice", name, notebook_bytes(nb), STAMP)
    release_04 = nbformat.read(versions.release_path(root, "04_backward"), as_version=4)
    lms.store(root, "bob", "04_backward",
              notebook_bytes(with_answer(release_04, "linear_backward", WRONG_LINEAR_BACKWARD)), STAMP)
    lms.store(root, "mallory", "01_init", notebook_bytes(hostile_notebook()), STAMP)
    results = batch.autograde(root, names, workers=2, progress=None)
    assert {key: state["status"] for key, state in results.items() if state["status"] != "graded"} == {}
    # outputs of every type, as a student's code could make them, in mallory's graded notebook
    autograded = root / "autograded" / "mallory" / "01_init" / "01_init.ipynb"
    nb = nbformat.read(autograded, as_version=4)
    printout = next(c for c in nb.cells if c.cell_type == "code" and "initialize_parameters(" in c.source
                    and not c.metadata.get("nbgrader"))
    printout.outputs.extend(HOSTILE_OUTPUTS)
    nbformat.write(nb, autograded)
    assert main(["feedback", "--course", str(root)]) == 0
    return root


def feedback_html(root, student, name):
    return (root / "feedback" / student / name / f"{name}.html").read_text()


def handed_in(root):
    return [(student, name) for name in notebooks.names() for student in course.submitted_students(root, name)]


def test_a_hand_in_rebuilt_twice_is_the_hand_in_rebuilt_once(graded):
    """The regression of every cell shown twice: rebuilding a rebuilt hand-in changes nothing."""
    for name in notebooks.names():
        release = nbformat.read(versions.release_path(graded, name), as_version=4)
        student = versions.solution_version(nbformat.read(notebooks.notebook_path(name), as_version=4))
        student.cells.insert(3, nbformat.v4.new_code_cell("my_note = 1"))
        once = submissions.canonical(student, release)
        twice = submissions.canonical(once, release)
        assert [(c.cell_type, c.source) for c in twice.cells] == [(c.cell_type, c.source) for c in once.cells], name
        assert len(once.cells) == len(release.cells) + 1, name


def test_every_feedback_has_the_release_cells_once_in_order_and_the_students_own(graded):
    root = graded
    for student, name in handed_in(root):
        release = nbformat.read(versions.release_path(root, name), as_version=4)
        handed = nbformat.read(lms.submission_path(root, student, name), as_version=4)
        known = {c.id for c in release.cells}
        added = [c for c in handed.cells if c.id not in known]
        soup = BeautifulSoup(feedback_html(root, student, name), "html.parser")
        ids = [div["id"][len("cell-id="):] for div in soup.select("div.cell[id^='cell-id=']")]
        assert len(ids) == len(release.cells) + len(added), (student, name, len(ids), len(release.cells), len(added))
        assert [i for i in ids if i in known] == [c.id for c in release.cells], (student, name)
    # mallory's added markdown cell sits where she put it, after the release's second cell
    soup = BeautifulSoup(feedback_html(root, "mallory", "01_init"), "html.parser")
    cells = soup.select("div.cell[id^='cell-id=']")
    assert "My notes" in cells[2].get_text()


def test_feedback_shows_no_frame_path_progress_bar_or_noise_of_the_grader(graded):
    root = graded
    forbidden = ["Traceback (most recent call last)", "bubblewrap.py", "wire.py", "site-packages",
                 str(notebooks.ROOT), str(root), "Fontconfig", "it/s]", "%|", "NBGRADER_EXECUTION"]
    for student, name in handed_in(root):
        soup = BeautifulSoup(feedback_html(root, student, name), "html.parser")
        for script in soup.find_all(["script", "style"]):
            script.decompose()   # MathJax's and the page's own code: only what the page shows is checked
        text = soup.get_text()
        for bad in forbidden:
            if bad == "NBGRADER_EXECUTION":
                continue         # the notebooks' own source names it; checked below on outputs only
            assert bad not in text, (student, name, bad)
        for output in soup.select("div.output_area"):
            assert "NBGRADER_EXECUTION" not in output.get_text()
    # bob's linear_backward: the check's message without the frames around it
    text = BeautifulSoup(feedback_html(root, "bob", "04_backward"), "html.parser").get_text()
    assert "CheckFailure: linear_backward" in text and "not written yet" in text


def test_shortened_demonstrations_show_a_note_instead_of_their_output(graded):
    root = graded
    for name in ("01_init", "04_backward", "05_model", "06_regularization", "07_optimization", "09_layers_softmax"):
        autograded = nbformat.read(root / "autograded" / "alice" / name / f"{name}.ipynb", as_version=4)
        shortened = feedback.shortened_cells(autograded)
        assert shortened, f"{name}: no shortened demonstration found"
        # the cell that trains (or, in 01, runs a network) with the shortened setting is among them, and no test
        # cell is
        trains = [i for i, c in enumerate(autograded.cells)
                  if c.cell_type == "code" and re.search(r"num_iterations=(DEMO_ITERATIONS|num_iterations)|"
                                                         r"num_epochs=num_epochs|range\((toy_)?iterations\)|"
                                                         r"initialize_parameters_deep\(\[units\]", c.source)]
        assert trains and set(trains) <= set(shortened), (name, trains, shortened)
        assert not [i for i in shortened if autograded.cells[i].metadata.get("nbgrader", {}).get("grade")]
        soup = BeautifulSoup(feedback_html(root, "alice", name), "html.parser")
        cells = soup.select("div.cell[id^='cell-id=']")
        notes = []
        for index in shortened:
            cell = autograded.cells[index]
            shown = cells[index]
            assert shown["id"] == f"cell-id={cell.id}"
            assert not shown.select("div.output_area"), (name, index)   # alice's demonstrations raise nothing
            if cell.outputs:
                note = shown.find_next_sibling("div")
                assert note is not None and "feedback-note" in note.get("class", []), (name, index)
                notes.append(note.get_text(strip=True))
        # the first says why and what to do, the others that they are shortened too
        assert notes and notes[0] == feedback.SHORTENED_NOTE
        assert set(notes[1:]) <= {feedback.SHORTENED_NOTE_AGAIN}, notes
        for cell, shown in zip(autograded.cells, cells):   # the checks' outputs are all there
            if cell.metadata.get("nbgrader", {}).get("grade"):
                assert "checks passed" in shown.get_text() or "passed" in shown.get_text(), (name, cell.id)


def summary(root, student, name):
    soup = BeautifulSoup(feedback_html(root, student, name), "html.parser")
    rows = [[td.get_text(" ", strip=True) for td in tr.find_all("td")]
            for tr in soup.select("section.feedback-summary table tr")[1:]]
    return soup.select_one("section.feedback-summary h1").get_text(" ", strip=True), rows


def test_the_summary_names_each_exercise_with_its_score_and_the_total(graded):
    root = graded
    for student, name in handed_in(root):
        release = nbformat.read(versions.release_path(root, name), as_version=4)
        tests = [c.metadata["nbgrader"] for c in release.cells if c.metadata.get("nbgrader", {}).get("grade")]
        title, rows = summary(root, student, name)
        names = [row[0] for row in rows[:-1]]
        assert names == [feedback.exercise_name(t["grade_id"]) for t in tests], (student, name)
        assert "Test cell" not in title and all("test_" not in n for n in names)
        total = sum(t["points"] for t in tests)
        assert rows[-1][0] == "total" and rows[-1][1].endswith(f"/ {total:g}"), (student, name, rows[-1])
        if student == "alice":
            assert title == f"{name}: {total:g} / {total:g} points", title
            assert all(row[1] == f"{t['points']:g} / {t['points']:g}" and row[2] == "passed"
                       for row, t in zip(rows, tests)), (name, rows)
    title, rows = summary(root, "bob", "04_backward")
    assert rows[0][:2] == ["linear_backward", "0 / 2"] and "linear_backward" in rows[0][2], rows[0]
    assert rows[1][2].startswith("linear_activation_backward: not written yet"), rows[1]


# ---- in the browser ------------------------------------------------------------------------------

browser = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (install Debian's `chromium` "
                                                      "package, as .ci/run does, to run the browser tests)")


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class Visit:
    """A page opened offline: every request but the file itself refused and recorded, with its script
    errors and console errors."""

    def __init__(self, chromium, path, allow="file://"):
        self.requests, self.errors, self.console, self.allow = [], [], [], allow
        self.page = chromium.new_page(viewport={"width": 1280, "height": 1000})
        self.page.route("**/*", self._route)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda m: self.console.append(m.text) if m.type == "error" else None)
        if path is not None:
            self.page.goto(path.as_uri())

    def _route(self, route):
        if route.request.url.startswith(self.allow):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def typeset(self):
        self.page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=30_000)
        self.page.evaluate("MathJax.startup.promise")

    def close(self):
        self.page.close()


def assert_reads_well(visit, root, student, name):
    page = visit.page
    visit.typeset()
    assert visit.requests == [] and visit.errors == [] and visit.console == [], \
        (visit.requests, visit.errors, visit.console)
    release = nbformat.read(versions.release_path(root, name), as_version=4)
    summary_text = page.locator("section.feedback-summary").inner_text()
    tests = [c.metadata["nbgrader"] for c in release.cells if c.metadata.get("nbgrader", {}).get("grade")]
    for test in tests:
        assert feedback.exercise_name(test["grade_id"]) in summary_text
    rows = page.locator("table.feedback-exercises tr").all_inner_texts()[1:]
    assert len(rows) == len(tests) + 1 and rows[-1].startswith("total")
    for row, test in zip(rows, tests):   # each exercise's score beside its name, out of its points
        assert re.search(rf"^{re.escape(feedback.exercise_name(test['grade_id']))}\s+\d+ / {test['points']:g}\b", row), row
    assert page.locator("mjx-container").count() > 0, "no formula rendered"
    texts = page.locator("div.text_cell_render").all_inner_texts()
    assert not [t for t in texts if "$" in t], [t for t in texts if "$" in t][:3]
    assert "\\frac" not in " ".join(texts) and "^{[" not in " ".join(texts)
    # long lines wrap: no output wider than its column
    too_wide = page.evaluate("""Array.from(document.querySelectorAll('div.output_subarea pre'))
        .filter(e => e.scrollWidth > e.clientWidth + 1).length""")
    assert too_wide == 0


@browser
@pytest.mark.parametrize("student, name, shot", [("alice", "04_backward", "feedback-04-full-marks"),
                                                 ("alice", "05_model", "feedback-05-full-marks"),
                                                 ("bob", "04_backward", "feedback-04-mistakes")])
def test_feedback_opens_offline_with_exercises_scores_and_math(graded, chromium, student, name, shot):
    visit = Visit(chromium, graded / "feedback" / student / name / f"{name}.html")
    try:
        assert_reads_well(visit, graded, student, name)
        visit.page.screenshot(path=str(SHOTS / f"{shot}.png"))
        if student == "bob":
            label = visit.page.locator("div.feedback-label", has_text="Check of linear_backward")
            label.scroll_into_view_if_needed()
            visit.page.screenshot(path=str(SHOTS / f"{shot}-check.png"))
            assert "0 / 2" in label.inner_text()
        if name == "05_model":
            note = visit.page.get_by_text(feedback.SHORTENED_NOTE).first
            note.scroll_into_view_if_needed()
            visit.page.screenshot(path=str(SHOTS / f"{shot}-shortened.png"))
    finally:
        visit.close()


def assert_nothing_of_the_student_ran(visit, title):
    page = visit.page
    link = page.get_by_text("click me javascript")
    if link.count():
        link.first.click()
    page.get_by_text("click me markdown").first.click()
    page.wait_for_timeout(500)
    assert page.evaluate("window.__pwned") is None
    assert page.title() == title
    assert not [url for url in visit.requests if "pwned" in url], visit.requests
    assert not [error for error in visit.errors if "pwned" in error], visit.errors
    assert page.locator("iframe, object, embed, svg[onload]").count() == 0
    styled = page.evaluate("""Array.from(document.querySelectorAll('.text_cell_render [style], .output_area [style]'))
        .filter(e => !e.closest('mjx-container') && !e.closest('pre'))   // colours of terminal text are the page's
        .map(e => e.outerHTML.slice(0, 80))""")
    assert styled == [], styled
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(255, 0, 0)"
    errors = page.locator("div.output_error")
    assert errors.count() > 0, "the hostile notebook's failed check should show an error"
    for i in range(errors.count()):
        error = errors.nth(i)
        error.scroll_into_view_if_needed()
        assert error.is_visible()
        box = error.bounding_box()
        on_top = page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('div.output_error') !== null",
                               [box["x"] + 5, box["y"] + box["height"] / 2])
        assert on_top, "something of the student's covers the error output"


@browser
def test_hostile_feedback_runs_no_student_script_and_applies_no_student_style(graded, chromium):
    path = graded / "feedback" / "mallory" / "01_init" / "01_init.html"
    html = path.read_text()
    assert "click me javascript" in html and "covered" in html   # the payloads are there, made harmless
    visit = Visit(chromium, path)
    try:
        visit.typeset()
        title = "01_init: feedback for mallory"
        assert visit.page.title() == title
        visit.page.get_by_text("My notes").first.scroll_into_view_if_needed()
        visit.page.screenshot(path=str(SHOTS / "feedback-hostile.png"))
        assert_nothing_of_the_student_ran(visit, title)
        assert visit.requests == [], visit.requests
        assert visit.errors == [], visit.errors
    finally:
        visit.close()


def formgrader_html(root, student, name):
    """The formgrader's page of a submission, made as its server makes it: nbgrader's HTMLExporter with
    the course directory's configuration and the formgrader's template."""
    from nbconvert.exporters import HTMLExporter
    from nbgrader.server_extensions.formgrader import handlers

    cfg = course.config(root)
    cfg.HTMLExporter.template_name = "formgrade"
    cfg.HTMLExporter.extra_template_basedirs = [handlers.template_path]
    resources = {"assignment_id": name, "notebook_id": name, "submission_id": "1", "index": 0, "total": 1,
                 "base_url": "", "student": student, "last_name": None, "first_name": None,
                 "notebook_path": f"autograded/{student}/{name}/{name}.ipynb"}
    html, _ = HTMLExporter(config=cfg).from_filename(
        str(root / "autograded" / student / name / f"{name}.ipynb"), resources=resources)
    return html


@browser
def test_hostile_submission_in_the_formgrader_runs_no_student_script(graded, chromium, tmp_path):
    path = tmp_path / "formgrade.html"
    path.write_text(formgrader_html(graded, "mallory", "01_init"))
    visit = Visit(chromium, path)
    try:
        visit.page.wait_for_load_state("load")
        title = visit.page.title()
        assert "pwned" not in title
        visit.page.get_by_text("My notes").first.scroll_into_view_if_needed()
        visit.page.screenshot(path=str(SHOTS / "formgrader-hostile.png"))
        assert_nothing_of_the_student_ran(visit, title)
        # the formgrader's own scripts and MathJax come from its server: refused here, and only they
        assert all("/formgrader/static/" in url or "mathjax" in url.lower() for url in visit.requests), visit.requests
    finally:
        visit.close()


@pytest.fixture(scope="module")
def formgrader(graded, tmp_path_factory):
    """nbgrader's formgrader, served as an instructor starts it: a Jupyter server in the course directory,
    whose nbgrader_config.py loads the course's; (base url, token)."""
    env = {k: v for k, v in os.environ.items() if k != "JUPYTER_CONFIG_PATH"}   # nbgrader's panels on
    with jupyter_server("server", [f"--ServerApp.root_dir={graded}"], tmp_path_factory.mktemp("formgrader-log"),
                        "the Jupyter server", cwd=graded, env=env) as (base, token, _):
        yield base, token


@browser
def test_hostile_submission_in_the_running_formgrader_runs_no_student_script(graded, formgrader, chromium):
    """The formgrader's page of the hostile hand-in, from its server: only the server's own files load."""
    base, token = formgrader
    with course.gradebook(graded) as gb:
        submission = gb.find_submission_notebook("01_init", "01_init", "mallory").id
    visit = Visit(chromium, None, allow=base)
    try:
        visit.page.goto(f"{base}/formgrader/submissions/{submission}/?token={token}")
        visit.page.get_by_text("My notes").first.wait_for(timeout=60_000)
        title = visit.page.title()
        assert "pwned" not in title
        visit.page.get_by_text("My notes").first.scroll_into_view_if_needed()
        visit.page.screenshot(path=str(SHOTS / "formgrader-hostile-served.png"))
        assert_nothing_of_the_student_ran(visit, title)
        # what was refused is MathJax from its CDN (the formgrader's own choice), nothing of the student's
        assert all("mathjax" in url.lower() for url in visit.requests), visit.requests
    finally:
        visit.close()


def test_an_error_of_the_students_code_reads_as_its_message_and_the_line_that_raised_it():
    """The feedback shows an error as ``ename: evalue`` alone; for an exception of the submission's,
    the trusted side's note names the student's innermost line (the innermost frame of their cells,
    not numpy's below it), quoted as a check's hint quotes it."""
    note = ("ValueError: shapes (2,2) and (1,2) not aligned\nin the submission's code:\n"
            '  File "<your cell>", line 9, in initialize_parameters\n    W2 = helper(W1)\n'
            '  File "<your cell>", line 3, in helper\n    return np.dot(W1, W1[:1])\n'
            '  File "/srv/env/numpy/core/multiarray.py", line 5, in dot\n    raise ValueError\n')
    output = {"ename": "ValueError", "evalue": "shapes (2,2) and (1,2) not aligned",
              "traceback": ["\x1b[31m----\x1b[0m", "Cell In[3], line 1", "\x1b[31m" + note]}
    assert feedback.error_message(output, ["/srv/env"]) == (
        "ValueError: shapes (2,2) and (1,2) not aligned\n"
        "It was raised by `return np.dot(W1, W1[:1])` (in helper, line 3 of its cell).")
    # a long line is still the innermost one, cut to one short line
    long = "x = " + " + ".join(["W1"] * 100)
    output["traceback"][-1] = note.replace("return np.dot(W1, W1[:1])", long)
    assert feedback.error_message(output, []).endswith("...` (in helper, line 3 of its cell).")
    # no note (an error of the instructor's code, a check's failure): the message alone
    output = {"ename": "KeyError", "evalue": "'W3'", "traceback": ["Traceback", 'File "/srv/env/x.py", line 2, in f']}
    assert feedback.error_message(output, ["/srv/env"]) == "KeyError: 'W3'"


def test_a_stream_reads_as_a_terminal_shows_it_without_bars_noise_or_paths():
    bars = ("\rtwo_layer_model:   0%|          | 0/300 [00:00<?, ?it/s]"
            "\rtwo_layer_model:   0%|          | 0/300 [00:00<?, ?it/s, cost=0.693111]Cost after iteration 0: 0.69\n"
            "\rtwo_layer_model: 100%|##########| 300/300 [00:01<00:00, 250.00it/s, cost=0.05]\n"
            "len(costs) = 3\nFontconfig error: Cannot load default config file\n\x1b[31mred\x1b[0m in /srv/course/x\n")
    assert feedback.readable_stream(bars, ["/srv/course"]) == "Cost after iteration 0: 0.69\nlen(costs) = 3\nred in .../x\n"
    # a line of megabytes (a student's print) is read in linear time, not stuck in the pattern
    started = time.perf_counter()
    for huge in ("x" * 2_000_000, "5%|" + "#" * 2_000_000, "ab: 1%|" * 300_000):
        assert len(feedback.readable_stream(huge, ["/srv/course"])) >= len(huge) // 2
    assert time.perf_counter() - started < 60


def test_the_cleaner_keeps_text_code_and_embedded_pictures_and_escapes_the_rest():
    cleaned = feedback.clean_html("".join(PAYLOADS.values()))
    soup = BeautifulSoup(cleaned, "html.parser")
    assert not soup.find_all(["script", "style", "iframe", "svg", "object", "meta", "link"])
    assert not [tag for tag in soup.find_all(True) for attr in tag.attrs
                if attr.startswith("on") or attr == "style" or (attr in ("href", "src") and not
                    str(tag.attrs[attr]).startswith(("http://pwned", "x", "#", "data:image/")))]
    assert "javascript:" not in "".join(str(a.get("href")) for a in soup.find_all("a"))
    assert not [img for img in soup.find_all("img") if img.get("src")]   # neither "x" nor a remote address
    kept = feedback.clean_html('<p>A <b>table</b></p><table><tr><td colspan="2">1</td></tr></table>'
                               '<img src="data:image/png;base64,iVBORw0KGgo=" alt="a">'
                               '<div class="highlight"><pre><span class="k">def</span></pre></div>'
                               '<details><summary>Hint</summary>x</details><a href="https://example.org">w</a>')
    assert kept == ('<p>A <b>table</b></p><table><tbody><tr><td colspan="2">1</td></tr></tbody></table>'
                    '<img src="data:image/png;base64,iVBORw0KGgo=" alt="a">'
                    '<div class="highlight"><pre><span class="k">def</span></pre></div>'
                    '<details><summary>Hint</summary>x</details><a href="https://example.org">w</a>')
    for link in ('<a href="data:text/html,<script>x</script>">d</a>', '<a href="d\nata:text/html,x">d</a>',
                 '<a href="JaVa\tScRiPt:alert(1)">j</a>'):
        assert "href" not in feedback.clean_html(link), link
    # a class of the page's layout is not kept: it could cover or hide what the page shows
    assert "class" not in feedback.clean_html('<div class="modal-backdrop navbar-fixed-top">x</div>')
