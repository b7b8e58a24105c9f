"""A class graded in parts on several machines: the gradebook on a real PostgreSQL server, two parts
graded at the same time by two processes (standing for two machines, through the container's entry
point), one of them killed part-way and started again, the database restarted meanwhile; two
instructors grading the whole class at once; the database away for longer than the retries; and
the container's entry point and the Kubernetes manifest that run it."""
import itertools
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import nbformat
import pytest
import sqlalchemy

from autograder.build import versions
from autograder.collect import lms
from autograder.grade import batch, course
from autograder.scale import job, synthetic
from autograder.__main__ import main as autograder_main
from autograder.scale.job import JobError, main as job_main, shard_argv

ROOT = Path(__file__).resolve().parents[2]
NAMES = ["01_init", "03_cost"]
STUDENTS = 10


# ---- the entry point: the job index becomes the part ------------------------------------------------

@pytest.mark.parametrize("index, shards, part", [("0", "1", "1/1"), ("0", "4", "1/4"), ("3", "4", "4/4")])
def test_the_job_index_is_the_part_counted_from_one(index, shards, part):
    argv = shard_argv(["01", "--workers", "2"], {"JOB_COMPLETION_INDEX": index, "SHARDS": shards})
    assert argv == ["autograde", "01", "--workers", "2", "--course", "/srv/course", "--shard", part]
    assert shard_argv(["--shards", shards, "--course", "/c"], {"JOB_COMPLETION_INDEX": index})[-3:] == \
        ["/c", "--shard", part]


@pytest.mark.parametrize("argv, environ, problem", [
    ([], {"JOB_COMPLETION_INDEX": "0"}, "number of parts is missing"),
    (["--shards"], {"JOB_COMPLETION_INDEX": "0"}, "--shards needs"),
    ([], {"JOB_COMPLETION_INDEX": "0", "SHARDS": "two"}, "whole number, got 'two'"),
    ([], {"JOB_COMPLETION_INDEX": "0", "SHARDS": "0"}, "at least 1, got 0"),
    ([], {"SHARDS": "2"}, "JOB_COMPLETION_INDEX is not set"),
    ([], {"JOB_COMPLETION_INDEX": "x", "SHARDS": "2"}, "whole number, got 'x'"),
    ([], {"JOB_COMPLETION_INDEX": "2", "SHARDS": "2"}, "goes from 0 to 1"),
    ([], {"JOB_COMPLETION_INDEX": "-1", "SHARDS": "2"}, "goes from 0 to 1"),
    (["--shard", "1/2"], {"JOB_COMPLETION_INDEX": "0", "SHARDS": "2"}, "--shard is this entry point's"),
])
def test_a_wrong_job_setting_is_refused_with_what_was_expected(argv, environ, problem, capsys):
    with pytest.raises(JobError, match=problem.replace("(", r"\(")):
        shard_argv(argv, environ)
    assert job_main(argv, environ) == 2
    assert problem in capsys.readouterr().err


def test_every_student_is_in_exactly_one_part():
    students = [f"s{i:04d}" for i in range(2000)]
    for n in (1, 2, 7):
        parts = [{s for s in students if batch.in_shard(s, (k, n))} for k in range(1, n + 1)]
        assert set().union(*parts) == set(students) and sum(map(len, parts)) == len(students)
        assert min(map(len, parts)) > len(students) / n * 0.8     # and the parts are of about one size


def test_a_part_of_a_class_that_is_not_released_is_refused(tmp_path):
    assert job_main(["--course", str(tmp_path)], {"JOB_COMPLETION_INDEX": "0", "SHARDS": "2"}) == 2


