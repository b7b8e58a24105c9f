"""What grading leaves out of nbgrader's own work, and why nothing that is graded changes.

- nbgrader's *sanitize* pass is not run on a prepared submission (``batch._prepared_autograde``):
  on the notebook rebuilt on the release it changes nothing that is graded, whatever the hand-in
  forged (its metadata, points, cell types, ids, kernelspec, outputs, duplicated or added cells);
- nbgrader's gradebooks share one SQLAlchemy engine per URL and process (``course.shared_engine``):
  made once for a batch, following an SQLite file that is replaced, surviving a database server's
  restart, and with the retries of a gradebook that is away still working.
"""
import copy
import json
import os
import shutil
import sys
import threading
import time

import nbformat
import pytest
import sqlalchemy

from autograder.build import notebooks, versions
from autograder.collect import lms, submissions
from autograder.grade import batch, course
from autograder.scale import synthetic

NAMES = ["01_init", "02_forward"]
ID = "dnn-from-scratch"
#: the synthetic class's three students in 03_cost (tests/grade/expected_grade_table.csv): student, score, status
EXPECTED_03 = [("student000", 2.0, "passed"), ("student001", 0.0, "not attempted"),
               ("student002", 0.0, "failed: compute_cost: it returns None.")]


def _solution(name):
    return versions.solution_version(nbformat.read(notebooks.notebook_path(name), as_version=4))


def _meta(cell):
    return cell["metadata"].setdefault("nbgrader", {})


def _cells(nb, kind):
    """The cells of ``nb`` that are answers (``solution``) or tests (``grade`` without ``solution``)."""
    return [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get(kind)
            and not (kind == "grade" and c["metadata"]["nbgrader"].get("solution"))]


def forged_handins(name):
    """{what: a hand-in of ``name`` as JSON}, each forging something that nbgrader's sanitize pass
    would put right: ids, points, types, locks, metadata, the kernelspec, outputs, added cells."""
    good = json.loads(nbformat.writes(_solution(name)))
    out = {}

    def variant(what, change):
        nb = copy.deepcopy(good)
        change(nb)
        out[what] = nb

    def points_and_test_source(nb):
        for cell in _cells(nb, "grade"):
            _meta(cell)["points"] = 100
            cell["source"] = "print('all checks passed')"

    def deleted_tests(nb):
        nb["cells"] = [c for c in nb["cells"] if c not in _cells(nb, "grade")]

    def types_swapped(nb):
        for cell in _cells(nb, "grade") + _cells(nb, "solution")[:1]:
            cell["cell_type"] = "markdown"
            cell.pop("outputs", None)
            cell.pop("execution_count", None)

    def duplicated_answer(nb):
        first = _cells(nb, "solution")[0]
        wrong = copy.deepcopy(first)
        wrong["id"] = "a-copy"
        wrong["source"] = "".join(first["source"]).split("\n")[0] + "\n    return None\n"
        nb["cells"].insert(nb["cells"].index(first), wrong)

    def unlocked_and_regraded(nb):
        for cell in nb["cells"]:
            meta = cell["metadata"].get("nbgrader")
            if meta:
                meta.update(locked=False, grade=True, points=7, schema_version=3)

    def outputs_and_kernelspec(nb):
        nb["metadata"]["kernelspec"] = {"name": "evil", "display_name": "Evil", "language": "python"}
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                cell["execution_count"] = 99
                cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "all checks passed.\n"}]
                cell["metadata"]["collapsed"] = True

    def instructor_cell_forged(nb):
        nb["cells"].insert(3, {"cell_type": "code", "id": "forged", "execution_count": None, "outputs": [],
                               "source": "import numpy as np\nnp.allclose = lambda *a, **k: True\n",
                               "metadata": {"dnn_course_release": True, "nbgrader": {
                                   "grade": True, "solution": False, "locked": True, "points": 50,
                                   "grade_id": "given", "schema_version": 3}}})

    def malformed_metadata(nb):
        _meta(_cells(nb, "solution")[0])["schema_version"] = 1
        nb["cells"].insert(3, {"cell_type": "markdown", "id": "notes", "source": "notes",
                               "metadata": {"tags": "not-a-list", "nbgrader": "nonsense", "deletable": 7}})

    def unknown_grade_id(nb):
        nb["cells"].insert(2, {"cell_type": "code", "id": "mine", "execution_count": None, "outputs": [],
                               "source": "x = 1\n", "metadata": {"nbgrader": {
                                   "grade": True, "solution": True, "locked": False, "points": 50,
                                   "grade_id": "extra_points", "schema_version": 3}}})

    def ids_shuffled(nb):
        cells = nb["cells"]
        for cell in cells:
            cell["id"] = "same-id"
        cells[1], cells[2] = cells[2], cells[1]

    for what, change in [("points and test source", points_and_test_source), ("deleted tests", deleted_tests),
                         ("types swapped", types_swapped), ("duplicated answer", duplicated_answer),
                         ("unlocked and regraded", unlocked_and_regraded),
                         ("outputs and kernelspec", outputs_and_kernelspec),
                         ("instructor cell forged", instructor_cell_forged),
                         ("malformed metadata", malformed_metadata), ("unknown grade id", unknown_grade_id),
                         ("ids shuffled", ids_shuffled)]:
        variant(what, change)
    return out


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    root = tmp_path_factory.mktemp("overhead") / "course"
    versions.write_student_versions(NAMES, root=root)
    return root


