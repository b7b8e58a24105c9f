"""The grading container as it runs: the entry point's refusals (one line, exit code 2, before grading
anything), the sandbox's refusal when bubblewrap lacks a privilege (which one, from what bubblewrap
says), the sandbox's users chosen inside the container's ids, one release step for a course whose
gradebook is on PostgreSQL, and the dependencies split by who needs them."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.grade import course
from autograder.sandbox import bubblewrap
from autograder.scale import job
from autograder.scale.job import JobError

ROOT = Path(__file__).resolve().parents[2]
POD = {"JOB_COMPLETION_INDEX": "0", "SHARDS": "2"}


def _pod(tmp_path, env=None, args=("--workers", "1")):
    """The entry point as a pod runs it, in a process of its own: (exit code, stdout, stderr)."""
    environ = {k: v for k, v in os.environ.items() if k not in ("GRADEBOOK_URL", "COURSE", "SHARDS",
                                                                 "JOB_COMPLETION_INDEX")}
    environ.update(env or {})
    done = subprocess.run([sys.executable, "-m", "autograder.scale.job", *args], env=environ, cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    return done.returncode, done.stdout, done.stderr


def _course(tmp_path, own=""):
    """A course directory whose nbgrader_config.py has ``own`` among the class's own settings."""
    root = tmp_path / "course"
    config = course.write_course_config(root)
    config.write_text(config.read_text() + own)
    return root


READS_THE_URL = 'import os\nc.CourseDirectory.db_url = os.environ["GRADEBOOK_URL"]\n'


# ---- the entry point refuses a wrong setting in one line, with exit code 2 ---------------------------

WRONG = [
    ({}, None, "the number of parts is missing"),
    ({"SHARDS": "2"}, None, "JOB_COMPLETION_INDEX is not set"),
    ({"JOB_COMPLETION_INDEX": "2", "SHARDS": "2"}, None, "JOB_COMPLETION_INDEX=2 is not a part of 2: it goes from 0 to 1"),
    ({**POD, "COURSE": "{tmp}/nowhere"}, None, "the course directory {tmp}/nowhere is not there: mount"),
    ({**POD, "COURSE": "{tmp}"}, None, "holds no nbgrader_config.py"),
    ({**POD, "COURSE": "{tmp}/course"}, READS_THE_URL, "GRADEBOOK_URL is not set, and {tmp}/course/nbgrader_config.py "
                                                         "reads the gradebook's URL from it"),
    ({**POD, "COURSE": "{tmp}/course", "GRADEBOOK_URL": "db.internal/dnn_course"}, READS_THE_URL,
     "is not a URL SQLAlchemy can read"),
    ({**POD, "COURSE": "{tmp}/course", "GRADEBOOK_URL": "postgres://grader:s3cret@db.internal/dnn_course"},
     READS_THE_URL, "names 'postgres', a database SQLAlchemy does not know (PostgreSQL's is postgresql)"),
    ({**POD, "COURSE": "{tmp}/course", "GRADEBOOK_URL": "postgresql+psycopg://grader:s3cret@db.internal:5432x/dnn"},
     READS_THE_URL, "is not a URL SQLAlchemy can read"),
    ({**POD, "COURSE": "{tmp}/course", "GRADEBOOK_URL": "mysql://grader:s3cret@db.internal/dnn_course"},
     READS_THE_URL, "needs the driver of 'mysql', which is not installed here"),
    ({**POD, "COURSE": "{tmp}/course", "GRADEBOOK_URL": "postgresql+psycopg://grader:s3cret@db.internal"},
     READS_THE_URL, "names no database"),
    ({**POD, "COURSE": "{tmp}/course"}, "", "the gradebook is SQLite"),
    ({**POD, "COURSE": "{tmp}/course"}, "c.CourseDirectory.db_url = undefined_name\n",
     "nbgrader_config.py cannot be read: NameError"),
]


