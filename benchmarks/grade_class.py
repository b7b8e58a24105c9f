"""Benchmark: autograde a synthetic class and print how fast it goes, and what the sandbox costs.

    .venv/bin/python benchmarks/grade_class.py [--students 30] [--workers N ...] [--notebooks 01 02 ...]
    .venv/bin/python benchmarks/grade_class.py --shards 2 [--students 30] [--notebooks ...]
    .venv/bin/python benchmarks/grade_class.py --in-a-row 40 [--notebooks ...]

Every student hands in every notebook of the course: a third the solution version, a third the
untouched student version, a third the solution with one answer broken. The class is graded in
fresh course directories with each number of workers (default: 1 and the machine's cores), in the
sandbox, then with the largest number of workers once more without it (``--unsandboxed``: the
student's code still in a process of its own, the verdict in the trusted kernel, no bubblewrap).
Printed: seconds per notebook submission, seconds per full submission (all notebooks of one
student), submissions per minute, the speed-up of the parallel run, what the sandbox adds, and what
one call across the wire between the trusted kernel and the submission's process costs; then the
gap: per notebook and per full submission, the wall and CPU seconds of grading a solution hand-in by
one warm worker (its trusted kernel kept from the notebooks it graded before, as in a class; the
grading process's, the kernel's and the sandboxes' CPU) beside the seconds of the work itself,
measured in the same run, their ratios, the goal of issue 23 (at most 2 x the work + 0.15 s per
notebook), and the class of 300 and 2,000 projected from the CPU seconds. The work itself is the
source notebook's code cells (the solutions, the visible and the hidden tests) executed in order in
one warm Python process (numpy, matplotlib, dnn_utils and the checks imported before the clock
starts), with ``NBGRADER_EXECUTION=autograde`` as while grading: what autograding a correct
submission runs, without the grader around it, its figures drawn as PNG as the kernel draws them into
the notebook; it is measured before and after the grading, and the mean is used (both are printed). On a machine shared with other work, the CPU seconds are the
figures to read: the load changes them much less than the wall seconds.

    .venv/bin/python benchmarks/grade_class.py --students 1 --workers 1     # the gap, in about two minutes

With ``--shards N``: the class is graded by one process into SQLite (with the machine's cores as
workers), and as N parts at the same time, each by its own ``python -m autograder.scale.job`` (the
grading container's entry point, standing for one machine each, sharing this machine's cores) into a
PostgreSQL server of its own (``autograder.scale.pgserver``, Debian's ``postgresql``). Printed: both
times, what the shared gradebook and the parts cost, whether the two grade tables are equal row for
row, and the time of 300 and 2,000 students on 1 to 16 machines like this one, projected from them.

With ``--in-a-row PASSES``: one warm worker grades the solution hand-in of every notebook PASSES
times in a row, as it grades a class, and the wall and CPU seconds per pass of each fifth are
printed: a kept trusted kernel that slowed down from one notebook to the next would show there.
"""
import argparse
import contextlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat

from autograder.build import notebooks, versions
from autograder.collect import lms
from autograder.grade import batch, course, execute
from autograder.scale import job, synthetic

#: what the work itself runs under: the demonstrations' lengths of autograding, no display
WORK_ENV = {"NBGRADER_EXECUTION": "autograde", "MPLBACKEND": "Agg"}


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
        lms.store(root, student, name, nbformat.writes(nb).encode(), "2026-01-01 00:00:00 UTC")
    return released


def not_graded(states):
    failed = [k for k, s in states.items() if (s or {}).get("status") != "graded"]
    if failed:
        print(f"  {len(failed)} submissions not graded: {failed[:3]}", file=sys.stderr)
    return failed


def grade_in_one_process(root, names, workers, sandbox=True):
    """Seconds, notebook submissions, median seconds of one."""
    start = time.perf_counter()
    graded = batch.autograde(root, names, workers=workers, progress=None, sandbox=sandbox)
    elapsed = time.perf_counter() - start
    not_graded(graded)
    return elapsed, len(graded), statistics.median(s["seconds"] for s in graded.values())


def run(names, students, workers, sandbox=True):
    with tempfile.TemporaryDirectory(prefix="grade-class-") as tmp:
        root = Path(tmp) / "course"
        new_course(root, names, students)
        return grade_in_one_process(root, names, workers, sandbox)


