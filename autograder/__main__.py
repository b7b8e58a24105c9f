"""``python -m autograder COMMAND [NOTEBOOK ...] [options]``: the course's build and grading commands.

Build (authors, CI, and `make lab`):
  notebooks   regenerate notebooks/NN_*.ipynb from their text twins and refresh the stored outputs
  check       say whether any notebook has drifted from its text twin (exit 1 if so)
  student     write the student versions (nbgrader generate_assignment) into COURSE/release
  solution    write the solution versions into build/solution
  build       both of the above
  lab         the student versions, copied into student/ where nothing of the student's is overwritten

Grading (instructors; COURSE is the nbgrader course directory):
  release     = student: the student versions to hand out, in COURSE/release/<NN_name>/
  collect     copy submissions from --from DIR (a folder or a .zip per student) into COURSE/submitted
  autograde   grade every collected submission (in parallel, resumable; --force to regrade all), each
              submission's code in a bubblewrap sandbox (--unsandboxed: without, and the statuses say so)
  feedback    feedback HTML per student and notebook in COURSE/feedback/<student>/<NN_name>/
  export      the grade table as CSV: student, notebook, exercise, score, max_score, status
  report      per-exercise pass rates and most frequent mistakes: COURSE/reports/class_report.{md,png}

NOTEBOOK is a name or its number ("01_init" or "01"); none means every notebook.
"""
import argparse
import sys
from pathlib import Path

from . import course, notebooks, versions

COMMANDS = ["notebooks", "check", "student", "solution", "build", "lab",
            "release", "collect", "autograde", "feedback", "export", "report"]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=COMMANDS)
    parser.add_argument("notebook", nargs="*", help="notebook names or numbers (default: all)")
    parser.add_argument("--course", type=Path, default=course.DEFAULT_ROOT,
                        help="the nbgrader course directory (default: build/course)")
    parser.add_argument("--from", dest="source", type=Path, help="collect: the folder of submissions")
    parser.add_argument("--workers", type=int, default=None, help="autograde: parallel workers (default: cores)")
    parser.add_argument("--force", action="store_true", help="autograde: regrade what was graded already")
    parser.add_argument("--shard", type=_shard, default=None,
                        help="autograde: K/N grades the K-th of N disjoint parts of the class (one per machine)")
    parser.add_argument("--unsandboxed", action="store_true",
                        help="autograde: run the student's code without bubblewrap (every status says so)")
    parser.add_argument("--output", type=Path, help="export: the CSV file to write (default: standard output)")
    args = parser.parse_intermixed_args(argv)
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
    if args.command in ("student", "release", "build", "lab"):
        for path in versions.write_student_versions(names, root=root):
            print(f"student version: {path}")
    if args.command in ("solution", "build"):
        for path in versions.write_solutions(names):
            print(f"solution version: {path}")
    if args.command == "lab":
        versions.copy_for_student(names, root=root)
    return grading_command(args, names, root)


def grading_command(args, names, root):
    from . import collect, grading, report

    if args.command == "collect":
        if args.source is None or not args.source.is_dir():
            print(f"collect needs --from DIR, a folder with a folder or .zip per student; got {args.source}",
                  file=sys.stderr)
            return 2
        for student, name, what in collect.collect(args.source, root, names):
            print(f"collect {student} {name or ''}: {what}".replace("  ", " "))
    elif args.command == "autograde":
        from .execute import sandbox_problem

        problem = None if args.unsandboxed else sandbox_problem()
        if problem:
            print(f"autograde: {problem}", file=sys.stderr)
            return 2
        if args.unsandboxed:
            print("autograde: grading WITHOUT a sandbox (--unsandboxed): the student's code can reach this "
                  "machine; every status says so.", file=sys.stderr)
        try:
            results = grading.autograde(root, names, workers=args.workers, force=args.force, shard=args.shard,
                                        sandbox=not args.unsandboxed)
        except grading.NotReady as error:
            print(f"autograde: {error}", file=sys.stderr)
            return 2
        failed = [key for key, state in results.items() if state["status"] == "error"]
        print(f"{len(results)} submissions: {len(results) - len(failed)} graded or invalid, {len(failed)} errors")
        return 1 if failed else 0
    elif args.command == "feedback":
        grader = course.api(root)
        for name in names:
            for student in course.submitted_students(root, name):
                state = grading.read_state(root, student, name) or {}
                if state.get("status") != "graded":
                    print(f"feedback {name} {student}: skipped ({state.get('status', 'not graded yet')})")
                    continue
                result = grader.generate_feedback(name, student)
                print(f"feedback {name} {student}: {'ok' if result.get('success') else 'FAILED'}")
    elif args.command == "export":
        rows = report.exercise_rows(root, names)
        if args.output:
            with open(args.output, "w", newline="") as out:
                report.write_csv(rows, out)
            print(f"{len(rows)} rows written to {args.output}")
        else:
            report.write_csv(rows, sys.stdout)
    elif args.command == "report":
        out_dir = root / "reports"
        print(report.class_report(report.exercise_rows(root, names), out_dir), end="")
        print(f"\nwritten: {out_dir / 'class_report.md'}, {out_dir / 'class_report.png'}")
    return 0


def _shard(text):
    try:
        k, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected K/N such as 1/4, got {text!r}") from None
    if not 1 <= k <= n:
        raise argparse.ArgumentTypeError(f"K must be between 1 and N in K/N, got {text!r}")
    return k, n


if __name__ == "__main__":
    sys.exit(main())