def _gradebook_tests(root, name, release):
    """{grade id: source} of the test cells as the gradebook holds them (hidden tests included)."""
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url(root), course_id=ID) as gb:
        return {c.metadata["nbgrader"]["grade_id"]: gb.find_source_cell(c.metadata["nbgrader"]["grade_id"], name, name).source
                for c in _cells(release, "grade")}


def _sanitized(nb, root, name, student):
    """``nb`` after nbgrader's sanitize pass, as ``nbgrader autograde`` runs it (its preprocessors
    in its order, with the gradebook)."""
    from nbgrader.converters import Autograde

    resources = {"nbgrader": {"notebook": name, "assignment": name, "student": student, "db_url": course.db_url(root)}}
    nb = copy.deepcopy(nb)
    for preprocessor in Autograde.class_traits()["sanitize_preprocessors"].default():
        nb, resources = preprocessor(config=course.config(root))(nb, resources)
    return nb


@pytest.mark.filterwarnings("ignore:Non-unique cell id")    # a hand-in's forged ids, which nbformat corrects
@pytest.mark.parametrize("name", NAMES)
def test_the_sanitize_pass_changes_nothing_that_is_graded_whatever_the_handin_forged(released, name):
    from nbgrader.api import Gradebook
    from nbgrader.nbgraderformat import MetadataValidator

    root = released
    release = nbformat.read(versions.release_path(root, name), as_version=4)
    tests = _gradebook_tests(root, name, release)
    with Gradebook(course.db_url(root), course_id=ID) as gb:
        notebook = gb.find_notebook(name, name)
        kernelspec = json.loads(notebook.kernelspec)
        points = {cell.name: cell.max_score for cell in notebook.grade_cells}
        kinds = {cell.name: (cell.cell_type, cell.locked) for cell in notebook.source_cells}
    handins = forged_handins(name)
    assert len(handins) == 10
    for what, handin in handins.items():
        path = root / "handins" / what / f"{name}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(handin))
        prepared = submissions.canonical(submissions.read(path, name, release), release)
        # what the sanitize pass guaranteed, held by the prepared notebook itself
        MetadataValidator().validate_nb(prepared)                # what CheckCellMetadata refuses never comes
        assert prepared.metadata.kernelspec == kernelspec, what  # OverwriteKernelspec
        for cell in prepared.cells:
            meta = cell.metadata.get("nbgrader", {})
            assert cell.get("outputs", []) == [] and cell.get("execution_count") is None, what   # ClearOutput
            assert "collapsed" not in cell.metadata, what
            if meta:                                                                              # OverwriteCells
                assert (cell.cell_type, meta.get("locked", False)) == kinds[meta["grade_id"]], (what, meta["grade_id"])
                if meta.get("grade"):
                    assert meta["points"] == points[meta["grade_id"]], (what, meta["grade_id"])
        grade_ids = [c.metadata["nbgrader"]["grade_id"] for c in prepared.cells if "nbgrader" in c.metadata]
        assert len(grade_ids) == len(set(grade_ids)) and set(grade_ids) <= set(kinds), what      # DeduplicateIds
        # and what is graded is the same with the sanitize pass or without it
        sanitized = _sanitized(prepared, root, name, "forger")
        graded_with = submissions.canonical(sanitized, release, tests)
        graded_without = submissions.canonical(prepared, release, tests)
        assert nbformat.writes(graded_with) == nbformat.writes(graded_without), what


