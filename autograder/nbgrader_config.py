"""nbgrader configuration of the course: each notebook is its own assignment.

The course directory (``CourseDirectory.root``) is set by the commands in ``autograder`` (by default
``build/course`` in the repository); everything else an instructor may want to tune is here.
"""
c = get_config()  # noqa: F821  (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "dnn-from-scratch"

# What replaces a solution region in the student version.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# A cell that runs longer than this is stopped; the notebook goes on with the next cell.
c.Execute.timeout = 120
c.Execute.interrupt_on_timeout = True
c.Execute.allow_errors = True
