"""``python -m autograder COMMAND [NOTEBOOK ...] [options]``: the course's build and grading commands.

Build (authors, CI, and `make lab`):
  notebooks   regenerate notebooks/NN_*.ipynb from their text twins and refresh the stored outputs
  check       say whether any notebook has drifted from its text twin (exit 1 if so)
  student     write the student versions (nbgrader generate_assignment) into COURSE/release
              (COURSE: build/course unless --course says otherwise)
  solution    write the solution versions into build/solution
  build       both of the above
  lab         the student versions, copied into student/ where nothing of the student's is overwritten

Grading (instructors; COURSE is the nbgrader course directory, course/ unless --course says otherwise):
  release     = student: the student versions to hand out, in COURSE/release/<NN_name>/
  collect     copy submissions from --from DIR (a folder or a .zip per student) into COURSE/submitted
  autograde   grade every collected submission (in parallel, resumable; --force to regrade all), each
              submission's code in a bubblewrap sandbox (--unsandboxed: without, and the statuses say so);
              prints each submission's score and a summary
  feedback    feedback HTML per student and notebook in COURSE/feedback/<student>/<NN_name>/
  export      the grade table as CSV: student, notebook, exercise, score, max_score, status (a row per
              exercise, "not submitted" for a notebook a student did not hand in); --totals: the
              gradebook an LMS imports, a row per student, a column per notebook and the total
  report      the class report: per exercise in course order, how many passed, were wrong, not
              attempted, ..., and the mistakes the checks named: COURSE/reports/class_report.{md,html,png}

NOTEBOOK is a name or its number ("01_init" or "01"); none means every notebook.
"python -m autograder COMMAND --help" says more about a command, with an example.
"""
import argparse
import sys
import textwrap
from collections import Counter
from pathlib import Path

from .build import notebooks, versions
from .grade import course

#: the instructor's nbgrader course directory, as the README and the Makefile name it
COURSE = notebooks.ROOT / "course"
#: the build's own course directory (``make lab``, ``make build``, the tests' student versions)
BUILD_COURSE = course.DEFAULT_ROOT

#: command: (what it does, an example, its options, the default course directory or None)
COMMANDS = {
    "notebooks": ("Regenerate notebooks/NN_*.ipynb from their text twins (notebooks/NN_*.py) and execute "
                  "them to refresh their stored outputs.", "python -m autograder notebooks 06", (), None),
    "check": ("Say whether any notebook has drifted from its text twin; exit 1 if one has.",
              "python -m autograder check", (), None),
    "student": ("Write the student versions (nbgrader generate_assignment: solutions replaced by stubs, "
                "hidden tests and outputs removed) into COURSE/release/<NN_name>/.",
                "python -m autograder student 01 02", (), BUILD_COURSE),
    "solution": ("Write the solution versions (solutions kept, hidden tests removed) into build/solution/.",
                 "python -m autograder solution", (), None),
    "build": ("Both student and solution versions.", "python -m autograder build", (), BUILD_COURSE),
    "lab": ("The student versions, copied into student/ (nothing of the student's there is overwritten); "
            "`make lab` then opens JupyterLab on them.", "python -m autograder lab", (), BUILD_COURSE),
    "release": ("The student versions to hand out, in COURSE/release/<NN_name>/, and the notebooks in "
                "the course's gradebook.", "python -m autograder release 01 02 --course course", (), COURSE),
    "collect": ("Copy the submissions in --from DIR (a folder or a .zip per student, named after the "
                "student, as an LMS exports them) into COURSE/submitted/<student>/<NN_name>/; a newer, "
                "different hand-in moves the earlier one to COURSE/archive/.",
                "python -m autograder collect --course course --from ~/Downloads/export", ("from",), COURSE),
    "autograde": ("Grade every collected submission, each in a bubblewrap sandbox, on every core; resumable "
                  "(an unchanged submission graded before is not graded again). Prints a line per "
                  "submission, 'autograde 04_backward alice 7/9: graded' (the score before the colon, "
                  "the outcome after it: graded, timeout or kernel died naming the exercise, invalid "
                  "with the reason, error, or already graded), then a summary. Exit 1 if a submission "
                  "could not be graded (error), 2 if nothing could be.",
                  "python -m autograder autograde 04 --course course --workers 2",
                  ("workers", "force", "shard", "unsandboxed"), COURSE),
    "feedback": ("Feedback HTML for each graded submission, in COURSE/feedback/<student>/<NN_name>/.",
                 "python -m autograder feedback 04 --course course", (), COURSE),
    "export": ("The grade table as CSV: student, notebook, exercise, score, max_score, status; one row "
               "per exercise of every student the course knows (any submission), with the status "
               "'not submitted' for a notebook they did not hand in. --totals writes the gradebook an "
               "LMS imports instead: student, one column per notebook, total (an empty cell: no score "
               "for that notebook, counted as 0 in the total).",
               "python -m autograder export --course course --totals --output gradebook.csv",
               ("output", "totals"), COURSE),
    "report": ("The class report, in COURSE/reports/: class_report.md, class_report.html (self-contained, "
               "opens offline) and class_report.png: per exercise in course order the students who "
               "passed, passed on the course's earlier exercise, were wrong, did not attempt it, ran "
               "out of time; the mistakes the checks named most, with an example message; the "
               "submissions that could not be graded or were not handed in.",
               "python -m autograder report --course course", (), COURSE),
}


