"""Benchmark: autograde a synthetic class and print how fast it goes, serially and in parallel.

    .venv/bin/python benchmarks/grade_class.py [--students 30] [--workers N] [--notebooks 01 02 ...]

Every student hands in every notebook of the course: a third the solution version, a third the
untouched student version, a third the solution with one answer broken. The class is graded twice,
in fresh course directories: with one worker, then with N workers (default: the machine's cores).
Printed: seconds per notebook submission, seconds per full submission (all notebooks of one
student), submissions per minute, and the speed-up of the parallel run.
"""
import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from autograder import grading, notebooks, submissions, versions


def synthetic_class(root, names, students):
    for name in names:
        good = versions.solution_version(nbformat.read(notebooks.notebook_path(name), as_version=4))
        blank = nbformat.read(versions.release_path(root, name), as_version=4)
        broken = nbformat.from_dict(nbformat.reads(nbformat.writes(good), as_version=4))
        answer = next(c for c in broken.cells if c.metadata.get("nbgrader", {}).get("solution"))
        answer.source = answer.source.split("\n")[0] + "\n    return None\n"
        for i in range(students):
            nb = (good, blank, broken)[i % 3]
            submissions.store(root, f"student{i:03d}", name, nbformat.writes(nb).encode(), "2026-01-01 00:00:00 UTC")


def run(names, students, workers):
    with tempfile.TemporaryDirectory(prefix="grade-class-") as tmp:
        root = Path(tmp) / "course"
        versions.write_student_versions(names, root=root)
        synthetic_class(root, names, students)
        start = time.perf_counter()
        results = grading.autograde(root, names, workers=workers, progress=None)
        elapsed = time.perf_counter() - start
        failed = [k for k, s in results.items() if s["status"] != "graded"]
        if failed:
            print(f"  {len(failed)} submissions not graded: {failed[:3]}", file=sys.stderr)
        per_notebook = statistics.median(s["seconds"] for s in results.values())
        return elapsed, len(results), per_notebook


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--notebooks", nargs="*", default=[])
    args = parser.parse_args()
    names = notebooks.resolve(args.notebooks)
    print(f"class: {args.students} students x {len(names)} notebooks ({', '.join(names)}); "
          f"machine: {os.cpu_count()} cores")
    figures = {}
    for workers in sorted({1, args.workers}):
        elapsed, count, median_one = run(names, args.students, workers)
        figures[workers] = elapsed
        print(f"workers={workers}: {elapsed:.1f} s for {count} notebook submissions | "
              f"{elapsed / count:.2f} s per notebook submission (median single run {median_one:.2f} s) | "
              f"{elapsed / args.students:.1f} s per full submission ({len(names)} notebooks) | "
              f"{60 * count / elapsed:.1f} submissions per minute")
    if len(figures) > 1:
        print(f"speed-up with {args.workers} workers: {figures[1] / figures[args.workers]:.2f}x")


if __name__ == "__main__":
    main()
