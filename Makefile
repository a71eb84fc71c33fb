# Vigie: `make demo` sets up and runs the main job on the demo data; `make test` sets up and runs the tests.
# Both need only Python 3.11 and the package registries.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STORE  ?= data/vigie.duckdb
DEMO_N ?= 20000

.DEFAULT_GOAL := help
.PHONY: help setup demo test lint clean browser lab

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,precise]'
	# The notebooks ask for the "Vigie" kernel: registered in .venv, plain `papermill` runs them too.
	$(BIN)/vigie lab --kernel-only --env
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv and install Vigie with its dependencies

demo: $(STAMP) ## Build the demo stream, ingest and score it, and write the periodic reports
	$(BIN)/vigie demo-data --out data/raw/demo --n $(DEMO_N)
	$(BIN)/vigie ingest data/raw/demo/comments.csv --store $(STORE)
	$(BIN)/vigie quality --store $(STORE) --out reports/data-quality.md
	$(BIN)/vigie enrich --store $(STORE)
	VIGIE_TRIAGE_CONFIG=data/raw/demo/triage.toml $(BIN)/vigie report --store $(STORE) --period 2020-W16 --lang fr --lang en
	VIGIE_TRIAGE_CONFIG=data/raw/demo/triage.toml $(BIN)/vigie report --store $(STORE) --period 2020-W29 --lang fr
	$(BIN)/vigie triage --store $(STORE) --period 2020-W16 --config data/raw/demo/triage.toml --out reports/triage
	@echo "Reports: open reports/index.html in a browser (e.g. xdg-open reports/index.html)"

lab: $(STAMP) ## Register the "Vigie" Jupyter kernel and start JupyterLab on 127.0.0.1 (PORT=8888)
	$(BIN)/vigie lab --port $(or $(PORT),8888)

browser: ## Install Debian's Chromium for the report browser test, if missing and possible
	@command -v chromium >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "chromium not installed: the browser test will be skipped"; }

test: $(STAMP) browser ## Lint, then run the whole test suite
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff check notebooks --select F,I,E501  # unused or undefined names, import order, long lines
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

lint: $(STAMP) ## Check style with ruff and the import layers with import-linter
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff check notebooks --select F,I,E501
	$(BIN)/lint-imports

clean: ## Remove the virtual environment, generated data and reports
	rm -rf $(VENV) data/raw/demo $(STORE) reports/*.md reports/*.html
