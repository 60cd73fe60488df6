# parkatlas — the two set-up commands are `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
BENCHSTAMP := $(VENV)/.installed-bench

.PHONY: demo test lint bench clean screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP) $@

$(BENCHSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(STAMP) $(DEVSTAMP) $@

## make demo: install into .venv, create the SQLite atlas, load reference + demo data, show it
demo: $(STAMP)
	$(BIN)/parkatlas demo

## make test: install the dev dependencies and run the whole suite (SQLite and PostgreSQL)
test: $(DEVSTAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2

## make bench: the benchmarks of docs/benchmarks.md (slow; needs the local PostgreSQL for matching)
bench: $(BENCHSTAMP)
	$(BIN)/python bench/bench_import.py --rows 1000000 --runs 3
	$(BIN)/python bench/bench_match.py
	$(BIN)/python bench/bench_intel.py --shared ../shared/intel

## make screenshots: every page in zh and en into docs/screenshots/ (headless Debian chromium)
screenshots: $(DEVSTAMP)
	$(BIN)/python -m tests.web.screenshots --out docs/screenshots

lint: $(DEVSTAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build *.egg-info
