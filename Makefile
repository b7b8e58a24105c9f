# The course's commands. The first use of any target creates the environment in .venv.
#   make lab        set up, build the student notebooks, open JupyterLab on them
#   make test       set up, run every test
#   make notebooks  regenerate the notebooks from their text twins and refresh their stored outputs
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LAB_ARGS ?=
PYTEST_ARGS ?=

.PHONY: setup lab test notebooks check build clean

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

lab: setup
	$(PY) -m autograder lab
	$(VENV)/bin/jupyter lab --notebook-dir=student $(LAB_ARGS)

build: setup
	$(PY) -m autograder build

notebooks: setup
	$(PY) -m autograder notebooks $(NB)

check: setup
	$(PY) -m autograder check

test: build
	$(PY) -m pytest -n 2 --dist loadfile $(PYTEST_ARGS) tests \
		--nbval build/solution --nbval-sanitize-with tests/sanitize.cfg

clean:
	rm -rf build $(VENV)
