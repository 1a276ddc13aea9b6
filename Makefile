# Vigie: `make run` replays the demo through the engine, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format check-config venv clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(BIN)/python -m bot.adapters.matrix.demo

test: $(STAMP)
	$(BIN)/ruff check bot plugins tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check bot plugins tests bench
	$(BIN)/ruff format --check bot plugins tests bench
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format bot plugins tests bench
	$(BIN)/ruff check --fix bot plugins tests bench

check-config: $(STAMP)
	$(BIN)/vigie check-config config/vigie.example.yaml

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
