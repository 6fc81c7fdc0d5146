# Two commands a planner needs (each creates its own virtual environment):
#   make run   - install, then score the bundled Canada scenario and write its reports; the
#                last line names the HTML decision brief to open
#   make test  - install with the dev tools, then lint, check the architecture and run every test
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint schemas bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/diversify score
	$(BIN)/diversify report --out reports

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports

test: lint
	$(BIN)/python -m pytest -q

schemas: $(STAMP)
	$(BIN)/python -m diversify.model.schema schemas

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) reports .pytest_cache .ruff_cache