def test_a_prepared_notebook_is_autograded_in_one_pass_without_the_sanitize_preprocessors(released, monkeypatch):
    """The notebook is read once, from prepared/, and put through the autograde pass alone."""
    from nbconvert.exporters import Exporter
    from nbgrader.converters import Autograde

    root, name, student = released, "01_init", "one_pass"
    lms.store(root, student, name, nbformat.writes(_solution(name)).encode(), "2026-01-01 00:00:00 UTC")
    calls = []
    for preprocessor in Autograde.class_traits()["sanitize_preprocessors"].default():
        monkeypatch.setattr(preprocessor, "preprocess", lambda self, nb, resources, _p=preprocessor.__name__:
                            calls.append(_p) or (nb, resources))
    read = Exporter.from_filename
    monkeypatch.setattr(Exporter, "from_filename", lambda self, filename, *a, **k:
                        calls.append(os.path.relpath(filename, root)) or read(self, filename, *a, **k))
    state = batch.grade_one(root, student, name, force=True)
    assert state["status"] == "graded", state
    # read once, from prepared/; of the sanitize pass's preprocessors only CheckCellMetadata runs, once,
    # as the last of the autograde pass's (where nbgrader runs it a second time)
    assert calls == [os.path.join("prepared", student, name, f"{name}.ipynb"), "CheckCellMetadata"]
    rows = [r for r in synthetic.grade_table(root, [name]) if r[0] == student]
    assert [(r[2], r[3], r[5]) for r in rows] == [("test_initialize_parameters", 1.0, "passed"),
                                                  ("test_initialize_parameters_deep", 2.0, "passed")]


# ---- one engine per gradebook URL and process ---------------------------------------------------------

def _count_engines(monkeypatch):
    made = []
    create = sqlalchemy.create_engine
    monkeypatch.setattr(sqlalchemy, "create_engine", lambda url, *a, **k: made.append(str(url)) or create(url, *a, **k))
    return made


def test_a_batch_makes_one_gradebook_engine_and_grades_as_before(tmp_path, monkeypatch):
    """Three submissions graded one after another in one process: nbgrader opens its gradebook about
    ten times for each, on one engine in all; the grades are those of the synthetic class."""
    root = tmp_path / "course"
    versions.write_student_versions(["03_cost"], root=root)
    for student, name, nb in synthetic.handins(["03_cost"], 3, root):
        lms.store(root, student, name, nbformat.writes(nb).encode(), "2026-01-01 00:00:00 UTC")
    monkeypatch.setattr(course, "_ENGINES", {})
    made = _count_engines(monkeypatch)
    from nbgrader import api

    opened = []
    init = api.Gradebook.__init__
    monkeypatch.setattr(api.Gradebook, "__init__", lambda self, *a, **k: opened.append(1) or init(self, *a, **k))
    results = batch.autograde(root, ["03_cost"], workers=1, progress=None)
    assert {state["status"] for state in results.values()} == {"graded"}, results
    assert len(opened) >= 3 * 8 and made == [course.db_url(root)], (len(opened), made)
    assert [(r[0], r[3], r[5]) for r in synthetic.grade_table(root, ["03_cost"])] == EXPECTED_03


