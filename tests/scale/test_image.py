"""The grading image as it runs (``make test-image``; minutes, so not part of ``make test``): the
Containerfile built with Podman or Docker, and a class graded by two containers of it, as pods 0 and 1
of the Indexed Job with the manifest's settings, into a throwaway PostgreSQL server that they reach
through its Unix socket; the grade table equals the one-process grading's, row for row. Then what an
instructor sees when the pod lacks a privilege or a setting, and the user-namespace and non-root
variants of docs/large-class.md. Without a container engine, it says so in one line (skipped)."""
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest
import yaml

from autograder.build import versions
from autograder.collect import lms
from autograder.grade import batch
from autograder.scale import job, synthetic
from autograder.scale.pgserver import Server

pytestmark = pytest.mark.image

ROOT = Path(__file__).resolve().parents[2]
NAMES = ["01_init", "03_cost"]
STUDENTS = 6
TAG = "localhost/dnn-course-grader:test"
#: where a pod finds the course and the gradebook's socket
COURSE, SOCKET = "/srv/course", "/run/postgresql"


def _engine():
    """``podman`` or ``docker``, whichever runs containers here, else None."""
    for name in ("podman", "docker"):
        path = shutil.which(name)
        if path and subprocess.run([path, "info"], capture_output=True, timeout=120).returncode == 0:
            return path
    return None


ENGINE = _engine()
if ENGINE is None:
    pytest.skip("make test-image: no container engine runs here (neither podman nor docker info answers); "
                "install one (sudo apt-get install podman) to build and run the grading image",
                allow_module_level=True)


def _engine_args():
    """What this machine needs for every container: limits on open files and processes within its own
    (an engine's default of 1048576 open files is refused where the engine may not raise the hard
    limit: "error setting rlimit type 7: operation not permitted"), and runc where cgroups are hybrid
    (crun: "cgroups in hybrid mode not supported, drop all controllers from cgroupv2")."""
    nofile = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    # 32768 processes: what runc was let set where the machine's own hard limit (96368) was refused
    nproc = min(resource.getrlimit(resource.RLIMIT_NPROC)[1], 32768)
    args = []
    if nofile != resource.RLIM_INFINITY:
        args += ["--ulimit", f"nofile={nofile}:{nofile}"]
    if nproc != resource.RLIM_INFINITY:
        args += ["--ulimit", f"nproc={nproc}:{nproc}"]
    if Path(ENGINE).name == "podman" and Path("/sys/fs/cgroup/unified").is_dir() and shutil.which("runc"):
        args = ["--runtime", "runc", *args]
    return args


def _manifest():
    """The Job's container of docs/grading-job.yaml."""
    documents = [d for d in yaml.safe_load_all((ROOT / "docs" / "grading-job.yaml").read_text()) if d]
    job_spec = next(d for d in documents if d["kind"] == "Job")["spec"]["template"]["spec"]
    return job_spec["containers"][0]


def _security_args(container):
    """The engine's flags for the container's securityContext: its capabilities, its user, seccomp."""
    context = container.get("securityContext", {})
    args = [f"--cap-add={cap}" for cap in context.get("capabilities", {}).get("add", [])]
    if context.get("runAsUser") is not None:
        args += ["--user", str(context["runAsUser"])]
    if context.get("seccompProfile", {}).get("type") == "Unconfined":
        args += ["--security-opt", "seccomp=unconfined"]
    if context.get("appArmorProfile", {}).get("type") == "Unconfined":
        args += ["--security-opt", "apparmor=unconfined"]
    return args


