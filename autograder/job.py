"""The grading container's entry point: one part of a class, the part given by the orchestrator.

    python -m autograder.job [--shards N] [--course DIR] [other autograde options] [notebooks]

runs ``python -m autograder autograde --shard K/N`` with K = index + 1, the index being the job's
completion index that Kubernetes gives each pod of an Indexed Job (``JOB_COMPLETION_INDEX``, 0 to
N-1). N is ``--shards``, else ``SHARDS``; the course directory is ``--course``, else ``COURSE``,
else ``/srv/course``. The gradebook is the course directory's ``c.CourseDirectory.db_url`` (its
``nbgrader_config.py``, see docs/large-class.md). Exit codes are autograde's: 0 all graded, 1 some
errors (the pod fails, and the Job runs it again: what was graded is not graded twice), 2 a wrong
setting, said on stderr.
"""
import os
import sys

INDEX = "JOB_COMPLETION_INDEX"


class JobError(ValueError):
    """A setting of the job is missing or wrong; the message says which and what was expected."""


def shard_argv(argv, environ):
    """The ``python -m autograder`` arguments for this pod: ``autograde --shard K/N ...``."""
    argv = list(argv)
    shards = environ.get("SHARDS")
    if "--shards" in argv:
        i = argv.index("--shards")
        if i + 1 >= len(argv):
            raise JobError("--shards needs the number of parts, e.g. --shards 4")
        shards = argv[i + 1]
        del argv[i:i + 2]
    if shards is None:
        raise JobError("the number of parts is missing: --shards N, or SHARDS=N (the Job's completions)")
    try:
        n = int(shards)
    except ValueError:
        raise JobError(f"the number of parts must be a whole number, got {shards!r}") from None
    if n < 1:
        raise JobError(f"the number of parts must be at least 1, got {n}")
    index = environ.get(INDEX)
    if index is None:
        raise JobError(f"{INDEX} is not set: run this as a pod of a Kubernetes Indexed Job "
                       "(completionMode: Indexed), or set it by hand (0 for the first part)")
    try:
        k = int(index)
    except ValueError:
        raise JobError(f"{INDEX} must be a whole number, got {index!r}") from None
    if not 0 <= k < n:
        raise JobError(f"{INDEX}={k} is not a part of {n}: it goes from 0 to {n - 1} (completions = parallelism = N)")
    if "--shard" in argv:
        raise JobError("--shard is this entry point's to set, from the job index; give --shards N")
    if "--course" not in argv:
        argv += ["--course", environ.get("COURSE", "/srv/course")]
    return ["autograde", *argv, "--shard", f"{k + 1}/{n}"]


def pod(index, shards, course, args=()):
    """How a pod of the Indexed Job runs this entry point, for running one by hand (the tests, the
    benchmark): its command line and what Kubernetes and the manifest put in its environment."""
    return ([sys.executable, "-m", "autograder.job", *map(str, args)],
            {INDEX: str(index), "SHARDS": str(shards), "COURSE": str(course)})


def main(argv=None, environ=None):
    try:
        args = shard_argv(sys.argv[1:] if argv is None else argv, os.environ if environ is None else environ)
    except JobError as error:
        print(f"autograder.job: {error}", file=sys.stderr)
        return 2
    from .__main__ import main as autograder

    print(f"autograder.job: python -m autograder {' '.join(args)}", flush=True)
    return autograder(args)


if __name__ == "__main__":
    sys.exit(main())