def test_a_shared_sqlite_engine_reads_the_gradebook_file_that_is_there_now(tmp_path, monkeypatch):
    """A pooled connection does not outlive its file: a gradebook deleted or replaced between two
    sessions is the new file that the next session reads, as with an engine made anew."""
    from nbgrader.api import Gradebook

    monkeypatch.setattr(course, "_ENGINES", {})
    monkeypatch.setenv("PATH", f"{os.path.dirname(sys.executable)}{os.pathsep}{os.environ['PATH']}")   # nbgrader's alembic
    one, two, live = tmp_path / "one.db", tmp_path / "two.db", tmp_path / "gradebook.db"
    for path, student in ((one, "ada"), (two, "bob")):
        with Gradebook(f"sqlite:///{path}", course_id=ID) as gb:
            gb.add_student(student)
    shutil.copy(one, live)
    url = f"sqlite:///{live}"
    with course.shared_gradebook(url, ID) as gb:
        assert [s.id for s in gb.students] == ["ada"]
    live.unlink()
    shutil.copy(two, live)
    with course.shared_gradebook(url, ID) as gb:
        assert [s.id for s in gb.students] == ["bob"]
    assert [key[1] for key in course._ENGINES].count(url) == 1      # both sessions on one engine


def test_an_engine_is_shared_within_a_process_and_never_across_urls_or_in_memory(monkeypatch):
    monkeypatch.setattr(course, "_ENGINES", {})
    first = course.shared_engine("sqlite:////nonexistent/a.db", echo=False, future=True)
    assert course.shared_engine("sqlite:////nonexistent/a.db", echo=False, future=True) is first
    assert course.shared_engine("sqlite:////nonexistent/b.db", echo=False, future=True) is not first
    assert course.shared_engine("sqlite://", future=True) is not course.shared_engine("sqlite://", future=True)
    course.forget_engine("sqlite:////nonexistent/a.db")
    assert course.shared_engine("sqlite:////nonexistent/a.db", echo=False, future=True) is not first
    for i in range(course.MAX_ENGINES + 3):
        course.shared_engine(f"sqlite:////nonexistent/{i}.db", future=True)
    assert len([k for k in course._ENGINES if k[0] == os.getpid()]) <= course.MAX_ENGINES


@pytest.mark.slow
def test_a_shared_postgresql_engine_survives_a_restart_and_its_absence_is_retried(tmp_path, postgres, monkeypatch):
    """Graded in one process into PostgreSQL: a restart between two submissions leaves pooled
    connections that the server closed, which are replaced before use; a server that is away when a
    submission is graded, and back a few seconds later, is waited for (the retries) and the
    submission graded."""
    root = tmp_path / "course"
    postgres.create_database("overhead")
    synthetic.use_gradebook(root, postgres.url("overhead"))
    versions.write_student_versions(["03_cost"], root=root)
    for student, name, nb in synthetic.handins(["03_cost"], 3, root):
        lms.store(root, student, name, nbformat.writes(nb).encode(), "2026-01-01 00:00:00 UTC")
    monkeypatch.setattr(course, "_ENGINES", {})
    made = _count_engines(monkeypatch)
    assert batch.grade_one(root, "student000", "03_cost")["status"] == "graded"
    postgres.restart(pause=0.5)
    assert batch.grade_one(root, "student001", "03_cost")["status"] == "graded"
    assert len(made) == 1, made                                   # the restart cost no new engine
    postgres.halt()
    # graded in a thread meanwhile: the server is started again by this thread, as its process ends
    # with the thread that started it
    states = []
    grader = threading.Thread(target=lambda: states.append(batch.grade_one(root, "student002", "03_cost")))
    grader.start()
    try:
        time.sleep(3.0)
    finally:
        postgres.start()
        grader.join(120)
    assert states and states[0]["status"] == "graded", states
    assert len(made) > 2, made            # it was retried, each time on a new engine, until the server was back
    assert [(r[0], r[3], r[5]) for r in synthetic.grade_table(root, ["03_cost"])] == EXPECTED_03
