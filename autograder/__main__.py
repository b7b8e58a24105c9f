"""``python -m autograder COMMAND [NOTEBOOK ...]``: the course's build commands.

  notebooks   regenerate notebooks/NN_*.ipynb from their text twins and refresh the stored outputs
  check       say whether any notebook has drifted from its text twin (exit 1 if so)
  student     write the student versions (nbgrader generate_assignment) into build/course/release
  solution    write the solution versions into build/solution
  build       both of the above
  lab         the student versions, copied into student/ where nothing of the student's is overwritten

NOTEBOOK is a name or its number ("01_init" or "01"); none means every notebook.
"""
import argparse
import sys

from . import notebooks, versions


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["notebooks", "check", "student", "solution", "build", "lab"])
    parser.add_argument("notebook", nargs="*", help="notebook names or numbers (default: all)")
    args = parser.parse_args(argv)
    names = notebooks.resolve(args.notebook)

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
        for path in versions.write_student_versions(names):
            print(f"student version: {path.relative_to(notebooks.ROOT)}")
    if args.command in ("solution", "build"):
        for path in versions.write_solutions(names):
            print(f"solution version: {path.relative_to(notebooks.ROOT)}")
    if args.command == "lab":
        versions.copy_for_student(names)
    return 0


if __name__ == "__main__":
    sys.exit(main())
