"""Benchmark: autograde a synthetic class and print how fast it goes, and what the sandbox costs.

    .venv/bin/python benchmarks/grade_class.py [--students 30] [--workers N ...] [--notebooks 01 02 ...]
    .venv/bin/python benchmarks/grade_class.py --shards 2 [--students 30] [--notebooks ...]

Every student hands in every notebook of the course: a third the solution version, a third the
untouched student version, a third the solution with one answer broken. The class is graded in
fresh course directories with each number of workers (default: 1 and the machine's cores), in the
sandbox, then with the largest number of workers once more without it (``--unsandboxed``: the
student's code still in a process of its own, the verdict in the trusted kernel, no bubblewrap).
Printed: seconds per notebook submission, seconds per full submission (all notebooks of one
student), submissions per minute, the speed-up of the parallel run, what the sandbox adds, and what
one call across the wire between the trusted kernel and the submission's process costs.

With ``--shards N``: the class is graded by one process into SQLite (with the machine's cores as
workers), and as N parts at the same time, each by its own ``python -m autograder.job`` (the grading
container's entry point, standing for one machine each, sharing this machine's cores) into a
PostgreSQL server of its own (``autograder.pgserver``, Debian's ``postgresql``). Printed: both times,
what the shared gradebook and the parts cost, whether the two grade tables are equal row for row,
and the time of 300 and 2,000 students on 1 to 16 machines like this one, projected from them.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from autograder import collect, course, grading, job, notebooks, synthetic, versions


def new_course(root, names, students, db_url=None):
    """A course directory with ``names`` released and the synthetic class handed in; the gradebook
    at ``db_url`` (else SQLite in the folder). Returns the seconds that the release took."""
    root = Path(root)
    if db_url:
        synthetic.use_gradebook(root, db_url)
    start = time.perf_counter()
    versions.write_student_versions(names, root=root)
    released = time.perf_counter() - start
    for student, name, nb in synthetic.handins(names, students, root):
        collect.store(root, student, name, nbformat.writes(nb).encode(), "2026-01-01 00:00:00 UTC")
    return released


def not_graded(states):
    failed = [k for k, s in states.items() if (s or {}).get("status") != "graded"]
    if failed:
        print(f"  {len(failed)} submissions not graded: {failed[:3]}", file=sys.stderr)
    return failed


def grade_in_one_process(root, names, workers, sandbox=True):
    start = time.perf_counter()
    results = grading.autograde(root, names, workers=workers, progress=None, sandbox=sandbox)
    elapsed = time.perf_counter() - start
    not_graded(results)
    return elapsed, len(results), statistics.median(s["seconds"] for s in results.values())


def run(names, students, workers, sandbox=True):
    with tempfile.TemporaryDirectory(prefix="grade-class-") as tmp:
        root = Path(tmp) / "course"
        new_course(root, names, students)
        return grade_in_one_process(root, names, workers, sandbox)


def grade_in_parts(root, names, shards, workers):
    """Every part at once, each by the container's entry point as the Job's pod ``k``; returns the
    seconds until each part ended (the slowest is the class's)."""
    parts, ended = [], {}
    start = time.perf_counter()
    for k in range(shards):
        argv, pod_env = job.pod(k, shards, root, ["--workers", workers, *names])
        env = dict(os.environ, **pod_env, OPENBLAS_NUM_THREADS=os.environ.get("OPENBLAS_NUM_THREADS", "1"))
        log = open(root.parent / f"part{k + 1}.log", "w")
        parts.append((subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT), log))
    while len(ended) < shards:
        for k, (process, log) in enumerate(parts):
            if k not in ended and process.poll() is not None:
                ended[k] = time.perf_counter() - start
                log.close()
                if process.returncode:
                    print(f"  part {k + 1}/{shards} ended with exit code {process.returncode}: "
                          f"{(root.parent / f'part{k + 1}.log').read_text()[-2000:]}", file=sys.stderr)
        time.sleep(0.2)
    return [ended[k] for k in range(shards)]


def compare_shards(names, students, shards):
    """One process into SQLite beside ``shards`` parts at once into PostgreSQL, on the same class."""
    from autograder.pgserver import Server

    cores = os.cpu_count() or 1
    per_part = max(1, cores // shards)
    with tempfile.TemporaryDirectory(prefix="grade-class-") as tmp, Server(durable=True) as server:
        alone, shared = Path(tmp) / "sqlite" / "course", Path(tmp) / "postgresql" / "course"
        new_course(alone, names, students)
        elapsed, count, median_one = grade_in_one_process(alone, names, cores)
        report(f"one process into SQLite, workers={cores}", elapsed, count, median_one, students, names)
        released = new_course(shared, names, students, db_url=server.url())
        ended = grade_in_parts(shared, names, shards, per_part)
        sizes = [sum(grading.in_shard(s, (k + 1, shards)) for s in course.submitted_students(shared, names[0]))
                 for k in range(shards)]
        states = {(s, n): grading.read_state(shared, s, n) for n in names for s in course.submitted_students(shared, n)}
        not_graded(states)
        together = max(ended)
        print(f"{shards} parts at once into PostgreSQL {server.version()}, each `python -m autograder.job "
              f"--workers {per_part}`: {together:.1f} s for {len(states)} notebook submissions | parts of "
              f"{', '.join(map(str, sizes))} students ended after {', '.join(f'{t:.1f}' for t in ended)} s | "
              f"{together / students:.1f} s per full submission | {60 * len(states) / together:.1f} submissions per minute")
        print(f"the shared gradebook and the parts cost {100 * (together / elapsed - 1):+.0f}% over one process "
              f"(the same cores, the same class); the release, once before the parts: {released:.1f} s")
        expected = synthetic.grade_table(alone, names)
        same = synthetic.grade_table(shared, names) == expected
        print(f"grade tables row for row: {'equal' if same else 'DIFFERENT'} ({len(expected)} rows)")
    # a machine's rate: each part's own (students per second while they all ran), summed, as if the
    # parts were of one size; scaled up where the parts left cores of this machine idle
    rate = sum(size / t for size, t in zip(sizes, ended))
    per_student = min(1.0, shards * per_part / cores) / rate
    print(f"parts of one size would take {per_student:.1f} s per full submission on this machine")
    print(f"projected, machines like this one ({cores} cores, {cores} workers each), release included:")
    for size in (300, 2000):
        cells = [f"{machines} machine{'s' if machines > 1 else ''}: {(released + per_student * size / machines) / 60:.0f} min"
                 for machines in (1, 2, 4, 8, 16)]
        print(f"  {size} students: " + " | ".join(cells))
    return 0 if same else 1


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
    parser.add_argument("--shards", type=int, help="grade as this many parts at once into PostgreSQL, beside one process into SQLite")
    args = parser.parse_args()
    names = notebooks.resolve(args.notebooks)
    print(f"class: {args.students} students x {len(names)} notebooks ({', '.join(names)}); "
          f"machine: {os.cpu_count()} cores")
    if args.shards:
        return compare_shards(names, args.students, args.shards)
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
    sys.exit(main())
