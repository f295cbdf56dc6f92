#!/usr/bin/env bash
# Prepare an Airflow home inside the checkout: SQLite metadata DB, pools, a fixed admin login.
set -euo pipefail
: "${AIRFLOW_HOME:?AIRFLOW_HOME must be set (the Makefile sets it)}"
BIN="$(cd "$(dirname "$0")/.." && pwd)/.venv/bin"
mkdir -p "$AIRFLOW_HOME"
PASSWORDS="${AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE:-$AIRFLOW_HOME/passwords.json}"
if [ ! -s "$PASSWORDS" ]; then
  # a fixed local login, printed by `make airflow`; change it in this file if you expose the UI
  echo '{"admin": "newsflow-admin"}' > "$PASSWORDS"
fi
"$BIN/airflow" db migrate > "$AIRFLOW_HOME/db-migrate.log" 2>&1 || { tail -n 40 "$AIRFLOW_HOME/db-migrate.log"; exit 1; }
"$BIN/airflow" pools set newsflow_duckdb 1 "the only writer of the DuckDB file" > /dev/null
"$BIN/airflow" pools set default_pool 128 "default pool" > /dev/null