def _options(sub, options):
    if "from" in options:
        sub.add_argument("--from", dest="source", type=Path,
                         help="the folder of submissions: a folder or a .zip per student")
    if "workers" in options:
        sub.add_argument("--workers", type=int, default=None, help="parallel workers (default: one per core)")
    if "force" in options:
        sub.add_argument("--force", action="store_true", help="regrade what was graded already")
    if "shard" in options:
        sub.add_argument("--shard", type=_shard, default=None,
                         help="K/N grades the K-th of N disjoint parts of the class (one per machine)")
    if "unsandboxed" in options:
        sub.add_argument("--unsandboxed", action="store_true",
                         help="run the student's code without bubblewrap (every status says so)")
    if "output" in options:
        sub.add_argument("--output", type=Path, help="the CSV file to write (default: standard output)")
    if "totals" in options:
        sub.add_argument("--totals", action="store_true",
                         help="one row per student, one column per notebook, and the total (an LMS gradebook)")


def parsers():
    """The parser of ``python -m autograder`` and one per command (its ``--help``, with an example)."""
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    # the commands are listed in the description above; each has its own --help
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True,
                                       help='one of the above; "COMMAND --help" for its options and an example')
    commands = {}
    for command, (what, example, options, default) in COMMANDS.items():
        sub = commands[command] = subparsers.add_parser(
            command, description=textwrap.fill(what, 100), epilog=f"example:\n  {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter)
        sub.add_argument("notebook", nargs="*", help='notebook names or numbers, "01_init" or "01" (default: all)')
        if default is not None:
            shown = default.relative_to(notebooks.ROOT) if default.is_relative_to(notebooks.ROOT) else default
            sub.add_argument("--course", type=Path, default=default,
                             help=f"the nbgrader course directory (default: {shown}/ in the repository)")
        _options(sub, options)
    return parser, commands


def parse(argv):
    """The arguments of ``python -m autograder COMMAND [NOTEBOOK ...] [options]``; notebooks and
    options in any order (``autograde --course C 01 --shard 1/2``)."""
    parser, commands = parsers()
    if argv and argv[0] in commands:
        args = commands[argv[0]].parse_intermixed_args(argv[1:])
        args.command = argv[0]
        return args
    return parser.parse_args(argv)   # --help, or what is wrong with the command


def main(argv=None):
    args = parse(sys.argv[1:] if argv is None else list(argv))
    names = notebooks.resolve(args.notebook)
    root = args.course.resolve() if getattr(args, "course", None) else None

    if args.command == "notebooks":
        for name in names:
            print(f"regenerating {name}: executing it to refresh its stored outputs ...", flush=True)
            if notebooks.regenerate(name) is None:
                print(f"  {name}.ipynb unchanged: its outputs are the same (the progress bars' widget ids and "
                      "timings, new at every run, are not written)")
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
    from .collect import lms
    from .grade import batch
    from .report import tables

    if args.command == "collect":
        if args.source is None or not args.source.is_dir():
            print(f"collect needs --from DIR, a folder with a folder or .zip per student; got {args.source}",
                  file=sys.stderr)
            return 2
        for student, name, what in lms.collect(args.source, root, names):
            print(f"collect {student}{' ' + name if name else ''}: {what}")
    elif args.command == "autograde":
        from .grade.execute import sandbox_problem

        problem = None if args.unsandboxed else sandbox_problem()
        if problem:
            print(f"autograde: {problem}", file=sys.stderr)
            return 2
        if args.unsandboxed:
            print("autograde: grading WITHOUT a sandbox (--unsandboxed): the student's code can reach this "
                  "machine; every status says so.", file=sys.stderr)
        try:
            results = batch.autograde(root, names, workers=args.workers, force=args.force, shard=args.shard,
                                      sandbox=not args.unsandboxed)
        except batch.NotReady as error:
            print(f"autograde: {error}", file=sys.stderr)
            return 2
        print(autograde_summary(results))
        return 1 if any(state["status"] == "error" for state in results.values()) else 0
    elif args.command == "feedback":
        grader = course.api(root)
        for name in names:
            for student in course.submitted_students(root, name):
                state = batch.read_state(root, student, name) or {}
                if state.get("status") != "graded":
                    print(f"feedback {name} {student}: skipped ({state.get('status', 'not graded yet')})")
                    continue
                result = grader.generate_feedback(name, student)
                print(f"feedback {name} {student}: {'ok' if result.get('success') else 'FAILED'}")
    elif args.command in ("export", "report") and not args.notebook:
        # the notebooks handed in so far: the class's table, not the whole course's
        handed_in = [name for name in names if course.submitted_students(root, name)]
        if not handed_in:
            print(f"{args.command}: no submission in {root / 'submitted'} (collect and autograde first)",
                  file=sys.stderr)
            return 2
        args.notebook = handed_in
        return grading_command(args, handed_in, root)
    elif args.command == "export":
        rows = tables.exercise_rows(root, names)
        write = tables.write_totals_csv if args.totals else tables.write_csv
        if args.output:
            with open(args.output, "w", newline="") as out:
                write(rows, out)
            what = f"{len({r['student'] for r in rows})} students" if args.totals else f"{len(rows)} rows"
            print(f"{what} written to {args.output}")
        else:
            write(rows, sys.stdout)
    elif args.command == "report":
        out_dir = root / "reports"
        rows = tables.exercise_rows(root, names)
        tables.class_report(rows, out_dir)
        print(f"class report of {len({r['student'] for r in rows})} students and "
              f"{len({(r['notebook'], r['exercise']) for r in rows})} exercises written: "
              + ", ".join(str(out_dir / f"class_report.{ext}") for ext in ("md", "html", "png")))
    return 0


def autograde_summary(results):
    """The last line of ``autograde``: how many submissions were graded, stopped by a timeout or a
    dead kernel, invalid, or could not be graded (error), and how many of them were graded before."""
    outcomes = Counter(state.get("outcome", state["status"]) for state in results.values())
    stopped = outcomes["timeout"] + outcomes["kernel died"]
    before = sum(1 for state in results.values() if state.get("skipped"))
    return (f"autograde: {len(results)} submissions: {outcomes['graded']} graded, {stopped} with a timeout or "
            f"a dead kernel, {outcomes['invalid']} invalid, {outcomes['error']} could not be graded (error)"
            + (f"; {before} of them graded by an earlier run and unchanged" if before else ""))


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
