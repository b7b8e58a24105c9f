"""Grading: the batch, its locks, retries and records (``batch``), the course directory, nbgrader's API and
the gradebook (``course``), nbgrader's execution in two processes (``execute``), the trusted kernel kept
per worker and its reset (``trusted``), what of a student's cell runs (``definitions``).

A docstring only: the trusted kernel keeps this package from one notebook to the next (``trusted``)."""
