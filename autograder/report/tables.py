"""The grade table and the class report, read from a graded course directory.

- :func:`exercise_rows`: one row per student, notebook and exercise (score, max_score, status and
  the mistake the check named), for every student the course knows: a notebook a student did not
  hand in has rows with the status ``not submitted``;
- :func:`write_csv` writes them as CSV; :func:`write_totals_csv` writes the gradebook an LMS
  imports: one row per student, one column per notebook, and the total;
- :func:`class_report` sums them up for the class, exercise by exercise in course order, as
  Markdown, HTML and a figure (``class_report.md``, ``.html``, ``.png``);
- :func:`submission_summary`: one submission's score and outcome, as ``autograde`` prints it.

What an exercise's status says is found by :func:`grade.batch._exercise_status`.
"""
import base64
import csv
import html
import re
from collections import Counter, defaultdict
from pathlib import Path

import nbformat

from ..build import notebooks
from ..collect import lms
from ..grade import course
from ..grade.batch import UNSANDBOXED, _exercise_status, _release, read_state

NOT_SUBMITTED = "not submitted"


# ---- the grade table -----------------------------------------------------------------------------

def _test_cells(nb):
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"]


def known_students(root):
    """The students with a submission of any of the course's notebooks in ``root``, or a notebook
    refused at collect (:func:`lms.refused`), sorted."""
    return sorted({student for name in notebooks.names()
                   for student in [*course.submitted_students(root, name), *lms.refused(root, name)]})


class _Notebook:
    """What the rows of one notebook need from its release: the exercises (grade id, points) in
    the release's order, and the stub of each answer cell."""

    def __init__(self, root, name):
        release = _release(root, name)
        self.name = name
        self.exercises = [(c.metadata["nbgrader"]["grade_id"], float(c.metadata["nbgrader"]["points"]))
                          for c in _test_cells(release)]
        self.stubs = {c.metadata["nbgrader"]["grade_id"]: c.source.strip() for c in release.cells
                      if c.metadata.get("nbgrader", {}).get("solution")}


def _submission_rows(gb, root, notebook, student):
    """The rows of one student's submission of ``notebook`` (a :class:`_Notebook`)."""
    from nbgrader.api import MissingEntry

    name = notebook.name
    if not (root / "submitted" / student / name).is_dir():
        refused = lms.refusal(root, student, name)   # refused at collect: nothing of it was stored
        status = f"invalid submission: {refused}" if refused else NOT_SUBMITTED
        return [{"student": student, "notebook": name, "exercise": grade_id, "score": "",
                 "max_score": points, "status": status, "mistake": ""}
                for grade_id, points in notebook.exercises]
    state = read_state(root, student, name) or {"status": "not graded yet"}
    autograded = root / "autograded" / student / name / f"{name}.ipynb"
    cells = {}
    if state["status"] == "graded" and autograded.exists():
        nb = nbformat.read(autograded, as_version=4)
        cells = {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells
                 if c.metadata.get("nbgrader", {}).get("grade_id")}
    rows = []
    for grade_id, points in notebook.exercises:
        row = {"student": student, "notebook": name, "exercise": grade_id,
               "score": "", "max_score": points, "status": state["status"], "mistake": ""}
        if state["status"] == "invalid":
            row["status"] = f"invalid submission: {state['detail']}"
        elif state["status"] == "graded" and grade_id in cells:
            try:
                grade = gb.find_grade(grade_id, name, name, student)
                row["score"] = grade.score
            except MissingEntry:
                row["status"] = "not graded yet"
            else:
                answer_id = grade_id[len("test_"):] if grade_id.startswith("test_") else None
                untouched = answer_id in cells and answer_id in notebook.stubs and \
                    cells[answer_id].source.strip() == notebook.stubs[answer_id]
                row["status"], mistake = _exercise_status(cells[grade_id], untouched)
                row["mistake"] = mistake or ""
        if state.get("sandboxed") is False:
            row["status"] += UNSANDBOXED
        rows.append(row)
    return rows


def exercise_rows(root, names):
    """One dict per (student, notebook, exercise): score, max_score, status, and the mistake named.

    Every student with a submission of any of the course's notebooks has rows for every notebook of
    ``names``: those of a notebook they did not hand in have the status ``not submitted`` and an
    empty score. Rows come in course order: notebook by notebook, each exercise in the order of the
    released notebook's test cells, students sorted."""
    root = Path(root)
    students = known_students(root)
    rows = []
    with course.gradebook(root) as gb:
        for name in names:
            notebook = _Notebook(root, name)
            for student in students:
                rows += _submission_rows(gb, root, notebook, student)
    return rows


