"""The grade table and the class report, read from a graded course directory: one row per student,
notebook and exercise (:func:`exercise_rows`), written as CSV (:func:`write_csv`) or summed up for
the class (:func:`class_report`). What a status says is found by :func:`grading._exercise_status`.
"""
from collections import Counter, defaultdict
from pathlib import Path

import nbformat

from . import course
from .grading import UNSANDBOXED, _exercise_status, _release, read_state


# ---- the grade table -----------------------------------------------------------------------------

def _test_cells(nb):
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"]


def exercise_rows(root, names):
    """One dict per (student, notebook, exercise): score, max_score, status, and the mistake named."""
    from nbgrader.api import MissingEntry

    root = Path(root)
    rows = []
    with course.gradebook(root) as gb:
        for name in names:
            release = _release(root, name)
            exercises = [(c.metadata["nbgrader"]["grade_id"], c.metadata["nbgrader"]["points"])
                         for c in _test_cells(release)]
            stubs = {c.metadata["nbgrader"]["grade_id"]: c.source.strip() for c in release.cells
                     if c.metadata.get("nbgrader", {}).get("solution")}
            for student in course.submitted_students(root, name):
                state = read_state(root, student, name) or {"status": "not graded yet"}
                autograded = root / "autograded" / student / name / f"{name}.ipynb"
                cells = {}
                if state["status"] == "graded" and autograded.exists():
                    nb = nbformat.read(autograded, as_version=4)
                    cells = {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells
                             if c.metadata.get("nbgrader", {}).get("grade_id")}
                for grade_id, points in exercises:
                    row = {"student": student, "notebook": name, "exercise": grade_id,
                           "score": "", "max_score": float(points), "status": state["status"], "mistake": ""}
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
                            untouched = answer_id in cells and answer_id in stubs and \
                                cells[answer_id].source.strip() == stubs[answer_id]
                            row["status"], mistake = _exercise_status(cells[grade_id], untouched)
                            row["mistake"] = mistake or ""
                    if state.get("sandboxed") is False:
                        row["status"] += UNSANDBOXED
                    rows.append(row)
    return rows


CSV_COLUMNS = ["student", "notebook", "exercise", "score", "max_score", "status"]


def write_csv(rows, out):
    import csv

    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)


# ---- the class report ---------------------------------------------------------------------------

def class_report(rows, out_dir, top=3):
    """Per-exercise pass rates and the most frequent mistakes, as Markdown and as a bar chart."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    by_exercise = defaultdict(list)
    for row in rows:
        by_exercise[(row["notebook"], row["exercise"])].append(row)
    lines = ["| notebook | exercise | submissions | passed | pass rate | most frequent mistakes |",
             "|---|---|---|---|---|---|"]
    labels, rates = [], []
    for (notebook, exercise), group in sorted(by_exercise.items()):
        graded = [r for r in group if not r["status"].startswith(("invalid", "not graded"))]
        passed = sum(1 for r in graded if r["status"].startswith("passed"))
        rate = passed / len(graded) if graded else 0.0
        # a root cause counts once, where it is: a later exercise right on the course's earlier one
        # passed, and the report says on what
        mistakes = Counter(r["mistake"] or r["status"].replace("passed, on", "passed on").removesuffix(UNSANDBOXED)
                           for r in graded if r["mistake"] or r["status"].startswith("passed, on")).most_common(top)
        text = "<br>".join(f"{n}x {m}" for m, n in mistakes) or "-"
        lines.append(f"| {notebook} | {exercise} | {len(group)} | {passed} | {rate:.0%} | {text} |")
        labels.append(f"{notebook[:2]} {exercise[len('test_'):] if exercise.startswith('test_') else exercise}")
        rates.append(rate)
    invalid = sorted({(r["student"], r["notebook"], r["status"]) for r in rows if r["status"].startswith("invalid")})
    if invalid:
        lines += ["", "Submissions that could not be graded:", ""]
        lines += [f"- {student}, {notebook}: {status}" for student, notebook, status in invalid]
    markdown = "\n".join(lines) + "\n"
    (out_dir / "class_report.md").write_text(markdown)

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 0.35 * len(labels) + 1.2))
    ax.barh(labels[::-1], [100 * r for r in rates[::-1]], color="#4c78a8")
    ax.set_xlim(0, 100)
    ax.set_xlabel("pass rate (%)")
    ax.set_title("Pass rate per exercise")
    fig.tight_layout()
    fig.savefig(out_dir / "class_report.png", dpi=100)
    plt.close(fig)
    return markdown
