# Two commands do all setup: `make report` builds everything, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
CORPUS ?= seeds
OUT ?= reports

.PHONY: report tables test lab clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

tables: $(STAMP)
	$(PY) -m analysis tables --corpus $(CORPUS) --out $(OUT)/tables

report: tables

test: $(STAMP)
	$(PY) -m pytest

clean:
	rm -rf $(OUT) .pytest_cache
