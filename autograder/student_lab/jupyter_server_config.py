"""The student's JupyterLab, as `make lab` starts it (JUPYTER_CONFIG_PATH=autograder/student_lab).

Its setting defaults come from settings/overrides.json beside this file: a notebook starts its
kernel without asking which one, even when the server is slow to list the kernels (else JupyterLab
asks "Select Kernel"), and JupyterLab does not try to fetch news from the internet.
"""
from pathlib import Path

c = get_config()  # noqa: F821  (provided by Jupyter when it loads this file)
c.LabApp.app_settings_dir = str(Path(__file__).resolve().parent / "settings")