@pytest.fixture(scope="module")
def image():
    """The image built from the Containerfile; a machine whose pip is given its own certificate bundle
    (PIP_CERT, for connections through its own certificate authority) lends it to the build."""
    args = [ENGINE, "build", "-t", TAG, "-f", "Containerfile"]
    if Path(ENGINE).name == "podman":                # docker build takes neither a volume nor limits
        bundle = os.environ.get("PIP_CERT")
        if bundle and Path(bundle).is_file():
            args += ["-v", f"{bundle}:/etc/ssl/certs/ca-certificates.crt:ro"]
        args += _engine_args()
    started = time.monotonic()
    built = subprocess.run([*args, "."], cwd=ROOT, capture_output=True, text=True, timeout=3600)
    assert built.returncode == 0, (
        "the image did not build (where no registry is reachable, make a stand-in for the base image: "
        "docs/large-class.md, section 4):\n" + (built.stdout + built.stderr)[-3000:])
    size = subprocess.run([ENGINE, "image", "inspect", "--format", "{{.Size}}", TAG], capture_output=True,
                          text=True).stdout.strip()
    version = subprocess.run([ENGINE, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"\n{version}: {TAG} built in {time.monotonic() - started:.0f} s, {int(size) / 1e9:.2f} GB")
    return TAG


def _run(image, *args, env=None, command=None, volumes=(), wait=True):
    """A container of the image: ``--rm``, this machine's engine settings, ``env`` and ``volumes``."""
    argv = [ENGINE, "run", "--rm", *_engine_args(), *args]
    for key, value in (env or {}).items():
        argv += ["-e", f"{key}={value}"]
    for source, target in volumes:
        argv += ["-v", f"{source}:{target}"]
    if command:
        argv += ["--entrypoint", command[0], image, *command[1:]]
    else:
        argv += [image]
    if not wait:
        return argv
    return subprocess.run(argv, capture_output=True, text=True, timeout=900)


class Pod:
    """One pod of the Indexed Job: the image's entry point, its output read line by line as it comes."""

    def __init__(self, argv):
        self.lines, self.first, self.running_at_first = [], threading.Event(), None
        self.process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))
            if line.startswith("autograde ") and not self.first.is_set():
                self.running_at_first = self.process.poll() is None
                self.first.set()

    def wait(self, seconds=1800):
        code = self.process.wait(seconds)
        self.reader.join(10)
        return code

    def graded(self):
        return [tuple(line.split(":")[0].split()[2:0:-1]) for line in self.lines
                if line.startswith("autograde ") and line.split(":")[-1].strip().startswith(("graded", "invalid"))]


@pytest.fixture(scope="module")
def gradebook_server():
    server = Server().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """The synthetic class's inbox, and its grade table graded by one process into SQLite."""
    tmp = tmp_path_factory.mktemp("class")
    inbox = tmp / "inbox"
    released = tmp / "released"
    versions.write_student_versions(NAMES, root=released)
    for student, name, nb in synthetic.handins(NAMES, STUDENTS, released):
        (inbox / student).mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, inbox / student / f"{name}.ipynb")
    alone = tmp / "alone"
    versions.write_student_versions(NAMES, root=alone)
    lms.collect(inbox, alone, NAMES)
    batch.autograde(alone, NAMES, workers=2, progress=None)
    return inbox, synthetic.grade_table(alone, NAMES)


def test_two_pods_of_the_image_grade_a_class_into_postgresql_as_one_process_does(
        image, gradebook_server, graded_class, tmp_path, monkeypatch):
    inbox, alone = graded_class
    gradebook_server.create_database("dnn_course")
    # the course directory, released once into the gradebook, read from GRADEBOOK_URL (the Job's Secret)
    root = tmp_path / "course"
    monkeypatch.setenv("GRADEBOOK_URL", gradebook_server.url("dnn_course"))
    job.set_gradebook(root, "GRADEBOOK_URL")
    versions.write_student_versions(NAMES, root=root)
    lms.collect(inbox, root, NAMES)
    assert not (root / "gradebook.db").exists()

    container = _manifest()
    pod_url = f"postgresql+psycopg://grader@/dnn_course?host={SOCKET}"          # the socket form
    volumes = [(root, COURSE), (gradebook_server.socket, SOCKET)]
    pods = [Pod(_run(image, *_security_args(container), env={**job.pod(i, 2, COURSE)[1], "GRADEBOOK_URL": pod_url},
                     volumes=volumes, wait=False) + container["args"] + NAMES) for i in (0, 1)]
    codes = [pod.wait() for pod in pods]
    assert codes == [0, 0], "\n\n".join("\n".join(pod.lines[-60:]) for pod in pods)
    # each line in the pod's log as it was printed (PYTHONUNBUFFERED), not when the pod ended
    assert all(pod.running_at_first for pod in pods), [pod.lines[:3] for pod in pods]
    graded = [pod.graded() for pod in pods]
    assert all(batch.in_shard(s, (1, 2)) for s, _ in graded[0]) and all(batch.in_shard(s, (2, 2)) for s, _ in graded[1])
    everything = {(f"student{i:03d}", name) for i in range(STUDENTS) for name in NAMES}
    assert set(graded[0] + graded[1]) == everything and len(graded[0] + graded[1]) == len(everything)
    assert synthetic.grade_table(root, NAMES) == alone                             # row for row