@pytest.mark.parametrize("env, own, says", WRONG)
def test_a_wrong_setting_is_refused_with_exit_code_2_in_one_line_before_grading(tmp_path, env, own, says,
                                                                                monkeypatch, capsys):
    if own is not None:
        _course(tmp_path, own)
    env = {k: v.replace("{tmp}", str(tmp_path)) for k, v in env.items()}
    monkeypatch.delenv("GRADEBOOK_URL", raising=False)
    if "GRADEBOOK_URL" in env:                           # read by the course directory's nbgrader_config.py
        monkeypatch.setenv("GRADEBOOK_URL", env["GRADEBOOK_URL"])
    assert job.main(["--workers", "1"], env) == 2
    out, err = capsys.readouterr()
    assert err.count("\n") == 1 and err.startswith("autograder.scale.job: "), err      # one line
    assert says.replace("{tmp}", str(tmp_path)) in err, err
    assert "s3cret" not in err + out
    assert not (tmp_path / "course" / "grading").exists()                      # nothing graded


@pytest.mark.parametrize("case", [1, 2, 3, 5, 7])
def test_a_pod_with_a_wrong_setting_exits_2_with_that_line_and_no_traceback(tmp_path, case):
    """The same, as a pod runs it: a process of its own, whose settings come from its environment."""
    env, own, says = WRONG[case]
    if own is not None:
        _course(tmp_path, own)
    code, out, err = _pod(tmp_path, {k: v.replace("{tmp}", str(tmp_path)) for k, v in env.items()})
    assert code == 2, (code, out, err)
    assert err.count("\n") == 1 and says.replace("{tmp}", str(tmp_path)) in err, err
    assert "Traceback" not in err + out and "s3cret" not in err + out


def test_a_wrong_number_of_workers_is_refused_by_the_entry_point_in_one_line(tmp_path):
    code, _, err = _pod(tmp_path, POD, args=("--workers", "two"))
    assert code == 2 and err == "autograder.scale.job: --workers needs the number of submissions graded at once " \
                                "(1 or more), got 'two'\n"


def test_the_course_given_as_course_equals_dir_is_the_one_graded(tmp_path):
    argv = job.shard_argv([f"--course={tmp_path}"], POD)
    assert argv.count(f"--course={tmp_path}") == 1 and "--course" not in argv


# ---- the sandbox: which privilege bubblewrap lacks, said from what it says --------------------------

#: what bubblewrap 0.8 and setpriv said in containers that lacked a privilege (Podman 4.3, runc 1.1;
#: docs/large-class.md): the message, and what the refusal must name
SAID = [
    ("bwrap: loopback: Failed RTM_NEWADDR: No child processes", "CAP_NET_ADMIN", "--cap-add NET_ADMIN"),
    ("bwrap: Creating new namespace failed: Operation not permitted", "CAP_SYS_ADMIN", "--cap-add SYS_ADMIN"),
    ("bwrap: Can't set hostname to sandbox: Operation not permitted", "seccomp", "seccomp=unconfined"),
    ("bwrap: Can't mount proc on /newroot/proc: Operation not permitted", "unmasked /proc", "unmask=ALL"),
    ("setpriv: setresuid failed: Invalid argument", "the sandbox's user", bubblewrap.UID_BASE_VARIABLE),
]


def _fake_bwrap(tmp_path, says):
    """A bubblewrap that fails as a container's does: it says ``says`` and exits 1."""
    fake = tmp_path / "bwrap"
    fake.write_text(f"#!/bin/sh\necho {says!r} >&2\nexit 1\n")
    fake.chmod(0o755)
    return fake


@pytest.mark.parametrize("says, lacks, remedy", SAID)
def test_bubblewrap_without_a_privilege_is_refused_naming_the_privilege_not_the_install(tmp_path, monkeypatch,
                                                                                        says, lacks, remedy):
    monkeypatch.setenv("COURSE_BWRAP", str(_fake_bwrap(tmp_path, says)))
    reason = bubblewrap.unavailable_reason()
    assert reason is not None and lacks in reason and remedy in reason, reason
    assert says in reason                                            # what bubblewrap said, as it said it
    refusal = bubblewrap.INSTALL_HINT.format(why=reason)
    assert "is installed, but" in refusal and "apt-get install" not in refusal and "--unsandboxed" in refusal


