"""The grade table, the LMS gradebook, the class report (Markdown, HTML, figure) and what the
commands print: counted on grade tables made row by row with known numbers, then end to end on a
small synthetic class graded through the instructor's commands (and the HTML report opened in
Chromium, offline)."""
import contextlib
import csv
import io
import os
import re
import shutil
import subprocess
import sys

import nbformat
import pytest

from autograder.build import notebooks, versions
from autograder.collect import lms
from autograder.grade import batch
from autograder.report import tables
from autograder.scale import synthetic
from autograder.__main__ import COURSE, autograde_summary, main, parse

SHOTS = notebooks.ROOT / "build" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HOSTILE = "<script>alert('x')</script> | **bold** [link](http://example.invalid) `code`"


def row(student, notebook, exercise, status, score="", max_score=2.0, mistake=""):
    return {"student": student, "notebook": notebook, "exercise": exercise, "score": score,
            "max_score": max_score, "status": status, "mistake": mistake}


#: 02's exercises in the released notebook's order, which is not the alphabetical one
FORWARD = ["test_linear_forward", "test_linear_activation_forward", "test_L_model_forward"]
#: the statuses of 10 students per exercise of 02, and of 01's one exercise
OUTCOMES = {
    "test_linear_forward": ["passed"] * 3 + ["failed: Z has the wrong shape"] * 3
    + ["failed: Z is off by b"] * 2 + ["failed: a TypeError"] + ["not attempted"],
    "test_linear_activation_forward": ["passed"] * 4 + ["passed, on the course's linear_forward"] * 3
    + ["timeout", "kernel died"] + ["not attempted"],
    "test_L_model_forward": ["passed, on the course's linear_forward, linear_activation_forward"] * 2
    + ["passed (unsandboxed)"] + ["not attempted"] * 5
    + ["invalid submission: not JSON", "error"],
}
MISTAKES = {"failed: Z has the wrong shape": "W and A_prev multiplied in the wrong order",
            "failed: Z is off by b": "did you add b?"}


def class_rows():
    """A grade table in course order: 02 (10 students, OUTCOMES), 01 with one exercise that the
    last four students did not hand in; rows of 02 come first, as a table of 02 then 01 would."""
    rows = []
    for exercise in FORWARD:
        for i, status in enumerate(OUTCOMES[exercise]):
            rows.append(row(f"s{i}", "02_forward", exercise, status, mistake=MISTAKES.get(status, ""),
                            score=2.0 if status.startswith("passed") else ("" if "invalid" in status else 0.0)))
    for i in range(10):
        rows.append(row(f"s{i}", "01_init", "test_initialize_parameters", "passed" if i < 6 else "not submitted",
                        score=1.0 if i < 6 else "", max_score=1.0))
    return rows


# ---- counting -----------------------------------------------------------------------------------

def test_exercises_come_in_course_order_with_their_counts():
    exercises = tables.summarize(class_rows())
    assert [(e["notebook"], e["exercise"]) for e in exercises] == \
        [("01_init", "test_initialize_parameters")] + [("02_forward", x) for x in FORWARD]
    counts = {e["exercise"]: e["counts"] for e in exercises}
    assert counts["test_linear_forward"] == {
        "passed": 3, "passed on an earlier exercise": 0, "wrong": 6, "not attempted": 1,
        "timeout or kernel died": 0, "not graded": 0, "not submitted": 0}
    assert counts["test_linear_activation_forward"] == {
        "passed": 4, "passed on an earlier exercise": 3, "wrong": 0, "not attempted": 1,
        "timeout or kernel died": 2, "not graded": 0, "not submitted": 0}
    assert counts["test_L_model_forward"] == {
        "passed": 1, "passed on an earlier exercise": 2, "wrong": 0, "not attempted": 5,
        "timeout or kernel died": 0, "not graded": 2, "not submitted": 0}
    assert counts["test_initialize_parameters"]["passed"] == 6
    assert counts["test_initialize_parameters"]["not submitted"] == 4


