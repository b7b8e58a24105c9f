"""A student's session in JupyterLab, in a real (headless) Chromium driven by Playwright.

JupyterLab is started as `make lab` starts it, on a free local port with a token, on a fresh copy of
the student version of 01_init. The test writes a correct answer, runs its check and sees the success
line; writes a catalogued mistake and sees the advice; runs the whole notebook; then shuts the server
down through its API. Screenshots of every step go to build/screenshots/ (git-ignored); failed-check.png
among them is what the README shows (docs/images/failed-check.png, copied from there).

Runs where Debian's Chromium is installed (`.ci/run` installs it); elsewhere it is skipped, saying so.
`make browser-test` runs it alone.
"""
import json
import os
import re
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import autograder
from autograder.build import notebooks, versions
from helpers import CHROMIUM, CHROMIUM_ARGS, SHOTS, jupyter_server

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (install Debian's `chromium` "
                                                "package, as .ci/run does, to run the browser test)"),
]

CORRECT = '''def initialize_parameters(n_x, n_h, n_y, seed=1):
    rng = np.random.RandomState(seed)
    W1 = rng.randn(n_h, n_x) * 0.01
    W2 = rng.randn(n_y, n_h) * 0.01
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}
'''
UNSCALED = CORRECT.replace(" * 0.01", "")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on copies of the student versions: (base url, token, process)."""
    course = tmp_path_factory.mktemp("course")
    versions.write_student_versions(notebooks.names(), root=course)
    work = tmp_path_factory.mktemp("student")
    for name in notebooks.names():
        shutil.copyfile(versions.release_path(course, name), work / f"{name}.ipynb")
    settings = tmp_path_factory.mktemp("lab-settings")
    tracker = settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))  # every cell in the page, for the locators
    student_lab = Path(autograder.__file__).parent / "student_lab"  # as `make lab` sets it
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(settings), JUPYTER_CONFIG_PATH=str(student_lab))
    with jupyter_server("lab", [f"--notebook-dir={work}"], tmp_path_factory.mktemp("lab-log"), "JupyterLab",
                        env=env) as started:
        yield started


@pytest.fixture(scope="module")
def page(lab):
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        yield page
        browser.close()


def shot(page, name):
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def code_cell(page, text):
    """The code cell whose source contains ``text``."""
    return page.locator(".jp-Notebook .jp-CodeCell", has=page.locator(".jp-InputArea", has_text=text)).first


def set_source(page, cell, source):
    editor = cell.locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(source)  # as a paste: no auto-indent, no auto-closed brackets


def run(page, *cells):
    """Run each cell in turn, as a student does: select it, Ctrl+Enter, wait until it has run.

    On a busy machine JupyterLab may still be wiring up the notebook when the first key arrives;
    a cell whose prompt shows neither [*] nor a number after a few seconds is asked again.
    """
    from playwright.sync_api import expect

    for cell in cells:
        prompt = cell.locator(".jp-InputPrompt")
        for attempt in range(4):
            prompt.click()
            page.keyboard.press("Control+Enter")
            try:
                expect(prompt).to_have_text(re.compile(r"\[(\*|\d+)\]:"), timeout=10_000)
                break
            except AssertionError:
                if attempt == 3:
                    raise
        expect(prompt).to_have_text(re.compile(r"\[\d+\]:"), timeout=90_000)


def output_of(cell):
    return cell.locator(".jp-OutputArea")


@pytest.mark.parametrize("name", notebooks.names())
def test_every_student_notebook_opens_without_asking_anything(lab, page, name):
    """No kernel or trust prompt; the kernel starts; the first cell (the imports) runs cleanly."""
    from playwright.sync_api import expect

    base, token, _ = lab
    page.goto(f"{base}/lab/workspaces/open-{name}/tree/{name}.ipynb?token={token}&reset")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
    expect(page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")).to_have_count(1, timeout=60_000)
    assert page.locator(".jp-Dialog").count() == 0, f"opening {name} asked the student something"
    first = page.locator(".jp-Notebook .jp-CodeCell").first
    try:
        run(page, first)
    except Exception:
        dialogs = page.locator(".jp-Dialog")
        if dialogs.count():  # say what the page asked, not only that a dialog was in the way
            shot(page, f"0-dialog-{name}")
            pytest.fail(f"opening {name} asked the student something: {dialogs.first.inner_text()!r}")
        raise
    expect(first.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")).to_have_count(0)
    assert "Error" not in first.locator(".jp-OutputArea").inner_text()
    shot(page, f"0-opened-{name}")


def test_a_student_session_in_jupyterlab(lab, page):
    from playwright.sync_api import expect

    base, token, server = lab
    page.goto(f"{base}/lab/workspaces/session/tree/01_init.ipynb?token={token}&reset")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
    expect(page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")).to_have_count(1, timeout=60_000)
    assert page.locator(".jp-Dialog").count() == 0, "opening the notebook asked the student something"
    shot(page, "1-opened")

    # the student's lab: nbgrader's Validate button, none of its instructor panels
    expect(page.get_by_role("button", name="Validate")).to_have_count(1)
    expect(page.get_by_role("menuitem", name="Nbgrader", exact=True)).to_have_count(0)
    with pytest.raises(urllib.error.HTTPError, match="404"):
        urllib.request.urlopen(f"{base}/formgrader?token={token}", timeout=10)
    # a kernel starts without a "Select Kernel" question, however slow the server is to list kernels
    tracker = json.load(urllib.request.urlopen(
        f"{base}/lab/api/settings/@jupyterlab/notebook-extension:tracker?token={token}", timeout=10))
    assert tracker["schema"]["properties"]["autoStartDefaultKernel"]["default"] is True

    # the imports, then a correct answer, its printout and its check
    answer = code_cell(page, "def initialize_parameters(n_x")
    printout = code_cell(page, 'print(key, "=", parameters[key])')
    check = code_cell(page, "check_initialize_parameters(initialize_parameters)")
    set_source(page, answer, CORRECT)
    run(page, code_cell(page, "import numpy as np"), answer, printout, check)
    expect(output_of(check)).to_contain_text("initialize_parameters: all", timeout=60_000)
    expect(output_of(check)).to_contain_text("checks passed.")
    expect(output_of(printout)).to_contain_text(
        "W1 = [[ 0.01624345 -0.00611756]")
    check.scroll_into_view_if_needed()
    shot(page, "2-correct-answer-passes")

    # a catalogued mistake: the check names it
    set_source(page, answer, UNSCALED)
    run(page, answer, printout, check)
    expect(output_of(check)).to_contain_text("W1 is wrong", timeout=60_000)
    expect(output_of(check)).to_contain_text("Hint: the weights are not scaled")
    expect(output_of(check)).to_contain_text("CheckFailure")
    output_of(check).scroll_into_view_if_needed()
    shot(page, "3-wrong-answer-named")
    shot(page, "failed-check")   # the README's picture of a failed check: docs/images/failed-check.png is a copy

    # the whole notebook, with the first answer right again: it stops at the next unwritten one,
    # where the cell that prints its result first calls it
    set_source(page, answer, CORRECT)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Restart Kernel and Run All Cells…").click()
    page.locator(".jp-Dialog").get_by_role("button", name="Confirm Kernel Restart").click()
    deep_printout = code_cell(page, 'parameters = initialize_parameters_deep([5, 4, 3], seed=3, init="small")')
    expect(output_of(deep_printout)).to_contain_text("NotImplementedError", timeout=90_000)
    expect(output_of(check)).to_contain_text("checks passed.")
    deep_printout.scroll_into_view_if_needed()
    shot(page, "4-run-all-stops-at-the-next-exercise")

    # a clean shutdown through the server's API
    request = urllib.request.Request(f"{base}/api/shutdown", method="POST",
                                     headers={"Authorization": f"token {token}"})
    urllib.request.urlopen(request, timeout=10)
    assert server.wait(timeout=30) == 0, "JupyterLab did not shut down cleanly"