def test_bubblewrap_without_user_namespaces_as_an_ordinary_user_names_them_and_seccomp():
    said = "bwrap: Creating new namespace failed: Operation not permitted"
    reason = bubblewrap.privilege_problem(said, root=False)
    assert "user namespaces" in reason and "seccomp=unconfined" in reason and "CAP_SYS_ADMIN" in reason
    assert bubblewrap.privilege_problem("bwrap: execvp python: No such file or directory") is None


def test_the_autograde_command_refuses_in_one_line_what_bubblewrap_lacks(tmp_path):
    """Through the pod's entry point, as an instructor sees it in the pod's log."""
    root = _course(tmp_path)
    env = {"JOB_COMPLETION_INDEX": "0", "SHARDS": "1", "COURSE": str(root),
           "COURSE_BWRAP": str(_fake_bwrap(tmp_path, SAID[0][0]))}
    code, out, err = _pod(tmp_path, env, args=("--workers", "1", "03"))
    assert code == 2, (out, err)
    assert err.count("\n") == 1 and "lacks CAP_NET_ADMIN" in err and "Failed RTM_NEWADDR" in err, err
    assert not (root / "grading").exists() or not list((root / "grading").rglob("*.json"))


def _uid_map(tmp_path, *ranges):
    path = tmp_path / "uid_map"
    path.write_text("".join(f"{inside:>10} {outside:>10} {count:>10}\n" for inside, outside, count in ranges))
    return path


def test_the_sandboxes_users_are_chosen_inside_the_user_namespace_of_the_container(tmp_path):
    everything = _uid_map(tmp_path, (0, 0, 4294967295))
    assert bubblewrap.uid_base({}, everything) == bubblewrap.UID_BASE                 # a machine: as before
    kubernetes = _uid_map(tmp_path, (0, 100000, 65536))                         # 65,536 ids, as pods have
    base = bubblewrap.uid_base({}, kubernetes)
    assert (base, base + bubblewrap.UID_SLOTS - 1) == (65022, 65533)               # below nobody (65534)
    assert bubblewrap.uid_base({bubblewrap.UID_BASE_VARIABLE: "20000"}, kubernetes) == 20000
    for wrong, says in [("70000", "are not all ids of this user namespace (it has 0 to 65535"),
                        ("65200", "are not all ids"), ("many", "must be a user id, got 'many'")]:
        with pytest.raises(bubblewrap.SandboxUnavailable, match=re.escape(says)):
            bubblewrap.uid_base({bubblewrap.UID_BASE_VARIABLE: wrong}, kubernetes)
    with pytest.raises(bubblewrap.SandboxUnavailable, match="no 512 user ids"):
        bubblewrap.uid_base({}, _uid_map(tmp_path, (0, 100000, 1000)))


@pytest.mark.skipif(os.geteuid() != 0, reason="the sandboxes have users of their own only when grading runs as root")
def test_the_parts_of_a_job_on_one_node_never_share_a_sandbox_user(tmp_path, monkeypatch):
    """As root without a user namespace, pods on one node share its user ids, and a sandbox's process
    limit counts its user's processes on the whole node."""
    monkeypatch.delenv(bubblewrap.UID_BASE_VARIABLE, raising=False)
    node = _uid_map(tmp_path, (0, 0, 4294967295))
    blocks = [job.sandbox_users(k, {}, node) for k in range(1, 5)]
    assert blocks[0] == bubblewrap.UID_BASE + bubblewrap.UID_SLOTS               # not the block of a run outside a Job
    assert all(b - a == bubblewrap.UID_SLOTS for a, b in zip(blocks, blocks[1:]))
    assert job.sandbox_users(1, {bubblewrap.UID_BASE_VARIABLE: "70000"}, node) is None     # the instructor's choice
    assert job.sandbox_users(1, {}, _uid_map(tmp_path, (0, 100000, 65536))) is None    # a pod's own ids


