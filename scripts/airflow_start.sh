#!/usr/bin/env bash
# Start Airflow (api-server, scheduler, dag-processor, triggerer) in the background; pids and logs under $AIRFLOW_HOME.
# Environment: AIRFLOW_HOME (required; the Makefile sets it), AIRFLOW_HOST (127.0.0.1), AIRFLOW_PORT (8080),
# NEWSFLOW_UNPAUSE=1 to unpause the newsflow DAGs, AIRFLOW_START_WAIT (seconds to wait for the API, 180).
set -euo pipefail
: "${AIRFLOW_HOME:?AIRFLOW_HOME must be set (the Makefile sets it)}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$ROOT/.venv/bin"
HOST="${AIRFLOW_HOST:-127.0.0.1}"
PORT="${AIRFLOW_PORT:-8080}"
WAIT="${AIRFLOW_START_WAIT:-180}"
PASSWORDS="${AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE:-$AIRFLOW_HOME/passwords.json}"
RUN_DIR="$AIRFLOW_HOME/run"
mkdir -p "$RUN_DIR" "$AIRFLOW_HOME/logs"

export AIRFLOW__CORE__EXECUTOR="${AIRFLOW__CORE__EXECUTOR:-LocalExecutor}"
export AIRFLOW__DATABASE__SQL_ALCHEMY_CONN="${AIRFLOW__DATABASE__SQL_ALCHEMY_CONN:-sqlite:///$AIRFLOW_HOME/airflow.db}"
export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE="$PASSWORDS"
export AIRFLOW__API__HOST="$HOST"
export AIRFLOW__API__PORT="$PORT"
export AIRFLOW__API__BASE_URL="${AIRFLOW__API__BASE_URL:-http://$HOST:$PORT}"
export AIRFLOW__CORE__EXECUTION_API_SERVER_URL="${AIRFLOW__CORE__EXECUTION_API_SERVER_URL:-http://$HOST:$PORT/execution/}"
if [ "${NEWSFLOW_UNPAUSE:-0}" = "1" ]; then
  export AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION=False
fi
# every component must sign and check the same tokens: one secret per AIRFLOW_HOME, kept out of the repo
SECRET_FILE="$AIRFLOW_HOME/jwt_secret"
if [ ! -s "$SECRET_FILE" ]; then
  (umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$SECRET_FILE")
fi
export AIRFLOW__API_AUTH__JWT_SECRET="${AIRFLOW__API_AUTH__JWT_SECRET:-$(cat "$SECRET_FILE")}"
export AIRFLOW__API__SECRET_KEY="${AIRFLOW__API__SECRET_KEY:-$AIRFLOW__API_AUTH__JWT_SECRET}"

for name in api-server scheduler dag-processor triggerer; do
  pidfile="$RUN_DIR/$name.pid"
  if [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "$name already running (pid $(cat "$pidfile")); run scripts/airflow_stop.sh first" >&2
    exit 1
  fi
done

for name in api-server scheduler dag-processor triggerer; do
  # setsid: each component leads its own process group, so airflow_stop.sh ends it with its children
  setsid "$BIN/airflow" "$name" > "$AIRFLOW_HOME/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$RUN_DIR/$name.pid"
done

URL="http://$HOST:$PORT"
deadline=$(( $(date +%s) + WAIT ))
until "$BIN/python" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)" \
    "$URL/api/v2/monitor/health" 2>/dev/null; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "Airflow did not answer on $URL within ${WAIT}s; logs in $AIRFLOW_HOME/logs" >&2
    tail -n 20 "$AIRFLOW_HOME/logs/api-server.log" >&2 || true
    bash "$ROOT/scripts/airflow_stop.sh"
    exit 1
  fi
  sleep 2
done

if [ "${NEWSFLOW_UNPAUSE:-0}" = "1" ]; then
  # DAGs parsed before this setting was on stay paused: unpause them once they are known (bounded)
  for dag in news_ingest news_reprocess news_maintenance; do
    for _ in 1 2 3 4 5 6; do
      "$BIN/airflow" dags unpause "$dag" > /dev/null 2>&1 && break
      sleep 5
    done
  done
  PAUSED="unpaused"
else
  PAUSED="paused (NEWSFLOW_UNPAUSE=1 unpauses them)"
fi

USER_NAME="$("$BIN/python" -c "import json, sys; print(next(iter(json.load(open(sys.argv[1])))))" "$PASSWORDS")"
USER_PASS="$("$BIN/python" -c "import json, sys; print(next(iter(json.load(open(sys.argv[1]).values()))))" "$PASSWORDS")"
echo "Airflow is up: $URL"
echo "Login: $USER_NAME / $USER_PASS   (from $PASSWORDS)"
echo "DAGs: $PAUSED"
echo "Logs: $AIRFLOW_HOME/logs/{api-server,scheduler,dag-processor,triggerer}.log   pids: $RUN_DIR"
echo "Stop: AIRFLOW_HOME=$AIRFLOW_HOME bash scripts/airflow_stop.sh"
