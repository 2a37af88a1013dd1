# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench bench-themes bench-connectors install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## Start the server on SQLite with a seeded, live demo jam.
demo: $(STAMP)
	$(BIN)/jam demo

## Lint, type-check and run the whole test suite.
test: $(STAMP)
	$(BIN)/ruff check jam clustering tests bench
	$(BIN)/mypy
	$(BIN)/pytest -q

## Benchmarks (print figures; not part of the tests). See bench/README.md.
bench: $(STAMP)
	$(BIN)/python bench/api.py

bench-themes: $(STAMP)
	$(BIN)/python bench/themes_quality.py
	$(BIN)/python bench/themes_speed.py

bench-connectors: $(STAMP)
	$(BIN)/python bench/connectors.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
