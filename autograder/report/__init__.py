"""What grading hands out: the grade table and the class report (``tables``), and the student's feedback
page (``feedback`` and ``templates/``)."""