def test_the_most_frequent_mistakes_are_the_checks_with_counts_and_an_example():
    linear = next(e for e in tables.summarize(class_rows(), top=2) if e["exercise"] == "test_linear_forward")
    assert linear["mistakes"] == [("W and A_prev multiplied in the wrong order", 3, "Z has the wrong shape"),
                                  ("did you add b?", 2, "Z is off by b")]
    assert linear["other_mistakes"] == 1        # the TypeError, whose check named no mistake
    everything = tables.summarize(class_rows(), top=5)
    linear = next(e for e in everything if e["exercise"] == "test_linear_forward")
    assert ("", 1, "a TypeError") in linear["mistakes"] and linear["other_mistakes"] == 0


def test_a_pass_on_the_courses_earlier_exercise_is_a_pass_never_a_mistake(tmp_path):
    markdown = tables.class_report(class_rows(), tmp_path)
    exercises = {e["exercise"]: e for e in tables.summarize(class_rows())}
    assert exercises["test_linear_activation_forward"]["mistakes"] == []
    table = markdown.split("## The most frequent mistakes")[1]
    assert "passed" not in table.lower() and "linear_activation_forward" not in table
    # the pass rate counts it: 7 passed of the 10 minus none ungraded
    line = next(x for x in markdown.splitlines() if "| test_linear_activation_forward |" in x)
    assert line.endswith("| 4 | 3 | 0 | 1 | 2 | 0 | 0 | 70% |"), line
    line = next(x for x in markdown.splitlines() if "| test_L_model_forward |" in x)
    assert line.endswith("| 1 | 2 | 0 | 5 | 0 | 2 | 0 | 38% |"), line      # 3 of the 8 graded


def test_the_report_lists_what_could_not_be_graded_and_what_was_not_handed_in(tmp_path):
    markdown = tables.class_report(class_rows(), tmp_path)
    assert "- s8, 02_forward: invalid submission: not JSON" in markdown
    assert "- s9, 02_forward: error" in markdown
    assert "- 01_init: s6, s7, s8, s9" in markdown
    assert markdown.index("| 01_init |") < markdown.index("| 02_forward | test_linear_forward |") < \
        markdown.index("| 02_forward | test_linear_activation_forward |") < markdown.index("| 02_forward | test_L_model_forward |")


def test_what_a_submission_wrote_is_shown_as_text_in_markdown_and_html(tmp_path):
    rows = class_rows() + [row("<b>eve</b>", "02_forward", x, f"failed: {HOSTILE}", score=0.0,
                               mistake="did you add b?") for x in FORWARD[:1]]
    rows += [row("<b>eve</b>", "02_forward", x, f"invalid submission: {HOSTILE}") for x in FORWARD[1:]]
    markdown = tables.class_report(rows, tmp_path)
    page = (tmp_path / "class_report.html").read_text()
    assert "<script" not in markdown and "<b>" not in markdown and "](http" not in markdown
    assert "&lt;script\\>alert\\('x'\\)&lt;/script\\> \\| \\*\\*bold\\*\\*" in markdown
    for line in markdown.splitlines():      # no cell of a table is split by a quoted "|"
        if line.startswith("| 02_forward | test_linear_forward | did you add b?"):
            assert len(re.split(r"(?<!\\)\|", line)) == 7, line
    assert "<script" not in page and "<b>eve" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; | **bold**" in page
    assert "&lt;b&gt;eve&lt;/b&gt;" in page


def test_the_html_report_stands_alone(tmp_path):
    tables.class_report(class_rows(), tmp_path)
    page = (tmp_path / "class_report.html").read_text()
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), "the report loads something from the network"
    assert 'src="data:image/png;base64,' in page
    png = (tmp_path / "class_report.png").read_bytes()
    assert png.startswith(b"\x89PNG")
    import base64
    assert base64.b64encode(png).decode() in page


def test_the_figure_grows_with_the_exercises(tmp_path):
    import matplotlib.image

    tables.class_report(class_rows(), tmp_path / "small")
    more = class_rows() + [row("s0", "09_layers", f"test_{i}", "passed") for i in range(20)]
    tables.class_report(more, tmp_path / "large")
    small = matplotlib.image.imread(tmp_path / "small" / "class_report.png")
    large = matplotlib.image.imread(tmp_path / "large" / "class_report.png")
    assert small.shape[1] == large.shape[1] and large.shape[0] > small.shape[0] + 20 * 0.3 * 150 * 0.9


