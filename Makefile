# The course's commands. The first use of any target creates the environment in .venv, and each target
# installs into it what it needs (requirements/: lab.txt the student's, grader.txt the instructor's and the
# grading image's, test.txt everything; each includes the one before).
#   make lab        the student's set-up, build the student notebooks, open JupyterLab on them
#   make test       the tests' set-up, run every test (the browser test too, where Chromium is installed);
#                   the grading tests need bubblewrap and PostgreSQL's server, which it installs as root
#                   with apt-get
#   make test-image build the grading image and grade a class with two pods of it (minutes; where a
#                   container engine runs, else it says so and stops)
#   make notebooks  regenerate the notebooks from their text twins and refresh their stored outputs
#   make release / collect / autograde / feedback / grades / report   the instructor's steps (README);
#                   make setup installs what they need
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
REQUIREMENTS := requirements
LAB_ARGS ?=
# JupyterLab refuses to run as root unless told (containers, CI machines)
ROOT_ARGS := $(if $(filter 0,$(shell id -u)),--allow-root)
PYTEST_ARGS ?=
# the instructor's nbgrader course directory, and the notebooks a step works on (default: all)
COURSE ?= course
NB ?=
FROM ?=
WORKERS ?=

.PHONY: setup setup-lab setup-test test-tools lab test test-image browser-test notebooks check build clean release collect autograde feedback grades report

# the student's environment; the instructor's (setup: the student's and the grader's); the tests' (everything)
setup-lab: $(VENV)/.installed-lab
setup: $(VENV)/.installed-grader
setup-test: $(VENV)/.installed-test

$(VENV)/.created:
	test -x $(PY) || { $(PYTHON) -m venv $(VENV) && $(PY) -m pip install --quiet --upgrade pip; }
	touch $@

$(VENV)/.installed-lab: $(REQUIREMENTS)/lab.txt pyproject.toml | $(VENV)/.created
	$(PY) -m pip install --quiet -r $(REQUIREMENTS)/lab.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-grader: $(REQUIREMENTS)/grader.txt $(VENV)/.installed-lab
	$(PY) -m pip install --quiet -r $(REQUIREMENTS)/grader.txt
	touch $@

$(VENV)/.installed-test: $(REQUIREMENTS)/test.txt $(VENV)/.installed-grader
	$(PY) -m pip install --quiet -r $(REQUIREMENTS)/test.txt
	touch $@

# the student's JupyterLab: nbgrader's instructor panels (formgrader, course and assignment lists,
# create assignment) off, its Validate button on, kernels started without asking; see autograder/student_lab
STUDENT_LAB := $(CURDIR)/autograder/student_lab$(if $(JUPYTER_CONFIG_PATH),:$(JUPYTER_CONFIG_PATH))

lab: setup-lab
	$(PY) -m autograder lab
	JUPYTER_CONFIG_PATH="$(STUDENT_LAB)" $(VENV)/bin/jupyter lab --notebook-dir=student $(ROOT_ARGS) $(LAB_ARGS)

build: setup-lab
	$(PY) -m autograder build

notebooks: setup-lab
	$(PY) -m autograder notebooks $(NB)

check: setup-lab
	$(PY) -m autograder check

# the system packages the tests need: bubblewrap (the grader's sandbox) and PostgreSQL's server (the
# gradebook of a class graded in shards, tests/scale/test_shards.py); installed where apt-get may be used, else named
PG_SERVER = ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || command -v postgres >/dev/null 2>&1
test-tools:
	@missing=""; command -v bwrap >/dev/null 2>&1 || missing=" bubblewrap"; \
	  { $(PG_SERVER); } || missing="$$missing postgresql"; \
	  if [ -n "$$missing" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's$$missing for the tests"; apt-get update -qq; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; true; fi
	@command -v bwrap >/dev/null 2>&1 || \
		{ echo "the tests grade in the grader's sandbox: install bubblewrap (sudo apt-get install bubblewrap)" >&2; exit 1; }
	@{ $(PG_SERVER); } || \
		{ echo "the tests grade into a PostgreSQL gradebook: install its server (sudo apt-get install postgresql)" >&2; exit 1; }

test: setup-test build test-tools
	@# one BLAS thread per test worker: two workers on two cores, no oversubscription
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 $(PY) -m pytest -n 2 --dist loadscope $(PYTEST_ARGS) tests \
		--nbval build/solution --nbval-sanitize-with tests/sanitize.cfg

# the grading image (Containerfile) built with Podman or Docker, and a class graded by two pods of it into a
# throwaway PostgreSQL, compared with the grades of one process (tests/scale/test_image.py, marked image: not part
# of make test); without a container engine it says so in one line and passes nothing off as tested
test-image: setup-test test-tools
	OPENBLAS_NUM_THREADS=1 $(PY) -m pytest -m image -p no:cacheprovider $(PYTEST_ARGS) tests/scale/test_image.py

# make release DB_URL=URL: the course's gradebook (SQLAlchemy's URL, e.g. postgresql+psycopg://grader@/dnn_course?host=/run/postgresql,
# or the name of an environment variable holding it, e.g. DB_URL=GRADEBOOK_URL) written into
# COURSE/nbgrader_config.py, then the release into that gradebook (docs/large-class.md); only a DB_URL
# given on make's command line counts, never one of the environment
release: setup
	@$(if $(filter command line,$(origin DB_URL)),$(PY) -m autograder.scale.job --set-gradebook '$(DB_URL)' --course $(COURSE))
	$(PY) -m autograder release $(NB) --course $(COURSE)

collect: setup
	$(PY) -m autograder collect $(NB) --course $(COURSE) --from "$(FROM)"

autograde: setup
	$(PY) -m autograder autograde $(NB) --course $(COURSE) $(if $(WORKERS),--workers $(WORKERS))

feedback: setup
	$(PY) -m autograder feedback $(NB) --course $(COURSE)

# make grades: a row per student, notebook and exercise; make grades TOTALS=1: the gradebook an LMS
# imports (a row per student, a column per notebook, and the total)
TOTALS ?=
grades: setup
	@$(PY) -m autograder export $(NB) --course $(COURSE) $(if $(TOTALS),--totals)

report: setup
	$(PY) -m autograder report $(NB) --course $(COURSE)

# build products only: never the student's work (student/) nor the instructor's course directory
clean:
	rm -rf build $(VENV)

# a student's session in JupyterLab, in headless Chromium (skipped, saying why, without Chromium)
browser-test: setup-test
	$(PY) -m pytest -ra tests/course/test_browser.py
