"""What the feedback shows of a test cell: the check's message, never the test's source."""
from nbconvert.preprocessors import Preprocessor


class ShowOnlyCheckMessages(Preprocessor):
    """Replace the traceback of a failed test cell by the error's own message.

    IPython's traceback quotes the lines around the failing call, which would show the hidden tests
    in the feedback; the check's message (expected, got, hint) is what the student needs.
    """

    enabled = True

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade"):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"]
        return cell, resources
