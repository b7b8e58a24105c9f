"""Collecting: an LMS export in, bounded (``lms``), and a hand-in read and rebuilt on the release, the
one place it becomes what is graded (``submissions``)."""