def test_a_submission_held_by_another_batch_is_left_for_later_and_a_dead_batch_holds_nothing(tmp_path):
    lock = tmp_path / "grading" / "student000" / "01_init.lock"
    lock.parent.mkdir(parents=True)
    holder = subprocess.Popen([sys.executable, "-c", "import fcntl, sys, time\n"
                               f"f = open({str(lock)!r}, 'a'); fcntl.lockf(f, fcntl.LOCK_EX); print('held', flush=True)\n"
                               "time.sleep(600)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        with batch._held(lock, wait=False) as held:
            assert held is False                     # another batch grades it: come back later
        assert batch.grade_one(tmp_path, "student000", "01_init", wait=False) is None
    finally:
        holder.kill()                                # the batch dies (SIGKILL): its lock goes with it
        holder.wait()
    with batch._held(lock, wait=False) as held:
        assert held is True


# ---- the manifest and the image ---------------------------------------------------------------------

def test_the_kubernetes_job_manifest_is_valid_and_runs_the_entry_point_once_per_part():
    import kubernetes_validate
    import yaml

    path = ROOT / "docs" / "grading-job.yaml"
    documents = [d for d in yaml.safe_load_all(path.read_text()) if d]
    for document in documents:
        kubernetes_validate.validate(document, "1.30.0", strict=True)
    job = next(d for d in documents if d["kind"] == "Job")
    spec = job["spec"]
    assert spec["completionMode"] == "Indexed" and spec["completions"] == spec["parallelism"]
    container = spec["template"]["spec"]["containers"][0]
    env = {e["name"]: e for e in container["env"]}
    assert env["SHARDS"]["value"] == str(spec["completions"])    # the parts are the Job's completions
    assert container["command"] == ["python", "-m", "autograder.scale.job"]
    assert any(m["mountPath"] == env["COURSE"]["value"] for m in container["volumeMounts"])
    assert "valueFrom" in env["GRADEBOOK_URL"]                  # the database password from a Secret
    secret = next(d for d in documents if d["kind"] == "Secret")
    url = sqlalchemy.engine.make_url(secret["stringData"][env["GRADEBOOK_URL"]["valueFrom"]["secretKeyRef"]["key"]])
    assert url.get_dialect().driver == "psycopg"                 # the driver in requirements/grader.txt loads


def test_a_course_directory_released_on_another_machine_is_graded_with_the_pods_settings(tmp_path, monkeypatch):
    """The instructor releases on their machine; the pod reads that course directory's
    nbgrader_config.py, whose paths are the instructor's, and its gradebook from the Secret."""
    course.write_course_config(tmp_path)
    config = tmp_path / "nbgrader_config.py"
    text = config.read_text().replace(str(course.CONFIG_FILE), "/home/instructor/dnn-course/autograder/nbgrader_config.py")
    config.write_text(text + 'import os\nc.CourseDirectory.db_url = os.environ["GRADEBOOK_URL"]\n')
    monkeypatch.setenv("GRADEBOOK_URL", "postgresql+psycopg://grader:secret@db.internal/dnn_course")
    assert course.db_url(tmp_path) == "postgresql+psycopg://grader:secret@db.internal/dnn_course"
    settings = course.config(tmp_path)
    assert settings.CourseDirectory.root == str(tmp_path.resolve())
    assert settings.CourseDirectory.course_id == "dnn-from-scratch"
    assert settings.Execute.timeout == 60                             # the course's settings, from the pod's copy


def test_the_containerfile_installs_the_environment_and_the_sandbox_and_starts_the_entry_point():
    text = (ROOT / "Containerfile").read_text()
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert lines[0].startswith("FROM ") and "bookworm" in lines[0]
    assert "bubblewrap" in text and "util-linux" in text            # the sandbox and setpriv
    assert "-r requirements/grader.txt" in text                      # the grader's environment only
    assert lines[-1] == 'ENTRYPOINT ["python", "-m", "autograder.scale.job"]'
    copied = [line.split()[1] for line in lines if line.startswith("COPY ")]
    for path in copied:
        assert (ROOT / path).exists(), path


# ---- a class graded in two parts at once into PostgreSQL --------------------------------------------

def _class(inbox):
    """STUDENTS students hand in NAMES (autograder.scale.synthetic: solution, untouched release, one broken answer)."""
    root = inbox.parent / "release_only"
    versions.write_student_versions(NAMES, root=root)
    for student, name, nb in synthetic.handins(NAMES, STUDENTS, root):
        (inbox / student).mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, inbox / student / f"{name}.ipynb")


def _table(root):
    return synthetic.grade_table(root, NAMES)


class Part:
    """One machine's part of the class: ``python -m autograder.scale.job`` as the Job's pod ``index``; or,
    with ``index=None``, an instructor's ``python -m autograder autograde`` of the whole class."""

    def __init__(self, root, index, shards=2):
        args = ["--workers", "1", *NAMES]
        if index is None:
            argv, pod_env = [sys.executable, "-m", "autograder", "autograde", "--course", str(root), *args], {}
        else:
            argv, pod_env = job.pod(index, shards, root, args)
        env = dict(os.environ, **pod_env, OPENBLAS_NUM_THREADS="1", PYTHONUNBUFFERED="1")
        self.lines, self.first = [], threading.Event()
        self.process = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True, start_new_session=True)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))
            if line.startswith("autograde "):
                self.first.set()

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.reader.join(10)

    def wait(self, seconds=600):
        code = self.process.wait(seconds)
        self.reader.join(10)
        return code

    def graded(self):
        """(student, notebook) this run graded itself (not the ones it found graded already)."""
        return [tuple(line.split(":")[0].split()[2:0:-1]) for line in self.lines
                if line.startswith("autograde ") and line.endswith((": graded", ": invalid"))]


