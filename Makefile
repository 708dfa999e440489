# Two commands do all setup: `make report` builds everything, `make test` runs the tests.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
CORPUS ?= seeds
TARGET ?= IBM
ALIASES ?=
# Compare several targets: TARGETS="IBM Amazon Microsoft" (the first is the reports' own).
TARGETS ?=
empty :=
space := $(empty) $(empty)
MAIN_TARGET = $(if $(TARGETS),$(firstword $(TARGETS)),$(TARGET))
MORE_TARGETS = $(subst $(space),;,$(strip $(wordlist 2,$(words $(TARGETS)),$(TARGETS))))
# DEDUPE=1: leave out the documents the manifest marks as duplicates (duplicate_of; see import).
DEDUPE ?=
# CODED=folder: a coded sample (python -m analysis sample; docs/coding.md) corrects the stance figures.
CODED ?=
# Each corpus and target gets its own folder, reports/<corpus>-<target>; OUT=path overrides it.
OUT ?=
NEWSMTSC ?= ../shared/benchmarks/newsmtsc/train.jsonl
# The validation notebook reports the NewsMTSC score when the data is beside the project.
NEWSMTSC_PARAM := $(if $(wildcard $(NEWSMTSC)),-p newsmtsc=$(abspath $(NEWSMTSC)),)
GGT ?= ../shared/benchmarks/quotes-ggt
GGT_PARAM := $(if $(wildcard $(GGT)/gold.csv),-p ggt=$(abspath $(GGT)),)

# apt-get needs root: use sudo (without a password prompt) when not running as root.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo -n)

.PHONY: report tables test lint format lab browser benchmark bench bench-quotes clean install example

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,dask]'
	touch $(STAMP)

# the environment alone (make report and make test do this first)
install: $(STAMP)

# The README's worked example: a news export (CSV) and made-up groups from the shared GGT
# corpus, imported, then reported with Trudeau as the target (example/ is not tracked).
example: $(STAMP)
	$(PY) scripts/example_export.py --ggt "$(GGT)" --out example
	$(PY) -m analysis import example/export.csv --out example/corpus --groups example/groups.csv
	$(MAKE) report CORPUS=example/corpus TARGET=Trudeau

tables: $(STAMP)
	$(PY) -m analysis tables --corpus "$(CORPUS)" $(foreach t,$(or $(TARGETS),$(TARGET)),--target "$(t)") $(if $(ALIASES),--alias "$(ALIASES)",) $(if $(DEDUPE),--dedupe,) $(if $(OUT),--out "$(OUT)/tables",)

# The run folder holds the tables (tables/), the reports and their figures; the README's run
# (the seeds, IBM) also refreshes the tracked figures/ that the README shows.
# the development-set accuracy of stance calls that the stance report shows, rebuilt when the
# code, the lexicons or the development sets change
STANCE_ACCURACY := analysis/resources/stance_accuracy.csv
$(STANCE_ACCURACY): $(STAMP) $(filter-out $(STANCE_ACCURACY),$(wildcard analysis/*.py analysis/resources/*.csv analysis/resources/*.json tests/development/* tests/fixtures/*/*))
	$(PY) scripts/measure_stance.py --out $@

report: $(STAMP) $(STANCE_ACCURACY)
	@# bytecode for the package, read by every notebook kernel (PYTHONDONTWRITEBYTECODE would keep them compiling it)
	@$(PY) -m compileall -q analysis
	$(PY) -m analysis report $(if $(OUT),--out "$(OUT)",) -p corpus="$(CORPUS)" -p target="$(MAIN_TARGET)" $(if $(MORE_TARGETS),-p targets="$(MORE_TARGETS)",) $(if $(ALIASES),-p aliases="$(ALIASES)",) $(if $(DEDUPE),-p dedupe=true,) $(if $(CODED),-p coded="$(CODED)",) $(NEWSMTSC_PARAM) $(GGT_PARAM)

# The browser check needs Chromium; Debian's package is installed when it is missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser test"; \
	  ($(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null) \
	  || echo "warning: could not install chromium; the browser test will be skipped"; }

test: $(STAMP) browser lint
	$(PY) -m pytest

# ruff: lint and formatting (configured in pyproject.toml); `make format` rewrites in place.
lint: $(STAMP)
	$(VENV)/bin/ruff check analysis tests benchmarks scripts
	$(VENV)/bin/ruff format --check analysis tests benchmarks scripts

format: $(STAMP)
	$(VENV)/bin/ruff check --fix analysis tests benchmarks scripts
	$(VENV)/bin/ruff format analysis tests benchmarks scripts

# Speed and memory at scale (docs/performance.md): 1,000 and 10,000 synthetic articles on 1 and 2
# processes, against bare Punkt + VADER, and `make report` on the seeds against its floor.
bench: $(STAMP)
	$(PY) benchmarks/scale.py --docs 1000 10000 --jobs 1 2 --report

# quotes and speakers on real news (the shared GGT set): P/R/F1 and speaker accuracy by type
bench-quotes: $(STAMP)
	$(PY) benchmarks/quotes.py

benchmark: bench bench-quotes
	$(PY) benchmarks/newsmtsc.py $(NEWSMTSC)
	$(PY) benchmarks/long_document.py --mb 1 2 5 10 20
	$(PY) benchmarks/long_document.py --layout one-line --mb 1 2 5 10 20
	$(PY) benchmarks/slow_inputs.py --examples 300

# JupyterLab from .venv (its python3 kernel has the package); no update, news or extension
# manager calls. LAB_FLAGS adds options, e.g. LAB_FLAGS=--no-browser; root needs --allow-root.
LAB_FLAGS ?=
lab: $(STAMP)
	$(VENV)/bin/jupyter lab --notebook-dir=. \
	  --LabApp.news_url=None \
	  --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
	  --LabApp.extension_manager=readonly \
	  $(if $(filter 0,$(shell id -u)),--allow-root,) $(LAB_FLAGS)

# Only what the build made: the run folders and caches (never the tracked figures/ or .venv).
clean:
	rm -rf reports .pytest_cache .hypothesis build analysis.egg-info
