"""The submission's packages carry their bytecode, which Python takes only while it matches the source."""
import importlib.util
import subprocess
import sys

from autograder.sandbox import bubblewrap


def test_every_module_of_the_packages_has_its_checked_bytecode_beside_it():
    folder = bubblewrap.grading_folder("06_regularization")
    try:
        sources = sorted((folder / "packages").rglob("*.py"))
        assert any(p.name == "wire.py" for p in sources) and any(p.parent.name == "dnn_utils" for p in sources)
        for path in sources:
            pyc = (path.parent / "__pycache__" / importlib.util.cache_from_source(str(path)).rpartition("/")[2])
            data = pyc.read_bytes()
            assert data[:4] == importlib.util.MAGIC_NUMBER, path
            assert int.from_bytes(data[4:8], "little") == 0b11, path          # hash-based, checked
            assert data[8:16] == importlib.util.source_hash(path.read_bytes()), path
        # Python loads it: the module's code comes from the .pyc, whose source it matches
        done = subprocess.run([sys.executable, "-I", "-c",
                               "import sys; sys.path.insert(0, sys.argv[1]); import dnn_utils, autograder.sandbox.wire; "
                               "print(dnn_utils.__spec__.cached, autograder.sandbox.wire.__spec__.loader.get_code('autograder.sandbox.wire') is not None)",
                               str(folder / "packages")], capture_output=True, text=True, check=True)
        assert "__pycache__" in done.stdout and "True" in done.stdout, done
    finally:
        bubblewrap.remove_tree(folder)


def test_python_runs_the_bytecode_written_when_it_matches_the_source(tmp_path):
    """The .pyc's format is the one Python reads: bytecode made of other code, under the source's own
    hash, is what runs (so the real one is used, and the source is not compiled again)."""
    module = tmp_path / "m.py"
    module.write_text("VALUE = 'the source'\n")
    bubblewrap._write_bytecode(module)
    pyc = tmp_path / "__pycache__" / importlib.util.cache_from_source(str(module)).rpartition("/")[2]
    header = pyc.read_bytes()[:16]
    import marshal
    pyc.write_bytes(header + marshal.dumps(compile("VALUE = 'the bytecode'", str(module), "exec")))
    done = subprocess.run([sys.executable, "-I", "-c", "import sys; sys.path.insert(0, sys.argv[1]); import m; print(m.VALUE)",
                           str(tmp_path)], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "the bytecode"


def test_bytecode_that_does_not_match_its_source_is_not_used(tmp_path):
    """A .pyc left from another source is refused by Python (checked hash): the source is what runs."""
    module = tmp_path / "m.py"
    module.write_text("VALUE = 'the source'\n")
    bubblewrap._write_bytecode(module)
    module.write_text("VALUE = 'the new source'\n")           # the .pyc is now stale
    done = subprocess.run([sys.executable, "-I", "-c", "import sys; sys.path.insert(0, sys.argv[1]); import m; print(m.VALUE)",
                           str(tmp_path)], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "the new source"
