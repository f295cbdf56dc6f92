# newsflow — `make run` (set up, run news_ingest once on the offline sample) and `make test`.
SHELL := /bin/bash
PY_VERSION ?= 3.11
UV ?= $(shell command -v uv 2>/dev/null || echo python3 -m uv)
VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
RUN_DATE ?= 2024-05-16

export AIRFLOW_HOME ?= $(CURDIR)/.airflow
export AIRFLOW__CORE__DAGS_FOLDER := $(CURDIR)/dags
export AIRFLOW__CORE__LOAD_EXAMPLES := False
export AIRFLOW__CORE__EXECUTOR := LocalExecutor
export AIRFLOW__DATABASE__SQL_ALCHEMY_CONN ?= sqlite:///$(AIRFLOW_HOME)/airflow.db
export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS ?= admin:admin
export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE ?= $(AIRFLOW_HOME)/passwords.json
export AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION ?= True
export AIRFLOW__LOGGING__LOGGING_LEVEL ?= WARNING
export NEWSFLOW_DATA_DIR ?= $(CURDIR)/data
export PYTHONPATH := $(CURDIR)

.PHONY: help venv uv airflow-init run test lint unit airflow bench bench-full reliability clean e2e

help:
	@echo "make run      set up .venv and Airflow, run news_ingest on the offline sample, print a summary"
	@echo "make test     set up .venv with dev tools, run ruff, mypy and every test"
	@echo "make airflow  start Airflow (api-server, scheduler, dag-processor, triggerer) on 127.0.0.1:8080"
	@echo "make bench    run the benchmarks side by side with the tools users would otherwise pick"
	@echo "make bench-full  the same with the 100k end-to-end run (docs/benchmarks.md)"

uv:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv

venv: uv
	@$(UV) sync --frozen --python $(PY_VERSION) --all-groups --quiet

airflow-init: venv
	@bash scripts/airflow_init.sh

run: airflow-init
	@rm -f $(NEWSFLOW_DATA_DIR)/news.duckdb.wal.tmp
	@echo "== news_ingest on the offline sample (logical date $(RUN_DATE))"
	@AIRFLOW__LOGGING__LOGGING_LEVEL=INFO $(BIN)/airflow dags test news_ingest $(RUN_DATE) > $(AIRFLOW_HOME)/last_run.log 2>&1 \
		|| { tail -n 60 $(AIRFLOW_HOME)/last_run.log; echo "news_ingest failed: see $(AIRFLOW_HOME)/last_run.log"; exit 1; }
	@grep -q "DagRun Finished.*state=success" $(AIRFLOW_HOME)/last_run.log \
		|| { grep -E "ERROR|error|Traceback" $(AIRFLOW_HOME)/last_run.log | tail -n 30; echo "news_ingest did not succeed: see $(AIRFLOW_HOME)/last_run.log"; exit 1; }
	@echo "news_ingest succeeded (log: $(AIRFLOW_HOME)/last_run.log)"
	@$(BIN)/newsflow summary --db $(NEWSFLOW_DATA_DIR)/news.duckdb

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

unit: venv
	$(BIN)/pytest -m "unit" -q

test: lint
	$(BIN)/pytest -q

airflow: airflow-init
	@bash scripts/airflow_start.sh

bench: venv
	$(BIN)/python bench/extraction.py
	$(BIN)/python bench/dates.py  # publication dates: newsflow vs htmldate fast/extensive, dev and validation folds
	$(BIN)/python bench/fields.py
	$(BIN)/python -m bench.fetch --quick
	$(BIN)/python -m bench.dedup --quick
	$(BIN)/python -m bench.reuse  # text reuse: precision/recall on the labelled set (tests/fixtures/reuse)
	$(BIN)/python bench/load.py --quick
	$(BIN)/python bench/run_all.py $(BENCH_FLAGS)
	$(BIN)/python bench/extract_cli.py --write-docs  # after run_all.py, which rewrites docs/benchmarks.md

# the same, with the 100k end-to-end run (about half an hour more)
bench-full:
	$(MAKE) bench BENCH_FLAGS=--full

reliability: venv
	$(BIN)/python scripts/reliability_report.py

clean:
	rm -rf .airflow data .pytest_cache .mypy_cache .ruff_cache
