"""Benchmark: autograde a synthetic class and print how fast it goes, and what the sandbox costs.

    .venv/bin/python benchmarks/grade_class.py [--students 30] [--workers N ...] [--notebooks 01 02 ...]

Every student hands in every notebook of the course: a third the solution version, a third the
untouched student version, a third the solution with one answer broken. The class is graded in
fresh course directories with each number of workers (default: 1 and the machine's cores), in the
sandbox, then with the largest number of workers once more without it (``--unsandboxed``: the
student's code still in a process of its own, the verdict in the trusted kernel, no bubblewrap).
Printed: seconds per notebook submission, seconds per full submission (all notebooks of one
student), submissions per minute, the speed-up of the parallel run, what the sandbox adds, and what
one call across the wire between the trusted kernel and the submission's process costs.
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


def run(names, students, workers, sandbox=True):
    with tempfile.TemporaryDirectory(prefix="grade-class-") as tmp:
        root = Path(tmp) / "course"
        versions.write_student_versions(names, root=root)
        synthetic_class(root, names, students)
        start = time.perf_counter()
        results = grading.autograde(root, names, workers=workers, progress=None, sandbox=sandbox)
        elapsed = time.perf_counter() - start
        failed = [k for k, s in results.items() if s["status"] != "graded"]
        if failed:
            print(f"  {len(failed)} submissions not graded: {failed[:3]}", file=sys.stderr)
        per_notebook = statistics.median(s["seconds"] for s in results.values())
        return elapsed, len(results), per_notebook


def wire_cost(calls=500):
    """Seconds per call of a submission's function through its proxy (the arguments and results of
    an Adam step: four dicts of six small arrays), and seconds to start a sandboxed process."""
    import numpy as np

    from autograder import sandbox

    namespace = {}
    start = time.perf_counter()
    box = sandbox.Sandbox(namespace, "01_init")
    started = time.perf_counter() - start
    box.run_cell("def step(parameters, grads, v, s, t):\n"
                 "    return ({k: w - 0.01 * grads['d' + k] for k, w in parameters.items()}, dict(v), dict(s))\n")
    rng = np.random.RandomState(0)
    dims = [2, 5, 2, 1]
    parameters = {f"{p}{l}": rng.randn(dims[l], dims[l - 1] if p == "W" else 1) for l in (1, 2, 3) for p in "Wb"}
    grads = {"d" + k: v.copy() for k, v in parameters.items()}
    begin = time.perf_counter()
    for _ in range(calls):
        namespace["step"](parameters, grads, dict(grads), dict(grads), 2)
    per_call = (time.perf_counter() - begin) / calls
    box.kill("benchmark done")
    return per_call, started


def report(label, elapsed, count, median_one, students, names):
    print(f"{label}: {elapsed:.1f} s for {count} notebook submissions | "
          f"{elapsed / count:.2f} s per notebook submission (median single run {median_one:.2f} s) | "
          f"{elapsed / students:.1f} s per full submission ({len(names)} notebooks) | "
          f"{60 * count / elapsed:.1f} submissions per minute")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--workers", type=int, nargs="+", default=sorted({1, os.cpu_count() or 1}))
    parser.add_argument("--notebooks", nargs="*", default=[])
    args = parser.parse_args()
    names = notebooks.resolve(args.notebooks)
    print(f"class: {args.students} students x {len(names)} notebooks ({', '.join(names)}); "
          f"machine: {os.cpu_count()} cores")
    figures = {}
    for workers in sorted(set(args.workers)):
        elapsed, count, median_one = run(names, args.students, workers)
        figures[workers] = elapsed
        report(f"sandboxed, workers={workers}", elapsed, count, median_one, args.students, names)
    most = max(figures)
    if len(figures) > 1:
        print(f"speed-up with {most} workers: {figures[min(figures)] / figures[most]:.2f}x")
    elapsed, count, median_one = run(names, args.students, most, sandbox=False)
    report(f"unsandboxed, workers={most}", elapsed, count, median_one, args.students, names)
    print(f"the sandbox (bubblewrap) adds {(figures[most] - elapsed) / args.students:+.2f} s per full submission "
          f"({100 * (figures[most] / elapsed - 1):+.0f}%)")
    per_call, started = wire_cost()
    print(f"the trusted verdict: a call across the wire costs {1000 * per_call:.2f} ms (an Adam step's "
          f"arguments and results); a sandboxed process starts in {started:.2f} s")


if __name__ == "__main__":
    main()