# ---- the grade table's totals ---------------------------------------------------------------------

def test_the_lms_gradebook_has_a_row_per_student_a_column_per_notebook_and_the_total():
    out = io.StringIO()
    tables.write_totals_csv(class_rows(), out)
    table = list(csv.reader(io.StringIO(out.getvalue())))
    assert table[0] == ["student", "02_forward", "01_init", "total"]
    rows = {r[0]: r[1:] for r in table[1:]}
    assert sorted(rows) == [f"s{i}" for i in range(10)]
    assert rows["s0"] == ["6", "1", "7"]                 # three passes of 2 points, and 01's one
    assert rows["s3"] == ["2", "1", "3"]                  # wrong, passed, not attempted
    assert rows["s5"] == ["2", "1", "3"]                  # wrong, passed on the earlier one, not attempted
    assert rows["s7"] == ["0", "", "0"]                   # 01 not submitted: empty, counted 0 in the total
    assert rows["s8"] == ["0", "", "0"]                   # 02: two exercises scored 0, one with no score
    names, max_scores, _ = tables.totals(class_rows())
    assert names == ["02_forward", "01_init"] and max_scores == {"02_forward": 60.0, "01_init": 10.0}


def test_a_notebook_no_exercise_of_which_has_a_score_is_empty_not_zero():
    rows = [row("a", "03_cost", "test_compute_cost", "invalid submission: empty"),
            row("a", "01_init", "test_initialize_parameters", "failed: wrong", score=0.0),
            row("b", "03_cost", "test_compute_cost", "passed", score=2.0),
            row("b", "01_init", "test_initialize_parameters", "not submitted")]
    out = io.StringIO()
    tables.write_totals_csv(rows, out)
    assert out.getvalue().splitlines() == ["student,03_cost,01_init,total", "a,,0,0", "b,2,,2"]


# ---- the commands -----------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["notebooks", "check", "student", "solution", "build", "lab", "release",
                                     "collect", "autograde", "feedback", "export", "report"])
def test_every_command_has_its_own_help_with_an_example(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0
    assert out.startswith(f"usage: python -m autograder {command} ")
    assert f"example:\n  python -m autograder {command}" in out


def test_the_general_help_lists_every_command_and_points_to_their_own():
    general = subprocess.run([sys.executable, "-m", "autograder", "--help"], capture_output=True, text=True,
                             cwd=str(notebooks.ROOT)).stdout
    for command in ("notebooks", "check", "student", "solution", "build", "lab", "release", "collect",
                    "autograde", "feedback", "export", "report"):
        assert f"\n  {command} " in general, command
    assert '"python -m autograder COMMAND --help"' in general


def test_the_course_directory_defaults_to_the_readmes_and_the_builds_to_build_course():
    for command in ("release", "collect", "autograde", "feedback", "export", "report"):
        assert parse([command]).course == COURSE == notebooks.ROOT / "course"
    for command in ("student", "build", "lab"):
        assert parse([command]).course == notebooks.ROOT / "build" / "course"
    makefile = (notebooks.ROOT / "Makefile").read_text()
    assert "COURSE ?= course\n" in makefile


def test_notebooks_and_options_come_in_any_order_as_the_makefile_and_the_job_give_them():
    args = parse(["autograde", "--course", "c", "01", "--shard", "1/2", "03", "--workers", "1"])
    assert (args.command, args.notebook, str(args.course), args.shard, args.workers) == \
        ("autograde", ["01", "03"], "c", (1, 2), 1)
    args = parse(["export", "01", "--course", "c", "--totals"])
    assert args.notebook == ["01"] and args.totals


def test_an_option_of_another_command_is_refused_saying_so(capsys):
    with pytest.raises(SystemExit) as done:
        parse(["export", "--workers", "2"])
    assert done.value.code == 2 and "export: error: unrecognized arguments: --workers" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["export", "report"])
def test_a_course_directory_with_nothing_handed_in_is_told_so(command, tmp_path, capsys):
    assert main([command, "--course", str(tmp_path)]) == 2
    assert f"{command}: no submission in {tmp_path.resolve() / 'submitted'}" in capsys.readouterr().err
    assert not (tmp_path / "reports").exists()


