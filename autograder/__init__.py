"""The course's build and grading commands around nbgrader.

``python -m autograder --help`` lists them. The packages, one per step of the way a hand-in travels
(docs/sandbox.md has the picture):

- ``build``: the source notebooks and their text twins, the student and solution versions, and the
  copy of ``dnn_utils`` a notebook is graded with;
- ``collect``: an LMS export in, bounded, and a hand-in rebuilt on the release;
- ``grade``: the batch, the course directory and nbgrader's API, nbgrader's execution in two processes;
- ``sandbox``: bubblewrap and the trusted end of the wire, the submission's process, the wire;
- ``report``: the grade table, the class report and the student's feedback;
- ``scale``: the grading container's entry point, a throwaway PostgreSQL, a synthetic class.
"""