def work_itself(names):
    """{notebook: [wall seconds, CPU seconds, CPU seconds drawing figures]} of the work itself (see the module's docstring), each
    notebook's cells in a namespace of their own, all in one child process of this benchmark started
    for the purpose."""
    env = dict(os.environ, **WORK_ENV)
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    with tempfile.TemporaryDirectory(prefix="grade-class-work-") as folder:   # files the cells write
        done = subprocess.run([sys.executable, __file__, "--work-itself", *names], cwd=folder, env=env,
                              capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"the work itself did not run: {done.stderr[-3000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def _code_cells(name):
    from autograder.grade.definitions import as_python

    nb = nbformat.read(notebooks.notebook_path(name), as_version=4)
    return [as_python(cell.source) for cell in nb.cells if cell.cell_type == "code"]


def _run_work_itself(names):
    """In the child process: import what the notebooks import, then time each notebook's cells;
    prints {notebook: [wall seconds, CPU seconds, CPU seconds of drawing its figures]} as JSON on its
    last line. Every figure is drawn as a PNG, as the trusted kernel's inline backend draws it into
    the notebook (at ``plt.show()``, and at the end of the cell that made it), and then closed."""
    import ast
    import contextlib
    import io

    import matplotlib.pyplot as plt

    drawing = [0.0]

    def draw_figures(*args, **kwargs):
        start = time.process_time()
        for number in plt.get_fignums():
            plt.figure(number).savefig(io.BytesIO(), format="png", bbox_inches="tight")
        plt.close("all")
        drawing[0] += time.process_time() - start

    plt.show = draw_figures
    cells = {name: _code_cells(name) for name in names}
    for source in (c for name in names for c in cells[name]):
        for node in ast.parse(source).body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                exec(compile(ast.Module([node], []), "<imports>", "exec"), {})
    seconds = {}
    for name in names:
        namespace = {"__name__": "__main__"}
        printed = io.StringIO()
        drawing[0] = 0.0
        start, cpu = time.perf_counter(), time.process_time()
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
            for i, source in enumerate(cells[name]):
                try:
                    exec(compile(source, f"<{name} cell {i}>", "exec"), namespace)
                except Exception as error:
                    raise RuntimeError(f"{name}, code cell {i}: {type(error).__name__}: {error}") from error
                draw_figures()
        seconds[name] = [time.perf_counter() - start, time.process_time() - cpu, drawing[0]]
    print(json.dumps(seconds))


def _stat(pid):
    """(parent pid, start time, CPU seconds) of process ``pid`` (its own: a child's is sampled as a
    process of its own), or None when it has ended."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    return int(fields[1]), int(fields[19]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class TreeCPU:
    """The CPU seconds used meanwhile by this process and every process started under it (the trusted
    kernel and the submissions' processes), however they end: the submissions' processes are killed,
    and a killed sandbox's CPU is counted in no parent's, so a thread samples /proc every
    ``interval`` seconds and keeps each process's last reading (its last ``interval`` may be missed).
    The sampling thread's own CPU is left out."""

    def __init__(self, interval=0.02):
        self.interval, self.seen, self.stop, self.sampler_cpu = interval, {}, threading.Event(), 0.0

    def _descendants(self):
        parents = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                stat = _stat(int(entry))
                if stat:
                    parents[int(entry)] = stat
        mine, found = {os.getpid()}, True
        while found:
            found = False
            for pid, (ppid, _, _) in parents.items():
                if ppid in mine and pid not in mine:
                    mine.add(pid)
                    found = True
        return {(pid, parents[pid][1]): parents[pid][2] for pid in mine - {os.getpid()}}

    def _sample(self):
        begin = time.thread_time()
        while not self.stop.wait(self.interval):
            self.seen.update(self._descendants())
        self.sampler_cpu = time.thread_time() - begin

    def __enter__(self):
        own = resource.getrusage(resource.RUSAGE_SELF)
        self.own_before = own.ru_utime + own.ru_stime
        self.before = self._descendants()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()
        self.seen.update(self._descendants())
        own = resource.getrusage(resource.RUSAGE_SELF)
        others = sum(cpu - self.before.get(key, 0.0) for key, cpu in self.seen.items())
        self.seconds = own.ru_utime + own.ru_stime - self.own_before - self.sampler_cpu + others


@contextlib.contextmanager
def warm_worker(names, students):
    """This process as a warm grading worker: a course of the synthetic class with ``students``,
    graded once by one worker (its trusted kernel kept); yields the course's root, and ends the
    kept kernel afterwards."""
    with tempfile.TemporaryDirectory(prefix="grade-class-warm-") as tmp:
        root = Path(tmp) / "course"
        new_course(root, names, students)
        not_graded(batch.autograde(root, names, workers=1, progress=None))
        yield root
    execute.end_kept_kernel()


def grade_solution(root, name):
    """Grade the solution hand-in (the synthetic class's ``student000``) of ``name`` again."""
    not_graded({("student000", name): batch.grade_one(root, "student000", name, force=True)})


def graded_warm(names, students=3, rounds=3):
    """{notebook: [wall seconds, CPU seconds]} of grading the solution hand-in by one worker in this
    process, as a worker grades a class: warm, its trusted kernel kept (the class graded once
    before); the median of ``rounds`` gradings. The CPU seconds are the grading process's, the
    trusted kernel's and the submissions' processes' (sandboxes)."""
    out = {}
    with warm_worker(names, students) as root:
        for name in names:
            walls, cpus = [], []
            for _ in range(rounds):
                with TreeCPU() as cpu:
                    start = time.perf_counter()
                    grade_solution(root, name)
                    walls.append(time.perf_counter() - start)
                cpus.append(cpu.seconds)
            out[name] = [statistics.median(walls), statistics.median(cpus)]
    return out


def in_a_row(names, passes, blocks=5):
    """Yield (first pass, last pass, wall seconds, CPU seconds per pass) for ``blocks`` equal runs of
    grading the solution hand-in of ``names`` ``passes`` times in a row by one warm worker in this
    process, as a worker grades a class: whether its kept kernel slows down from one notebook to
    the next (a leak, a cache that grows)."""
    size = max(1, passes // blocks)
    with warm_worker(names, 1) as root:
        for first in range(0, passes, size):
            count = min(size, passes - first)
            with TreeCPU() as cpu:
                start = time.perf_counter()
                for _ in range(count):
                    for name in names:
                        grade_solution(root, name)
                wall = time.perf_counter() - start
            yield first + 1, first + count, wall / count, cpu.seconds / count


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
    from autograder.scale.pgserver import Server

    cores = os.cpu_count() or 1
    per_part = max(1, cores // shards)
    with tempfile.TemporaryDirectory(prefix="grade-class-") as tmp, Server(durable=True) as server:
        alone, shared = Path(tmp) / "sqlite" / "course", Path(tmp) / "postgresql" / "course"
        new_course(alone, names, students)
        elapsed, count, median_one = grade_in_one_process(alone, names, cores)
        report(f"one process into SQLite, workers={cores}", elapsed, count, median_one, students, names)
        released = new_course(shared, names, students, db_url=server.url())
        ended = grade_in_parts(shared, names, shards, per_part)
        sizes = [sum(batch.in_shard(s, (k + 1, shards)) for s in course.submitted_students(shared, names[0]))
                 for k in range(shards)]
        states = {(s, n): batch.read_state(shared, s, n) for n in names for s in course.submitted_students(shared, n)}
        not_graded(states)
        together = max(ended)
        print(f"{shards} parts at once into PostgreSQL {server.version()}, each `python -m autograder.scale.job "
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

    from autograder.sandbox import bubblewrap

    namespace = {}
    start = time.perf_counter()
    box = bubblewrap.Sandbox(namespace, "01_init")
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


def gap(graded, names, work):
    """Per notebook and per full submission, the solution hand-in's grading beside the work itself, in
    wall and in CPU seconds: the lines to print. ``graded`` and ``work``: {notebook: [wall, CPU]}."""
    lines = [f"{'notebook':<20} {'work itself':>11} {'graded':>8} {'ratio':>6} | {'work CPU':>9} {'graded CPU':>10} {'ratio':>6}"]
    rows = [(name, work[name][:2], graded[name]) for name in names]
    full = ("full submission", [sum(work[n][i] for n in names) for i in (0, 1)],
            [sum(graded[n][i] for n in names) for i in (0, 1)])
    for name, (w_wall, w_cpu), (g_wall, g_cpu) in rows + [full]:
        lines.append(f"{name:<20} {w_wall:>9.2f} s {g_wall:>6.2f} s {g_wall / w_wall:>5.1f}x | "
                     f"{w_cpu:>7.2f} s {g_cpu:>8.2f} s {g_cpu / w_cpu:>5.1f}x")
    (_, (w_wall, w_cpu), (g_wall, g_cpu)) = full
    lines.append(f"of the work itself, drawing the figures as PNG (as the kernel draws them into the notebook): "
                 f"{sum(work[n][2] for n in names):.2f} s of CPU")
    for what, w, g in (("wall", w_wall, g_wall), ("CPU", w_cpu, g_cpu)):
        goal = 2 * w + 0.15 * len(names)
        lines.append(f"the goal in {what} seconds, 2 x the work itself + 0.15 s per notebook: {goal:.2f} s per full "
                     f"submission; graded in {g:.2f} s: {'met' if g <= goal else 'NOT met'} ({g / goal:.2f} of it)")
    lines.append(f"projected, two workers on two cores kept busy (the CPU seconds of a full submission, {g_cpu:.1f} s, "
                 f"twice at once): 300 students in {300 * g_cpu / 2 / 60:.1f} min, 2,000 in {2000 * g_cpu / 2 / 60:.0f} min")
    return lines


def main():
    if sys.argv[1:2] == ["--work-itself"]:          # the child process of work_itself
        return _run_work_itself(sys.argv[2:])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--workers", type=int, nargs="+", default=sorted({1, os.cpu_count() or 1}))
    parser.add_argument("--notebooks", nargs="*", default=[])
    parser.add_argument("--shards", type=int, help="grade as this many parts at once into PostgreSQL, beside one process into SQLite")
    parser.add_argument("--in-a-row", type=int, metavar="PASSES",
                        help="grade the solution hand-in of the notebooks this many times in a row by one warm worker, "
                             "and print the seconds per pass of each fifth: whether a kept kernel slows down")
    args = parser.parse_args()
    for option, value in (("--students", [args.students]), ("--workers", args.workers), ("--shards", [1 if args.shards is None else args.shards]),
                          ("--in-a-row", [1 if args.in_a_row is None else args.in_a_row])):
        if min(value) < 1:
            parser.error(f"{option} takes whole numbers of at least 1, got {' '.join(map(str, value))}")
    names = notebooks.resolve(args.notebooks)
    if args.in_a_row:
        print(f"{args.in_a_row} passes in a row of the solution hand-in of {len(names)} notebooks "
              f"({', '.join(names)}) by one warm worker, its trusted kernel kept")
        for first, last, wall, cpu in in_a_row(names, args.in_a_row):
            print(f"  passes {first:4d} to {last:4d}: {wall:.2f} s wall, {cpu:.2f} s CPU per pass")
        return None
    print(f"class: {args.students} students x {len(names)} notebooks ({', '.join(names)}); "
          f"machine: {os.cpu_count()} cores")
    if args.shards:
        return compare_shards(names, args.students, args.shards)
    work_before = work_itself(names)     # and again after the grading: the mean, and how far they differ
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
    print("the gap, sandboxed: grading a solution hand-in by one warm worker (its trusted kernel kept, the median "
          "of 3) beside the work itself (its cells and checks, hidden ones included, in one warm process, "
          "NBGRADER_EXECUTION set)")
    graded = graded_warm(names)
    work_after = work_itself(names)
    work = {name: [(work_before[name][i] + work_after[name][i]) / 2 for i in (0, 1, 2)] for name in names}
    for line in gap(graded, names, work):
        print("  " + line)
    before, after = (sum(w[0] for w in work_before.values()), sum(w[0] for w in work_after.values()))
    print(f"  the work itself is the mean of a run before the grading ({before:.2f} s) and one after it ({after:.2f} s); "
          f"they differ by {100 * abs(after - before) / min(before, after):.0f}% (much more: the machine's load "
          "changed during the run, and the ratios with it)")


if __name__ == "__main__":
    sys.exit(main())
