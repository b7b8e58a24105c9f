"""Building the course: the source notebooks and their text twins (``notebooks``), the student and
solution versions and the release (``versions``), and the copy of ``dnn_utils`` a notebook is graded
with, its exercises' references withheld (``references``)."""