CSV_COLUMNS = ["student", "notebook", "exercise", "score", "max_score", "status"]


def write_csv(rows, out):
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)


def _number(value):
    """A score as a gradebook shows it: 2 rather than 2.0, 1.5 as it is."""
    return f"{value:g}"


def totals(rows):
    """The per-notebook and per-student totals of a grade table: ``(notebooks, max_scores, table)``
    where ``notebooks`` is in the rows' order, ``max_scores[notebook]`` its points, and
    ``table[student][notebook]`` the student's score, or None when none of the notebook's
    exercises has a score (not submitted, invalid, not graded yet, or a grading error)."""
    names, max_scores, table = [], defaultdict(float), defaultdict(dict)
    for row in rows:
        name, student = row["notebook"], row["student"]
        if name not in max_scores:
            names.append(name)
        max_scores[name] += float(row["max_score"])
        table[student].setdefault(name, None)
        if row["score"] != "":
            table[student][name] = (table[student][name] or 0.0) + float(row["score"])
    return names, dict(max_scores), dict(table)


def write_totals_csv(rows, out):
    """The gradebook as an LMS imports it: ``student, <notebook> ..., total``, one row per student.

    A notebook with no score (not submitted, invalid, not graded) is an empty cell, which an LMS
    reads as "no grade"; the total counts it as 0. The points each notebook is out of are in the
    per-exercise table (``max_score``), and :func:`totals` returns them."""
    names, _, table = totals(rows)
    writer = csv.writer(out)
    writer.writerow(["student", *names, "total"])
    for student in sorted(table):
        scores = [table[student].get(name) for name in names]
        writer.writerow([student, *("" if s is None else _number(s) for s in scores),
                         _number(sum(s for s in scores if s is not None))])


def submission_summary(root, student, name):
    """One graded submission as ``autograde`` reports it: ``{"score", "max_score", "outcome"}``, the
    score from the gradebook as in the grade table, and the outcome ``graded``, or ``timeout`` /
    ``kernel died`` when an exercise ran past the time limit or its process died, naming it in
    ``"stopped"``."""
    root = Path(root)
    with course.gradebook(root) as gb:
        rows = _submission_rows(gb, root, _Notebook(root, name), student)
    statuses = [(r["exercise"], r["status"].removesuffix(UNSANDBOXED)) for r in rows]
    stopped = [(exercise, status) for exercise, status in statuses if status in ("timeout", "kernel died")]
    return {"score": sum(float(r["score"]) for r in rows if r["score"] != ""),
            "max_score": sum(float(r["max_score"]) for r in rows),
            "outcome": stopped[0][1] if stopped else "graded",
            "stopped": [exercise for exercise, _ in stopped]}


# ---- the class report ---------------------------------------------------------------------------

#: what an exercise's row counts as in the report, in the order the report shows them
CATEGORIES = ("passed", "passed on an earlier exercise", "wrong", "not attempted", "timeout or kernel died",
              "not graded", NOT_SUBMITTED)
#: the colours of the figure: Okabe and Ito's palette, told apart with colour blindness, and a
#: hatch each, told apart printed in black and white
STYLE = {"passed": ("#0072B2", ""), "passed on an earlier exercise": ("#56B4E9", "//"),
         "wrong": ("#E69F00", "xx"), "not attempted": ("#F0E442", ".."),
         "timeout or kernel died": ("#D55E00", "\\\\"), "not graded": ("#999999", "--"),
         NOT_SUBMITTED: ("#FFFFFF", "")}


def category(status):
    """The report's category (one of CATEGORIES) of an exercise's status."""
    status = status.removesuffix(UNSANDBOXED)
    if status == "passed":
        return "passed"
    if status.startswith("passed, on the course's "):
        return "passed on an earlier exercise"
    if status.startswith("failed"):
        return "wrong"
    if status in ("not attempted", "timeout", "kernel died", NOT_SUBMITTED):
        return {"timeout": "timeout or kernel died", "kernel died": "timeout or kernel died"}.get(status, status)
    return "not graded"     # invalid submission, a grading error, not graded yet


def _exercise_label(exercise):
    return exercise[len("test_"):] if exercise.startswith("test_") else exercise


