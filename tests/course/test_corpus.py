"""The corpus of implementations written as students write them (tests/course/corpus, format in its
harness): every right one passes the visible and hidden checks of its exercise, every wrong one fails
with its mistake named."""
import collections
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))
import harness  # noqa: E402  (tests/course/corpus is a folder of files loaded by path, not a package)

CASES = [(number, impl) for number, path in harness.corpus_files() for impl in harness.load_cases(path)]


def _id(case):
    number, impl = case
    return f"nb{number}-{impl.function}-{'right' if impl.right else 'wrong'}-{impl.style}"


@pytest.mark.parametrize("case", CASES, ids=[_id(case) for case in CASES])
def test_case(case):
    number, impl = case
    verdicts = harness.run(number, impl)
    if impl.right:
        failures = [message for message in verdicts if message is not None]
        assert not failures, f"a right implementation failed:\n{failures[0]}"
        return
    failed = [message for message in verdicts if message is not None]
    assert failed, "a wrong implementation passed every check"
    if impl.hidden_only:
        assert verdicts[0] is None, f"marked hidden_only, but the visible check fails:\n{verdicts[0]}"
    else:
        assert verdicts[0] is not None, (f"the visible check passes a wrong implementation; only a hidden "
                                         f"one fails:\n{failed[0]}")
    message = failed[0]
    missing = [word for word in impl.words if word.lower() not in message.lower()]
    assert not missing, f"the message lacks {missing}:\n{message}"
    unfit = [word for word in impl.absent if word.lower() in message.lower()]
    assert not unfit, f"the message gives advice that does not fit ({unfit}):\n{message}"


def test_the_corpus_covers_every_exercise(capsys):
    """Every corpus file has, for each graded exercise of its notebook, a right and a wrong case, and the
    styles of one function are distinct (they name the cases); the figures are printed."""
    figures, problems = {}, []
    for number, path in harness.corpus_files():
        cases = harness.load_cases(path)
        exercises = harness.exercises_of(number)
        kinds = collections.defaultdict(set)
        for impl in cases:
            if impl.function not in exercises:
                problems.append(f"{path.name}: {impl.function} is not an exercise of {number}")
            kinds[impl.function].add(impl.right)
        lacking = [name for name in exercises if kinds[name] != {True, False}]
        if lacking:
            problems.append(f"{path.name} lacks a right or a wrong case for {lacking}")
        names = [(impl.function, impl.right, impl.style) for impl in cases]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            problems.append(f"{path.name}: styles used twice for one function: {twice}")
        figures[number] = (sum(impl.right for impl in cases), sum(not impl.right for impl in cases))
    assert figures, "no corpus file found"
    with capsys.disabled():
        print("\ncorpus: notebook, right, wrong")
        for number, (right, wrong) in figures.items():
            print(f"  {number}: {right:3d} right, {wrong:3d} wrong")
        print(f"  all: {sum(r for r, _ in figures.values())} right, {sum(w for _, w in figures.values())} wrong")
    assert not problems, "\n".join(problems)
