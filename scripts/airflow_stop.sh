#!/usr/bin/env bash
# Stop the Airflow components started by airflow_start.sh: SIGTERM each process group, SIGKILL after a grace period.
set -uo pipefail
: "${AIRFLOW_HOME:?AIRFLOW_HOME must be set (the Makefile sets it)}"
RUN_DIR="$AIRFLOW_HOME/run"
GRACE="${AIRFLOW_STOP_GRACE:-20}"
shopt -s nullglob
pids=()
for pidfile in "$RUN_DIR"/*.pid; do
  pid="$(cat "$pidfile")"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || true
    pids+=("$pid")
    echo "stopping $(basename "$pidfile" .pid) (process group $pid)"
  fi
done
deadline=$(( $(date +%s) + GRACE ))
for pid in "${pids[@]}"; do
  while kill -0 "$pid" 2>/dev/null && [ "$(date +%s)" -lt "$deadline" ]; do sleep 1; done
done
for pid in "${pids[@]}"; do
  # whatever is left of the group (task runners, gunicorn/uvicorn workers) goes now
  kill -KILL -- "-$pid" 2>/dev/null || true
done
rm -f "$RUN_DIR"/*.pid
echo "Airflow stopped"