def summarize(rows, top=3):
    """The class report's numbers: one dict per exercise in course order (notebooks in the order
    of their NN prefix, exercises in the order the rows first name them, which is the released
    notebook's): ``notebook, exercise, max_score, counts`` (category -> students), ``mistakes``
    (the ``top`` most frequent ``(mistake, students, example status)``; a wrong answer whose check
    named no mistake is grouped by its status, with mistake "") and ``other_mistakes`` (the
    students with a wrong answer not among them)."""
    order, groups = [], defaultdict(list)
    for row in rows:
        key = (row["notebook"], row["exercise"])
        if key not in groups:
            order.append(key)
        groups[key].append(row)
    notebook_rank = {name: i for i, name in enumerate(sorted({n for n, _ in order}))}
    order.sort(key=lambda key: notebook_rank[key[0]])   # stable: exercises keep their order
    exercises = []
    for notebook, exercise in order:
        group = groups[(notebook, exercise)]
        counts = Counter(category(r["status"]) for r in group)
        named = Counter()
        examples = {}
        for row in group:
            if category(row["status"]) != "wrong":
                continue
            status = row["status"].removesuffix(UNSANDBOXED)
            key = (row["mistake"], "") if row["mistake"] else ("", status)
            named[key] += 1
            examples.setdefault(key, status.removeprefix("failed: "))
        mistakes = [(mistake or "", n, examples[(mistake, status)]) for (mistake, status), n in named.most_common(top)]
        exercises.append({"notebook": notebook, "exercise": exercise, "max_score": float(group[0]["max_score"]),
                          "counts": {c: counts.get(c, 0) for c in CATEGORIES}, "mistakes": mistakes,
                          "other_mistakes": counts.get("wrong", 0) - sum(n for _, n, _ in mistakes)})
    return exercises


def _pass_rate(counts):
    """Passed (on the course's earlier exercise too) out of the students whose answer was graded."""
    graded = sum(counts[c] for c in CATEGORIES[:5])
    return (counts["passed"] + counts["passed on an earlier exercise"]) / graded if graded else None


def _problems(rows):
    """(student, notebook, status) of each submission that has no grade: invalid, error, not graded."""
    return sorted({(r["student"], r["notebook"], r["status"]) for r in rows if category(r["status"]) == "not graded"})


def _missing(rows):
    """{notebook: the students who did not hand it in}, notebooks in course order."""
    missing = defaultdict(list)
    for notebook, student in sorted({(r["notebook"], r["student"]) for r in rows if r["status"] == NOT_SUBMITTED}):
        missing[notebook].append(student)
    return missing


#: Markdown's punctuation; an underscore only where it could start or end an emphasis (not in 04_backward)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*{}\[\]()#+!|~>]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")


