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
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
c.Execute.allow_errors = True
# The grading kernels' own log stays quiet below errors: ipykernel warns at every start that it talks
# over local TCP (with signed messages), once per submission in an instructor's terminal.
c.Execute.extra_arguments = ["--IPKernelApp.log_level=ERROR"]

# Autograding runs the student's cells as definitions only, in a bubblewrap sandbox of their own;
# the instructor's cells and the checks run in the trusted kernel, where no student code runs; it
# survives dead processes and timeouts, and sends warnings to stdout (see autograder/execute.py).
c.CourseExecute.sandbox = True            # False: no bubblewrap (every status then says "unsandboxed")
c.CourseExecute.memory_limit_mb = 4096    # address space of a submission's process
c.CourseExecute.max_processes = 64        # its processes and threads (when grading runs as root)
c.Autograde.autograde_preprocessors = [
    "autograder.execute.CourseExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# Feedback shows the student's work, the outputs and the scores, not the hidden tests' source
# (neither in the test cells nor quoted by a traceback).
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "nbgrader.preprocessors.ClearHiddenTests",
    "autograder.feedback.ShowOnlyCheckMessages",
]
