"""Grading does not draw the figures of a demonstration it shortens: the feedback leaves their outputs
out (a note says why), and drawing them was a third of the work of 05 to 09. The graded notebook,
which the instructor sees, says so in their place (not matplotlib's "<Figure size ...>" text). The
other figures are drawn as in the lab."""
import nbformat
import pytest

from autograder.build import versions
from autograder.collect import lms
from autograder.grade import batch, execute
from autograder.report import feedback
from autograder.scale import synthetic

NAME = "06_regularization"


@pytest.mark.slow
def test_a_shortened_demonstration_s_figures_are_not_drawn_the_others_are(tmp_path):
    root = tmp_path / "course"
    versions.write_student_versions([NAME], root=root)
    for student, name, nb in synthetic.handins([NAME], 1, root):      # student000: the solution
        lms.store(root, student, name, nbformat.writes(nb).encode(), "2026-01-01 00:00:00 UTC")
    assert batch.grade_one(root, "student000", NAME)["status"] == "graded"
    graded = nbformat.read(root / "autograded" / "student000" / NAME / f"{NAME}.ipynb", as_version=4)
    shortened = set(feedback.shortened_cells(graded))

    def figures(index):
        return [o for o in graded.cells[index].get("outputs", []) if o.get("output_type") == "display_data"
                and "text/plain" in o.get("data", {}) and o["data"]["text/plain"].startswith("<Figure")]

    def noted(index):
        return [o for o in graded.cells[index].get("outputs", []) if o.get("text") == execute.UNDRAWN_NOTE]

    drawn = {i for i in range(len(graded.cells)) if any("image/png" in o["data"] for o in figures(i))}
    undrawn = {i for i in range(len(graded.cells)) if noted(i)}
    assert undrawn and undrawn <= shortened, (undrawn, shortened)   # the shortened demonstrations' figures
    assert all(len(noted(i)) == 1 and not figures(i) for i in undrawn)   # a note, not "<Figure size ...>" text
    assert drawn and not drawn & shortened, (drawn, shortened)      # every other figure drawn (the data set's)
    # the next notebook this worker grades draws its figures again (the kernel's reset)
    assert batch.grade_one(root, "student000", NAME, force=True)["status"] == "graded"
    again = nbformat.read(root / "autograded" / "student000" / NAME / f"{NAME}.ipynb", as_version=4)
    assert all(any("image/png" in o.get("data", {}) for o in again.cells[i].outputs) for i in drawn)


def test_only_an_undrawn_figures_text_gives_way_to_the_note():
    from nbformat.v4 import new_output

    figure = new_output("display_data", data={"text/plain": "<Figure size 1500x400 with 3 Axes>"})
    drawn = new_output("display_data", data={"text/plain": "<Figure size 640x480 with 1 Axes>", "image/png": "iVBO"})
    printed = new_output("stream", name="stdout", text="<Figure size 640x480 with 1 Axes>\n")
    other = new_output("display_data", data={"text/plain": "<Figure size of a student's own text>"})
    outputs = execute.without_figure_texts([printed, figure, drawn, figure, other])
    assert outputs[:-1] == [printed, drawn, other]
    assert outputs[-1]["text"] == execute.UNDRAWN_NOTE
    assert execute.without_figure_texts([printed, drawn]) == [printed, drawn]
