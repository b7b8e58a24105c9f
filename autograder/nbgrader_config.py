"""nbgrader configuration of the course: each notebook is its own assignment.

The course directory (``CourseDirectory.root``) is set by the commands in ``autograder`` (by default
``build/course`` in the repository); everything else an instructor may want to tune is here.
"""
import os

c = get_config()  # noqa: F821  (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "dnn-from-scratch"

# What replaces a solution region in the student version.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# A cell that runs longer than this is stopped; the notebook goes on with the next cell.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
# After a cell's reply, how long its last outputs may take to arrive: nbclient's 4 s is exceeded on a
# machine loaded by a class's grading, and nbgrader then fails the cell (or the whole notebook) as
# timed out; the cell's own time stays bounded by the timeout above.
c.Execute.iopub_timeout = 30
c.Execute.allow_errors = True
# The grading kernels' own log stays quiet below errors: ipykernel warns at every start that it talks
# over local TCP (with signed messages), once per submission in an instructor's terminal. Their
# tracebacks are not coloured: IPython highlights each frame's source with pygments (stack_data builds
# a new lexer for every frame), 0.5 to 1 s of CPU for a notebook handed in unwritten, and the
# student's feedback shows an error's message alone anyway; the formgrader shows them in one colour.
c.Execute.extra_arguments = ["--IPKernelApp.log_level=ERROR", "--InteractiveShell.colors=nocolor"]

# Autograding runs the student's cells as definitions only, in a bubblewrap sandbox of their own;
# the instructor's cells and the checks run in the trusted kernel, where no student code runs; it
# survives dead processes and timeouts, and sends warnings to stdout (see autograder/grade/execute.py).
c.CourseExecute.sandbox = True            # False: no bubblewrap (every status then says "unsandboxed")
c.CourseExecute.memory_limit_mb = 4096    # address space of a submission's process
c.CourseExecute.notebook_timeout = 1200   # seconds for one notebook submission in all
c.CourseExecute.max_processes = 64        # its processes and threads (when grading runs as root)
c.CourseExecute.keep_kernel = True        # a worker keeps its trusted kernel, reset as new between notebooks
# `python -m autograder autograde` (make autograde) runs these on the notebook it rebuilt on the release,
# without nbgrader's sanitize pass before them (autograder/grade/batch.py, _prepared_autograde); nbgrader's
# own `nbgrader autograde` runs its sanitize pass first, then these.
c.Autograde.autograde_preprocessors = [
    "autograder.grade.execute.CourseExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# Every HTML page made of a graded notebook, the feedback and the formgrader's view of a submission,
# shows the student's markdown and outputs cleaned: no script runs, no style applies, nothing is fetched
# (autograder/report/feedback.py: the markdown and HTML filters, and the outputs' types and metadata).
c.HTMLExporter.sanitize_html = True
c.HTMLExporter.filters = {"markdown2html": "autograder.report.feedback.SafeMarkdown",
                          "clean_html": "autograder.report.feedback.clean_html"}
c.HTMLExporter.preprocessors = ["autograder.report.feedback.SafeOutputs"]

# Feedback shows the released notebook with the student's answers, each exercise's score and what its
# check said; not the hidden tests' source (neither in the test cells nor quoted by a traceback), no
# frame or path of the grader, no output of a demonstration that grading shortened; formulas rendered
# by MathJax inlined in the page (course_feedback template), which works offline.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "nbgrader.preprocessors.ClearHiddenTests",
    "autograder.report.feedback.ReadableFeedback",
]
c.GenerateFeedback.HTMLExporter.template_name = "course_feedback"
c.GenerateFeedback.HTMLExporter.extra_template_basedirs = [os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                                      "report", "templates")]