PROBE = ["python", "-c", "from autograder.sandbox import bubblewrap; print(bubblewrap.unavailable_reason()); "
                         "print(bubblewrap.uid_base() if __import__('os').geteuid() == 0 else 'no uid')"]


def test_a_pod_without_net_admin_is_told_so_in_one_line(image, tmp_path):
    """The manifest's settings less NET_ADMIN (what the docs said before it was measured)."""
    root = tmp_path / "course"
    job.set_gradebook(root, "postgresql+psycopg://grader@/dnn_course?host=/run/postgresql")
    done = _run(image, "--cap-add=SYS_ADMIN", env={"JOB_COMPLETION_INDEX": "0", "SHARDS": "1"},
                volumes=[(root, COURSE)])
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.count("\n") == 1 and "lacks CAP_NET_ADMIN" in done.stderr and "apt-get" not in done.stderr


def test_a_pod_without_its_gradebook_url_is_told_so_in_one_line(image, tmp_path, monkeypatch):
    root = tmp_path / "course"
    monkeypatch.setenv("GRADEBOOK_URL", "postgresql+psycopg://grader@/dnn_course?host=/run/postgresql")
    job.set_gradebook(root, "GRADEBOOK_URL")                 # the file reads it; the pod is not given it
    done = _run(image, *_security_args(_manifest()), env={"JOB_COMPLETION_INDEX": "0", "SHARDS": "2"},
                volumes=[(root, COURSE)])
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith("autograder.scale.job: GRADEBOOK_URL is not set") and done.stderr.count("\n") == 1


@pytest.mark.skipif(Path(ENGINE).name != "podman", reason="the user-namespace variant is run with podman --uidmap")
def test_in_a_user_namespace_of_65536_ids_the_sandbox_runs_as_users_it_has(image):
    done = _run(image, "--cap-add=SYS_ADMIN", "--cap-add=NET_ADMIN", "--uidmap", "0:100000:65536",
                "--gidmap", "0:100000:65536", command=PROBE)
    assert done.stdout.split() == ["None", "65022"], done.stdout + done.stderr


@pytest.mark.skipif(Path(ENGINE).name != "podman", reason="the non-root variant is run with podman")
def test_a_non_root_pod_needs_seccomp_unconfined_and_an_unmasked_proc(image):
    """runAsUser 1000, no capability: bubblewrap makes its sandbox in a user namespace of its own."""
    masked = _run(image, "--user", "1000", "--security-opt", "seccomp=unconfined", command=PROBE)
    assert "lacks an unmasked /proc" in masked.stdout, masked.stdout + masked.stderr
    confined = _run(image, "--user", "1000", "--security-opt", "unmask=ALL", command=PROBE)
    assert "lacks a seccomp profile" in confined.stdout, confined.stdout + confined.stderr
    works = _run(image, "--user", "1000", "--security-opt", "seccomp=unconfined", "--security-opt", "unmask=ALL",
                 command=PROBE)
    assert works.stdout.split() == ["None", "no", "uid"], works.stdout + works.stderr
