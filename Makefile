# parkatlas — the two set-up commands are `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(STAMP) $@

## make demo: install into .venv, create the SQLite atlas, load reference + demo data, show it
demo: $(STAMP)
	$(BIN)/parkatlas demo

## make test: install the dev dependencies and run the whole suite (SQLite and PostgreSQL)
test: $(DEVSTAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest -n 2

lint: $(DEVSTAMP)
	$(BIN)/ruff check src tests bench

clean:
	rm -rf $(VENV) build *.egg-info
