"""A check's verdict while grading, in a channel the submission cannot write to.

While nbgrader grades (``NBGRADER_EXECUTION`` is set), the checks run in the grader's trusted kernel
and publish, beside what the cell prints, one structured output per outcome: a ``display_data`` of
the MIME type :data:`MIME` holding ``{"status": "failed", "problem": ..., "hint": ...}`` or
``{"status": "passed", "on": "linear_forward"}`` (right when run on the course's reference of an
earlier exercise). The grade table takes an exercise's status and mistake from these alone, never
from the text the cell printed, which the student's code writes into too. The submission's code
runs in another process and reaches the trusted kernel only as data
(``autograder/sandbox/bubblewrap.py``), so it cannot publish one.
"""
import os

MIME = "application/vnd.dnn-course.verdict+json"
#: the longest text a verdict carries
LIMIT = 2000


def publish(**verdict):
    """Publish ``verdict`` as an output of the running cell, while grading only (in JupyterLab the
    message printed is the student's whole answer)."""
    if not os.environ.get("NBGRADER_EXECUTION"):
        return
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        return
    if get_ipython() is None:
        return
    data = {key: value[:LIMIT] if isinstance(value, str) else value for key, value in verdict.items()}
    display({MIME: data}, raw=True)


def read(outputs):
    """The verdicts among a cell's ``outputs``, in order."""
    found = []
    for output in outputs or []:
        if output.get("output_type") == "display_data":
            data = output.get("data", {}).get(MIME)
            if isinstance(data, dict):
                found.append(data)
    return found