def test_each_submission_gets_a_line_with_its_score_and_the_batch_a_summary():
    graded = {"status": "graded", "score": 7.0, "max_score": 9.0, "outcome": "graded", "stopped": []}
    assert batch.progress_line("04_backward", "alice", graded) == "autograde 04_backward alice 7/9: graded"
    stopped = dict(graded, score=2.5, outcome="timeout", stopped=["test_L_model_backward"])
    assert batch.progress_line("04_backward", "bob", stopped) == \
        "autograde 04_backward bob 2.5/9: timeout in test_L_model_backward"
    invalid = {"status": "invalid", "detail": "not a notebook: not JSON\nmore"}
    assert batch.progress_line("04_backward", "carol", invalid) == \
        "autograde 04_backward carol: invalid (not a notebook: not JSON)"
    assert batch.progress_line("04_backward", "dan", dict(graded, skipped=True)) == \
        "autograde 04_backward dan 7/9: already graded"
    results = {("a", "x"): graded, ("b", "x"): stopped, ("c", "x"): invalid, ("d", "x"): dict(graded, skipped=True),
               ("e", "x"): {"status": "error", "detail": "nbgrader failed"},
               ("f", "x"): dict(graded, outcome="kernel died", stopped=["t"])}
    assert autograde_summary(results) == ("autograde: 6 submissions: 2 graded, 2 with a timeout or a dead kernel, "
                                          "1 invalid, 1 could not be graded (error); 1 of them graded by an "
                                          "earlier run and unchanged")


# ---- end to end: a small class through the commands ----------------------------------------------------

NAMES = ["02_forward", "03_cost"]
STUDENTS = 6        # synthetic.handins: a third the solution, a third the release untouched, a third broken


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """Six students hand in 02 and 03 (synthetic), "late" hands in 03 only, "garbage" an 02 that is not
    a notebook; graded with ``python -m autograder autograde``; returns the course and its output."""
    root = tmp_path_factory.mktemp("report") / "course"
    versions.write_student_versions(NAMES, root=root)
    stamp = "2026-01-01 00:00:00 UTC"
    for student, name, nb in synthetic.handins(NAMES, STUDENTS, root):
        lms.store(root, student, name, nbformat.writes(nb).encode(), stamp)
    _, _, solution = next(synthetic.handins(["03_cost"], 1, root))
    lms.store(root, "late", "03_cost", nbformat.writes(solution).encode(), stamp)
    lms.store(root, "garbage", "02_forward", b"<html>" + HOSTILE.encode() + b"</html>", stamp)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["autograde", *NAMES, "--course", str(root), "--workers", "2"])
    return root, code, out.getvalue()


@pytest.mark.slow
def test_autograde_prints_each_score_and_a_summary(graded_class):
    _, code, out = graded_class
    lines = out.splitlines()
    assert code == 0, out
    # 02: exercises of 1, 2 and 3 points; 03: one of 2. Of the student whose first answer is broken, 02's
    # later exercises pass on the course's linear_forward and keep their points
    scores = {"02_forward": ("6/6", "0/6", "5/6"), "03_cost": ("2/2", "0/2", "0/2")}
    for name in NAMES:
        for i in range(STUDENTS):       # solution, release untouched, first answer broken, and again
            assert f"autograde {name} student{i:03d} {scores[name][i % 3]}: graded" in lines, lines
    assert "autograde 03_cost late 2/2: graded" in lines
    assert any(x.startswith("autograde 02_forward garbage: invalid (") for x in lines), lines
    assert lines[-1] == f"autograde: {2 * STUDENTS + 2} submissions: {2 * STUDENTS + 1} graded, 0 with a timeout or " \
                        "a dead kernel, 1 invalid, 0 could not be graded (error)"


