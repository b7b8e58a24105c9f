"""``python -m autograder COMMAND [NOTEBOOK ...] [--course DIR]``: the course's build and grading commands.

Build (authors, CI, and `make lab`):
  notebooks   regenerate notebooks/NN_*.ipynb from their text twins and refresh the stored outputs
  check       say whether any notebook has drifted from its text twin (exit 1 if so)
  student     write the student versions (nbgrader generate_assignment) into DIR/release
  solution    write the solution versions into build/solution
  build       both of the above
  lab         the student versions, copied into student/ where nothing of the student's is overwritten

Grading (instructors; DIR is the course directory, with submissions in DIR/submitted/<student>/<NN_name>/):
  autograde   autograde every submission of the chosen notebooks
  feedback    write feedback HTML to DIR/feedback/<student>/<NN_name>/
  grades      print the grade table as CSV (student, notebook, score, max_score)

NOTEBOOK is a name or its number ("01_init" or "01"); none means every notebook.
"""
import argparse
import csv
import sys
from pathlib import Path

from . import course, notebooks, versions

COMMANDS = ["notebooks", "check", "student", "solution", "build", "lab", "autograde", "feedback", "grades"]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=COMMANDS)
    parser.add_argument("notebook", nargs="*", help="notebook names or numbers (default: all)")
    parser.add_argument("--course", type=Path, default=course.DEFAULT_ROOT,
                        help="the nbgrader course directory (default: build/course)")
    args = parser.parse_args(argv)
    names = notebooks.resolve(args.notebook)
    root = args.course.resolve()

    if args.command == "notebooks":
        for name in names:
            print(f"regenerating {name}: executing it to refresh its stored outputs ...", flush=True)
            notebooks.regenerate(name)
    elif args.command == "check":
        drifted = [name for name in names if notebooks.drift(name)]
        for name in drifted:
            sys.stdout.write(notebooks.drift(name))
        if drifted:
            print(f"drifted from their text twins: {', '.join(drifted)}; run `make notebooks`.")
            return 1
        print(f"{len(names)} notebooks agree with their text twins.")
    if args.command in ("student", "build", "lab"):
        for path in versions.write_student_versions(names, root=root):
            print(f"student version: {path}")
    if args.command in ("solution", "build"):
        for path in versions.write_solutions(names):
            print(f"solution version: {path}")
    if args.command == "lab":
        versions.copy_for_student(names, root=root)
    if args.command in ("autograde", "feedback"):
        grader = course.api(root)
        for name in names:
            for student in course.submitted_students(root, name):
                step = grader.autograde if args.command == "autograde" else grader.generate_feedback
                result = step(name, student)
                print(f"{args.command} {name} {student}: {'ok' if result.get('success') else 'FAILED'}")
                if not result.get("success"):
                    print(result.get("error", "") or result.get("log", ""), file=sys.stderr)
    if args.command == "grades":
        writer = csv.writer(sys.stdout)
        writer.writerow(["student", "notebook", "score", "max_score"])
        for row in course.grade_rows(root, names):
            writer.writerow(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
