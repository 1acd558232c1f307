# Developers and CI run the same targets. Each bootstraps .venv from the pinned lock file.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run serve test lint bench docs clean fuzz

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

## run: the main job: every bundled case → out/ (summary, workbook, charts)
run: $(STAMP)
	$(BIN)/gridatlas outlook --out out

## serve: the web atlas and REST API on http://127.0.0.1:8000/ (API docs at /docs)
serve: $(STAMP)
	$(BIN)/python -m gridatlas.cli.serve --host 127.0.0.1 --port 8000

## test: lint, type-check and the whole test suite
test: $(STAMP)
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest -q

## fuzz: long fuzz run, >= 10,000 mutated inputs per format; counts in out/fuzz_counts.json
fuzz: $(STAMP)
	mkdir -p out
	HYPOTHESIS_PROFILE=inputs-fuzz FUZZ_COUNTS=out/fuzz_counts.json \
		$(BIN)/pytest -q -p no:cacheprovider tests/inputs/test_fuzz_inputs.py
	cat out/fuzz_counts.json

## bench: speed benchmarks (figures are printed, not asserted)
bench: $(STAMP)
	$(BIN)/python scripts/bench_montecarlo.py
	$(BIN)/python scripts/bench_microgrid.py
	$(BIN)/python scripts/bench_sweep.py
	$(BIN)/python scripts/bench_adequacy.py
	$(BIN)/python scripts/bench_national_adequacy.py
	$(BIN)/python scripts/bench_startup.py
	$(BIN)/python scripts/bench_outlook.py
	$(BIN)/python scripts/bench_api_load.py

## docs: regenerate docs/glossary.md from the glossary tables
docs: $(STAMP)
	$(BIN)/python -c "from gridatlas.core.glossary import markdown; print(markdown(), end='')" > docs/glossary.md

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