@pytest.mark.slow
def test_the_grade_table_has_a_row_for_every_notebook_a_known_student_did_not_hand_in(graded_class, tmp_path):
    root, _, _ = graded_class
    rows = tables.exercise_rows(root, NAMES)
    students = sorted({r["student"] for r in rows})
    assert students == sorted([f"student{i:03d}" for i in range(STUDENTS)] + ["late", "garbage"])
    assert len(rows) == len(students) * 4                      # 02 has three exercises, 03 one
    late = [r for r in rows if r["student"] == "late" and r["notebook"] == "02_forward"]
    assert [r["exercise"] for r in late] == FORWARD and {r["status"] for r in late} == {"not submitted"}
    assert {r["score"] for r in late} == {""}
    garbage = [r for r in rows if r["student"] == "garbage" and r["notebook"] == "03_cost"]
    assert [r["status"] for r in garbage] == ["not submitted"]
    assert main(["export", "--course", str(root), "--totals", "--output", str(tmp_path / "gradebook.csv")]) == 0
    gradebook = list(csv.reader((tmp_path / "gradebook.csv").open()))
    assert gradebook[0] == ["student", "02_forward", "03_cost", "total"]
    by_student = {r[0]: r[1:] for r in gradebook[1:]}
    assert by_student["late"] == ["", "2", "2"] and by_student["garbage"] == ["", "", "0"]
    assert by_student["student000"] == ["6", "2", "8"] and by_student["student001"] == ["0", "0", "0"]


@pytest.mark.slow
def test_the_class_report_counts_the_synthetic_class(graded_class, capsys):
    root, _, _ = graded_class
    assert main(["report", "--course", str(root)]) == 0
    assert "class_report.html" in capsys.readouterr().out
    markdown = (root / "reports" / "class_report.md").read_text()
    exercises, mistakes = markdown.split("## The most frequent mistakes")
    rows = {line.split(" | ")[1]: line for line in exercises.splitlines() if line.startswith("| 0")}
    assert list(rows) == ["test_linear_forward", "test_linear_activation_forward", "test_L_model_forward",
                          "test_compute_cost"]
    # per exercise: passed, passed on an earlier exercise, wrong, not attempted, timeout, not graded,
    # not submitted; the broken students' (first answer returns None) later exercises pass on the
    # course's linear_forward
    assert rows["test_linear_forward"].endswith("| 2 | 0 | 2 | 2 | 0 | 1 | 1 | 33% |"), rows
    assert rows["test_linear_activation_forward"].endswith("| 2 | 2 | 0 | 2 | 0 | 1 | 1 | 67% |"), rows
    assert rows["test_L_model_forward"].endswith("| 2 | 2 | 0 | 2 | 0 | 1 | 1 | 67% |"), rows
    assert rows["test_compute_cost"].endswith("| 3 | 0 | 2 | 2 | 0 | 0 | 1 | 43% |"), rows
    mistakes = mistakes.split("\n## ")[0]
    named = [line for line in mistakes.splitlines() if line.startswith("| 0")]
    assert {line.split(" | ")[1] for line in named} == {"test_linear_forward", "test_compute_cost"}, named
    assert all(line.split(" | ")[3] == "2" for line in named), named
    assert "- garbage, 02_forward: invalid submission" in markdown
    assert "## Not submitted\n\n- 02_forward: late\n- 03_cost: garbage\n" in markdown


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (install Debian's `chromium` package, "
                                             "as .ci/run does, to open the report in a browser)")
def test_the_html_report_opens_offline_in_a_browser(graded_class):
    from playwright.sync_api import sync_playwright

    root, _, _ = graded_class
    main(["report", "--course", str(root)])
    SHOTS.mkdir(parents=True, exist_ok=True)
    requests, errors = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto((root / "reports" / "class_report.html").as_uri())
        width = page.evaluate("document.querySelector('img').naturalWidth")
        cells = page.locator("table").first.locator("tbody tr").all_inner_texts()
        text = page.inner_text("body")
        page.screenshot(path=str(SHOTS / "class_report_html.png"), full_page=True)
        browser.close()
    shutil.copyfile(root / "reports" / "class_report.png", SHOTS / "class_report.png")
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    assert errors == []
    assert width > 500                                      # the figure, from inside the page
    assert [c.split("\t")[0] for c in cells] == ["02_forward", "linear_forward", "linear_activation_forward",
                                                 "L_model_forward", "03_cost", "compute_cost"]
    assert "The most frequent mistakes" in text and "Not submitted" in text
