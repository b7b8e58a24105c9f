"""The submission's sandbox: bubblewrap and the trusted kernel's end of the wire (``bubblewrap``), the
submission's process (``worker``), and the wire between them, data only, both ways (``wire``).

A docstring only: the submission's process has this file, the worker and the wire, and nothing else of
the grader."""