@pytest.mark.skipif(os.geteuid() != 0, reason="the sandboxes have users of their own only when grading runs as root")
def test_a_sandbox_starts_as_a_user_of_the_range_the_grader_is_given(monkeypatch):
    monkeypatch.setenv(bubblewrap.UID_BASE_VARIABLE, "65022")
    assert bubblewrap.unavailable_reason() is None                              # the probe ran as user 65022
    uid, lock = bubblewrap._uid_slot()
    try:
        assert 65022 <= uid < 65022 + bubblewrap.UID_SLOTS
    finally:
        os.close(lock)
    monkeypatch.setenv(bubblewrap.UID_BASE_VARIABLE, "4294967290")
    assert "are not all ids" in bubblewrap.unavailable_reason()


# ---- one release step into a PostgreSQL gradebook ----------------------------------------------------

def _known(root):
    with course.gradebook(root) as gradebook:
        return sorted(a.name for a in gradebook.assignments)


@pytest.mark.slow
def test_one_release_step_puts_a_new_course_into_its_postgresql_gradebook_through_the_unix_socket(
        tmp_path, postgres, monkeypatch):
    postgres.create_database("released")
    # the socket form of the docs: no host, the socket's folder as ?host=; a password (trust ignores it)
    url = f"postgresql+psycopg://grader:s3cret@/released?host={postgres.socket}"
    root = tmp_path / "course"
    done = subprocess.run([sys.executable, "-m", "autograder.scale.job", "--set-gradebook", url, "--course", str(root)],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "s3cret" not in done.stdout and "grader:***@/released" in done.stdout
    done = subprocess.run([sys.executable, "-m", "autograder", "release", "03", "--course", str(root)],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert not (root / "gradebook.db").exists()                     # never a SQLite gradebook to delete
    assert course.db_url(root) == url and _known(root) == ["03_cost"]

    # pointed at another gradebook, by the name of the variable that holds it: one setting, the last
    postgres.create_database("moved")
    monkeypatch.setenv("GRADEBOOK_URL", postgres.url("moved"))
    job.set_gradebook(root, "GRADEBOOK_URL")
    text = (root / "nbgrader_config.py").read_text()
    assert sum(line.startswith("c.CourseDirectory.db_url") for line in text.splitlines()) == 1
    assert "s3cret" not in text
    assert course.db_url(root) == postgres.url("moved")


def test_the_release_setting_is_refused_when_wrong_and_keeps_the_instructors_own_lines(tmp_path, monkeypatch):
    root = _course(tmp_path, "c.Execute.timeout = 90\n")
    for url, says in [("postgres://g@h/d", "names 'postgres'"), ("NOT_SET_ANYWHERE", "NOT_SET_ANYWHERE is not set"),
                      ("postgresql+psycopg://g@h", "names no database")]:
        monkeypatch.delenv("NOT_SET_ANYWHERE", raising=False)
        with pytest.raises(JobError, match=re.escape(says)):
            job.set_gradebook(root, url)
    job.set_gradebook(root, "postgresql+psycopg://g@h/one")
    job.set_gradebook(root, "postgresql+psycopg://g@h/two")
    assert course.config(root).Execute.timeout == 90 and course.db_url(root) == "postgresql+psycopg://g@h/two"
    hand_written = tmp_path / "mine"
    hand_written.mkdir()
    (hand_written / "nbgrader_config.py").write_text("c = get_config()\n")
    with pytest.raises(JobError, match="written by hand"):
        job.set_gradebook(hand_written, "postgresql+psycopg://g@h/one")


def _make_dry_run(*args, env=None):
    """What make would run (make -n), with an environment that does not exist yet."""
    done = subprocess.run(["make", "-n", "VENV=/nonexistent/venv", *args], cwd=ROOT, capture_output=True,
                          text=True, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(not subprocess.run(["sh", "-c", "command -v make"], capture_output=True).stdout,
                    reason="make is not installed")
def test_make_release_with_db_url_writes_the_setting_then_releases_into_it():
    lines = _make_dry_run("release", "COURSE=/srv/course", "DB_URL=postgresql+psycopg://grader@/dnn_course"
                          "?host=/run/postgresql").splitlines()
    setting = next(i for i, line in enumerate(lines) if "--set-gradebook" in line)
    assert "'postgresql+psycopg://grader@/dnn_course?host=/run/postgresql' --course /srv/course" in lines[setting]
    assert "-m autograder release" in lines[setting + 1]
    # a DB_URL of the environment (another program's) is never written into the course
    environ = dict(os.environ, DB_URL="postgresql+psycopg://other@h/other")
    assert "--set-gradebook" not in _make_dry_run("release", "COURSE=/srv/course", env=environ)


# ---- the dependencies, split by who needs them -------------------------------------------------------

def _requirements(name, seen=()):
    """{package: pin} of requirements/<name>, its -r includes followed."""
    pins = {}
    for line in (ROOT / "requirements" / name).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line.startswith("-r "):
            pins.update(_requirements(line[3:].strip(), seen + (name,)))
        elif line:
            package, _, version = line.partition("==")
            assert version, f"requirements/{name}: {line} is not pinned"
            pins[package.lower()] = version
    return pins


def test_each_pin_is_in_one_file_and_each_environment_has_what_it_needs_only():
    lines = [line.split("==")[0].lower() for name in ("lab.txt", "grader.txt", "test.txt")
             for line in (ROOT / "requirements" / name).read_text().splitlines() if "==" in line]
    assert len(lines) == len(set(lines))                                  # every pin in one place
    lab, grader, test = (_requirements(f"{n}.txt") for n in ("lab", "grader", "test"))
    tools = {"pytest", "pytest-xdist", "nbval", "playwright", "kubernetes-validate"}
    assert {"numpy", "jupyterlab", "nbgrader", "scikit-learn"} <= set(lab) and not (tools | {"psycopg"}) & set(lab)
    assert set(lab) < set(grader) and "psycopg" in grader and not tools & set(grader)
    assert set(grader) < set(test) and tools <= set(test)
    assert (ROOT / "requirements.txt").read_text().count("-r requirements/test.txt") == 1


@pytest.mark.skipif(not subprocess.run(["sh", "-c", "command -v make"], capture_output=True).stdout,
                    reason="make is not installed")
def test_make_lab_installs_the_students_environment_and_make_test_everything():
    lab = _make_dry_run("lab")
    assert "-r requirements/lab.txt" in lab and "grader.txt" not in lab and "test.txt" not in lab
    test = _make_dry_run("test")
    assert all(f"-r requirements/{n}.txt" in test for n in ("lab", "grader", "test"))
    assert "tests/scale/test_image.py" not in test and "-m image" in _make_dry_run("test-image")


def test_the_image_installs_the_graders_environment_only_and_logs_unbuffered():
    text = (ROOT / "Containerfile").read_text()
    assert "-r requirements/grader.txt" in text and "test.txt" not in text and "requirements.txt" not in text
    env = next(line for line in text.splitlines() if line.startswith("ENV "))
    assert "PYTHONUNBUFFERED=1" in env.split()


def test_the_manifest_runs_the_tag_that_the_docs_build_and_gives_bubblewrap_its_two_capabilities():
    import yaml

    documents = [d for d in yaml.safe_load_all((ROOT / "docs" / "grading-job.yaml").read_text()) if d]
    container = next(d for d in documents if d["kind"] == "Job")["spec"]["template"]["spec"]["containers"][0]
    built = set(re.findall(r"(?:podman|docker) build -t (\S+) -f Containerfile \.",
                           (ROOT / "docs" / "large-class.md").read_text() + (ROOT / "Containerfile").read_text()))
    assert built == {container["image"]}, (built, container["image"])
    context = container["securityContext"]
    assert set(context["capabilities"]["add"]) == {"SYS_ADMIN", "NET_ADMIN"}      # measured: both, no fewer
    assert context["runAsUser"] == 0