@pytest.fixture(scope="module")
def handed_in(tmp_path_factory):
    """The synthetic class's inbox, and its grade table graded by one process into SQLite."""
    tmp = tmp_path_factory.mktemp("class")
    inbox = tmp / "inbox"
    _class(inbox)
    alone = tmp / "alone"
    versions.write_student_versions(NAMES, root=alone)
    lms.collect(inbox, alone, NAMES)
    batch.autograde(alone, NAMES, workers=2, progress=None)
    assert (alone / "gradebook.db").exists()
    return inbox, _table(alone)


_COURSES = itertools.count()


def _new_gradebook(postgres):
    """The URL of a new, empty database on the server: one per course directory."""
    database = f"course{next(_COURSES)}"
    postgres.create_database(database)
    return postgres.url(database)


def _shared_course(root, inbox, postgres):
    """One course directory for every machine: the gradebook on the server, released once."""
    url = _new_gradebook(postgres)
    synthetic.use_gradebook(root, url)
    assert course.db_url(root) == url
    versions.write_student_versions(NAMES, root=root)
    lms.collect(inbox, root, NAMES)
    assert not (root / "gradebook.db").exists()
    return {(s, n) for n in NAMES for s in course.submitted_students(root, n)}


@pytest.mark.slow
def test_two_parts_graded_at_once_into_postgresql_give_the_one_process_sqlite_grades(tmp_path, postgres, handed_in):
    inbox, alone = handed_in
    shared = tmp_path / "shared"
    everything = _shared_course(shared, inbox, postgres)

    first, second = Part(shared, 0), Part(shared, 1)
    assert first.first.wait(300), first.lines
    first.kill()                                  # machine 1 dies part-way
    assert second.first.wait(300), second.lines
    postgres.restart(pause=1.0)                   # the database restarts under machine 2
    again = Part(shared, 0)                       # machine 1 is started again
    assert again.wait() == 0, again.lines
    assert second.wait() == 0, second.lines

    # nothing missed, nothing graded twice, each part by its own machine
    graded = first.graded() + again.graded() + second.graded()
    assert len(graded) == len(set(graded)), sorted(graded)
    assert set(again.graded()).isdisjoint(first.graded())
    assert all(batch.in_shard(s, (1, 2)) for s, _ in first.graded() + again.graded())
    assert all(batch.in_shard(s, (2, 2)) for s, _ in second.graded())
    assert all(batch.read_state(shared, s, n)["status"] == "graded" for s, n in everything)
    assert set(graded) <= everything and len(everything) == STUDENTS * len(NAMES)
    assert "already graded" in "\n".join(again.lines) or not first.graded()
    # the grades, row for row
    assert not (shared / "gradebook.db").exists()
    assert _table(shared) == alone
    assert len(alone) == STUDENTS * 3      # 01 has two exercises, 03 one


