# The README's two commands: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck check-facts bench calibrate clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/spacebot run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

check-facts: $(STAMP)
	$(BIN)/spacebot check-facts facts

test: lint typecheck check-facts
	NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost $(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python -m tests.bench

calibrate: $(STAMP)
	$(BIN)/python -m tests.eval.calibrate --write

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