def md(text):
    """``text`` shown as it is in a Markdown table cell: Markdown's punctuation escaped, HTML's
    characters as entities, one line."""
    text = " ".join(str(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _short(text, limit=160):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


COUNT_HEADERS = {"passed": "passed", "passed on an earlier exercise": "passed on an earlier exercise's reference",
                 "wrong": "wrong", "not attempted": "not attempted", "timeout or kernel died": "timeout or kernel died",
                 "not graded": "not graded", NOT_SUBMITTED: "not submitted"}


def _markdown(exercises, rows, figure):
    students = sorted({r["student"] for r in rows})
    lines = ["# Class report", "",
             f"{len(students)} students, {len({e['notebook'] for e in exercises})} notebooks, "
             f"{len(exercises)} exercises, in course order. Each exercise counts every student once: "
             "passed; passed on an earlier exercise's reference (right, but it builds on an earlier "
             "exercise of theirs that is wrong: it keeps its points, and the mistake is counted there); "
             "wrong; not attempted (the stub is still there); timeout or kernel died; not graded "
             "(invalid submission, or a grading error); not submitted. The pass rate is of the "
             "answers graded.", "",
             f"![students per exercise and outcome]({figure})", "",
             "## Exercises", "",
             "| notebook | exercise | points | " + " | ".join(COUNT_HEADERS[c] for c in CATEGORIES) + " | pass rate |",
             "|---|---|--:|" + "--:|" * len(CATEGORIES) + "--:|"]
    for e in exercises:
        rate = _pass_rate(e["counts"])
        lines.append(f"| {md(e['notebook'])} | {md(e['exercise'])} | {_number(e['max_score'])} | "
                     + " | ".join(str(e["counts"][c]) for c in CATEGORIES)
                     + f" | {'-' if rate is None else f'{rate:.0%}'} |")
    lines += ["", "## The most frequent mistakes", "",
              "What the checks named (their advice to the student), per exercise, with the number of "
              "students and one student's message.", "",
              "| notebook | exercise | mistake the check named | students | example message |",
              "|---|---|---|--:|---|"]
    any_mistake = False
    for e in exercises:
        for mistake, n, example in e["mistakes"]:
            any_mistake = True
            lines.append(f"| {md(e['notebook'])} | {md(e['exercise'])} | {md(mistake) if mistake else '(none named)'} "
                         f"| {n} | {md(_short(example))} |")
        if e["other_mistakes"]:
            lines.append(f"| {md(e['notebook'])} | {md(e['exercise'])} | (other mistakes) | {e['other_mistakes']} | |")
    if not any_mistake:
        lines.append("| | | (no wrong answers) | | |")
    problems = _problems(rows)
    if problems:
        lines += ["", "## Submissions that could not be graded", ""]
        lines += [f"- {md(student)}, {md(notebook)}: {md(_short(status, 300))}" for student, notebook, status in problems]
    missing = _missing(rows)
    if missing:
        lines += ["", "## Not submitted", ""]
        lines += [f"- {md(notebook)}: {', '.join(md(s) for s in students)}" for notebook, students in missing.items()]
    return "\n".join(lines) + "\n"


def _figure(exercises, path):
    """Stacked horizontal bars, one per exercise in course order: students per category, with the
    count written in each segment wide enough to hold it."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = [f"{e['notebook'][:2]}  {_exercise_label(e['exercise'])}" for e in exercises]
    shown = [c for c in CATEGORIES if any(e["counts"][c] for e in exercises)]
    students = max((sum(e["counts"].values()) for e in exercises), default=0)
    fig, ax = plt.subplots(figsize=(9, 0.32 * len(exercises) + 2.0), layout="constrained")
    y = list(range(len(exercises)))
    left = [0] * len(exercises)
    for cat in shown:
        colour, hatch = STYLE[cat]
        widths = [e["counts"][cat] for e in exercises]
        bars = ax.barh(y, widths, left=left, color=colour, hatch=hatch, edgecolor="#333333", linewidth=0.6,
                       label=COUNT_HEADERS[cat])
        for bar, width in zip(bars, widths):
            if width and width >= 0.045 * students:
                ax.text(bar.get_x() + width / 2, bar.get_y() + bar.get_height() / 2, str(width), ha="center",
                        va="center", fontsize=8, color="white" if cat in ("passed", "timeout or kernel died") else "black",
                        bbox=None if cat in ("passed", "timeout or kernel died") else
                        {"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.8})
        left = [a + b for a, b in zip(left, widths)]
    # a line between notebooks
    for i in range(1, len(exercises)):
        if exercises[i]["notebook"] != exercises[i - 1]["notebook"]:
            ax.axhline(i - 0.5, color="#333333", linewidth=0.8, linestyle=":")
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_ylim(len(exercises) - 0.5, -0.5)     # the first exercise on top, no empty band
    ax.set_xlim(0, max(students, 1))
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.set_xlabel("students")
    ax.set_title("Outcome of each exercise, in course order (number of students)", fontsize=11)
    fig.legend(loc="outside lower center", ncol=min(4, len(shown)), fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.savefig(path, dpi=150)
    plt.close(fig)


#: the figure's hatches as CSS patterns, for the table's swatches (printed in black and white too)
_LINES = "repeating-linear-gradient({}deg, #333 0 1px, transparent 1px 5px)"
CSS_HATCH = {"": "none", "//": _LINES.format(-45), "\\\\": _LINES.format(45), "--": _LINES.format(0),
             "xx": f"{_LINES.format(45)}, {_LINES.format(-45)}",
             "..": "radial-gradient(circle, #333 0 1px, transparent 1.5px) 0 0 / 4px 4px"}

HTML_STYLE = """
body { font-family: sans-serif; max-width: 70em; margin: 1em auto; padding: 0 1em; color: #111; line-height: 1.4; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
th, td { border: 1px solid #999; padding: 0.25em 0.5em; vertical-align: top; }
th { background: #eee; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
td.zero { color: #999; }
td.message { max-width: 32em; overflow-wrap: anywhere; }
tr.notebook td { background: #f4f4f4; font-weight: bold; }
.swatch { display: inline-block; width: 1.1em; height: 1.1em; border: 1px solid #333; vertical-align: middle;
          -webkit-print-color-adjust: exact; print-color-adjust: exact; }
img { max-width: 100%; }
@media print { body { max-width: none; } tr { page-break-inside: avoid; } }
"""


def _html(exercises, rows, png):
    e_ = html.escape
    students = sorted({r["student"] for r in rows})
    image = base64.b64encode(png).decode()
    head = "".join(f'<th><span class="swatch" style="background:{CSS_HATCH[STYLE[c][1]]}; background-color:'
                   f'{STYLE[c][0]}"></span> {e_(COUNT_HEADERS[c])}</th>' for c in CATEGORIES)
    body = []
    notebook = None
    for e in exercises:
        if e["notebook"] != notebook:
            notebook = e["notebook"]
            body.append(f'<tr class="notebook"><td colspan="{len(CATEGORIES) + 3}">{e_(notebook)}</td></tr>')
        rate = _pass_rate(e["counts"])
        cells = "".join(f'<td class="n{" zero" if not e["counts"][c] else ""}">{e["counts"][c]}</td>' for c in CATEGORIES)
        body.append(f"<tr><td>{e_(_exercise_label(e['exercise']))}</td><td class=\"n\">{_number(e['max_score'])}</td>"
                    f"{cells}<td class=\"n\">{'-' if rate is None else f'{rate:.0%}'}</td></tr>")
    mistakes = []
    for e in exercises:
        for mistake, n, example in e["mistakes"]:
            mistakes.append(f"<tr><td>{e_(e['notebook'])}</td><td>{e_(_exercise_label(e['exercise']))}</td>"
                            f"<td class=\"message\">{e_(mistake) if mistake else '<i>(none named)</i>'}</td>"
                            f"<td class=\"n\">{n}</td><td class=\"message\">{e_(_short(example, 300))}</td></tr>")
        if e["other_mistakes"]:
            mistakes.append(f"<tr><td>{e_(e['notebook'])}</td><td>{e_(_exercise_label(e['exercise']))}</td>"
                            f"<td><i>(other mistakes)</i></td><td class=\"n\">{e['other_mistakes']}</td><td></td></tr>")
    parts = [f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Class report</title>"
             f"<style>{HTML_STYLE}</style></head><body>",
             "<h1>Class report</h1>",
             f"<p>{len(students)} students, {len({x['notebook'] for x in exercises})} notebooks, {len(exercises)} "
             "exercises, in course order. Each exercise counts every student once. <em>Passed on an earlier "
             "exercise's reference</em>: right, but it builds on an earlier exercise of theirs that is wrong; "
             "it keeps its points, and the mistake is counted at the earlier exercise. <em>Not attempted</em>: "
             "the stub is still there. <em>Not graded</em>: an invalid submission or a grading error. The pass "
             "rate is of the answers graded.</p>",
             f'<p><img alt="students per exercise and outcome, as in the table below" '
             f'src="data:image/png;base64,{image}"></p>',
             "<h2>Exercises</h2>",
             f"<table><thead><tr><th>exercise</th><th>points</th>{head}<th>pass rate</th></tr></thead>"
             f"<tbody>{''.join(body)}</tbody></table>",
             "<h2>The most frequent mistakes</h2>",
             "<p>What the checks named (their advice to the student), per exercise, with the number of students "
             "and one student's message.</p>"]
    if mistakes:
        parts.append("<table><thead><tr><th>notebook</th><th>exercise</th><th>mistake the check named</th>"
                     f"<th>students</th><th>example message</th></tr></thead><tbody>{''.join(mistakes)}</tbody></table>")
    else:
        parts.append("<p>No wrong answers.</p>")
    problems = _problems(rows)
    if problems:
        parts.append("<h2>Submissions that could not be graded</h2><ul>" + "".join(
            f"<li>{e_(s)}, {e_(n)}: {e_(_short(status, 300))}</li>" for s, n, status in problems) + "</ul>")
    missing = _missing(rows)
    if missing:
        parts.append("<h2>Not submitted</h2><ul>" + "".join(
            f"<li>{e_(n)}: {', '.join(e_(s) for s in who)}</li>" for n, who in missing.items()) + "</ul>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def class_report(rows, out_dir, top=3):
    """The class report of a grade table ``rows`` (see :func:`exercise_rows`) in ``out_dir``:
    ``class_report.md``, ``class_report.html`` (self-contained: the figure inside, no script, no
    network) and ``class_report.png``; returns the Markdown. Everything that comes from a
    submission (a status may quote an exception's message) is escaped in both."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    exercises = summarize(rows, top)
    png = out_dir / "class_report.png"
    _figure(exercises, png)
    markdown = _markdown(exercises, rows, png.name)
    (out_dir / "class_report.md").write_text(markdown)
    (out_dir / "class_report.html").write_text(_html(exercises, rows, png.read_bytes()))
    return markdown