@pytest.mark.slow
def test_two_instructors_grading_the_whole_class_at_once_grade_each_submission_once(tmp_path, postgres, handed_in):
    inbox, alone = handed_in
    shared = tmp_path / "shared"
    everything = _shared_course(shared, inbox, postgres)

    one, other = Part(shared, None), Part(shared, None)
    assert one.wait() == 0, one.lines
    assert other.wait() == 0, other.lines
    graded = one.graded() + other.graded()
    assert sorted(graded) == sorted(everything), (one.lines, other.lines)     # each once, by one of them
    skipped = [line for line in one.lines + other.lines if line.endswith(": already graded")]
    assert len(skipped) == len(everything)                                    # the other found it graded
    assert all(batch.read_state(shared, s, n)["status"] == "graded" for s, n in everything)
    assert _table(shared) == alone


@pytest.mark.slow
def test_a_database_away_longer_than_the_retries_leaves_an_error_that_the_next_run_grades(tmp_path, postgres, handed_in):
    inbox, alone = handed_in
    shared = tmp_path / "shared"
    _shared_course(shared, inbox, postgres)
    student = course.submitted_students(shared, "03_cost")[0]
    postgres.halt()                                   # the server is down for good, for this run
    try:
        state = batch.grade_one(shared, student, "03_cost")
    finally:
        postgres.start()
    assert state["status"] == "error" and "connect" in state["detail"], state
    assert (shared / "submitted" / student / "03_cost" / "03_cost.ipynb").exists()   # the submission is kept
    state = batch.grade_one(shared, student, "03_cost")                              # the next run grades it
    assert state["status"] == "graded" and not state.get("skipped")
    assert [row for row in _table(shared) if row[:2] == (student, "03_cost")] == \
        [row for row in alone if row[:2] == (student, "03_cost")]


def test_a_course_released_into_another_gradebook_is_refused_with_what_to_do(tmp_path, postgres, handed_in, capsys):
    inbox, alone = handed_in
    root = tmp_path / "course"
    versions.write_student_versions(["03_cost"], root=root)          # released into SQLite, the default
    lms.collect(inbox, root, ["03_cost"])
    synthetic.use_gradebook(root, _new_gradebook(postgres))
    with pytest.raises(batch.NotReady, match="does not know 03_cost: .*release it again"):
        batch.autograde(root, ["03_cost"], progress=None)
    assert autograder_main(["autograde", "03", "--course", str(root)]) == 2
    assert "does not know 03_cost" in capsys.readouterr().err
    assert not (root / "grading").exists() or not list((root / "grading").rglob("*.json"))   # nothing graded
    versions.write_student_versions(["03_cost"], root=root)          # released again, into PostgreSQL
    student = course.submitted_students(root, "03_cost")[0]
    assert batch.autograde(root, ["03_cost"], progress=None)[(student, "03_cost")]["status"] == "graded"


def test_a_gradebook_out_of_reach_is_said_without_its_password(tmp_path):
    synthetic.use_gradebook(tmp_path, f"postgresql+psycopg://grader:s3cret@/gradebook?host={tmp_path / 'no-server'}")
    with pytest.raises(batch.NotReady, match="cannot reach the gradebook postgresql") as info:
        batch.notebooks_unknown_to_gradebook(tmp_path, ["03_cost"], attempts=1)
    assert "s3cret" not in str(info.value) and "***" in str(info.value)
    assert "c.CourseDirectory.db_url" in str(info.value)
