#!/usr/bin/env bash
# Start, stop and check the orchestrator's own processes (the four services and the built-in
# drivers), in the background, with pids, logs and traces under $ORCH_HOME (default .orch/).
# Usage: scripts/services.sh start|stop|status
set -euo pipefail
cd "$(dirname "$0")/.."
ORCH_HOME="${ORCH_HOME:-$PWD/.orch}"
PY="${ORCH_PYTHON:-$PWD/.venv/bin/python}"
mkdir -p "$ORCH_HOME/pids" "$ORCH_HOME/logs" "$ORCH_HOME/traces"

export ORCH_POSTGRES__DSN="${ORCH_POSTGRES__DSN:-postgresql://orch:orch@127.0.0.1:${ORCH_PG_PORT:-55432}/orch}"
export ORCH_KAFKA__BOOTSTRAP_SERVERS="${ORCH_KAFKA__BOOTSTRAP_SERVERS:-127.0.0.1:${ORCH_KAFKA_PORT:-9092}}"
export OTEL_BSP_SCHEDULE_DELAY="${OTEL_BSP_SCHEDULE_DELAY:-500}"

# The key that seals secrets at rest, made once per installation and kept out of git.
KEYS_FILE="$ORCH_HOME/secret-keys.json"
if [ -z "${ORCH_SECRETS__KEYS:-}" ]; then
  if [ ! -s "$KEYS_FILE" ]; then
    (umask 077; "$PY" -c 'import json; from shared.crypto import generate_key; print(json.dumps({"k1": generate_key()}))' >"$KEYS_FILE")
  fi
  ORCH_SECRETS__KEYS="$(cat "$KEYS_FILE")"
  export ORCH_SECRETS__KEYS
fi

# name|module|health URL
SERVICES=(
  "driver-echo|orch_drivers.echo|"
  "api|orch_api.entrypoints.main|http://127.0.0.1:${ORCH_API_PORT:-8080}/readyz"
  "resolver|orch_resolver.entrypoints.main|http://127.0.0.1:8081/readyz"
  "deployer|orch_deployer.entrypoints.main|http://127.0.0.1:8082/readyz"
  "driver-gateway|orch_gateway.entrypoints.main|http://127.0.0.1:8083/readyz"
)

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start_one() {
  local name=$1 module=$2 pidfile="$ORCH_HOME/pids/$1.pid"
  if running "$pidfile"; then echo "$name: already running (pid $(cat "$pidfile"))"; return; fi
  ORCH_TELEMETRY__TRACES_FILE="$ORCH_HOME/traces/$name.jsonl" \
    nohup setsid "$PY" -m "$module" >>"$ORCH_HOME/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  echo "$name: started (pid $!)"
}

wait_ready() {
  local name=$1 url=$2 deadline=$((SECONDS + 60))
  [ -n "$url" ] || return 0
  until "$PY" -c "import sys,urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$url" 2>/dev/null; do
    if ! running "$ORCH_HOME/pids/$name.pid"; then
      echo "$name: exited; last log lines:" >&2; tail -n 30 "$ORCH_HOME/logs/$name.log" >&2; return 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "$name: not ready after 60 s; last log lines:" >&2; tail -n 30 "$ORCH_HOME/logs/$name.log" >&2; return 1
    fi
    sleep 0.3
  done
  echo "$name: ready ($url)"
}

stop_one() {
  local name=$1 pidfile="$ORCH_HOME/pids/$1.pid"
  if ! running "$pidfile"; then rm -f "$pidfile"; echo "$name: not running"; return; fi
  local pid; pid=$(cat "$pidfile")
  kill -TERM "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; echo "$name: killed"; else echo "$name: stopped"; fi
  rm -f "$pidfile"
}

case "${1:-}" in
  start)
    for s in "${SERVICES[@]}"; do IFS='|' read -r n m _ <<<"$s"; start_one "$n" "$m"; done
    for s in "${SERVICES[@]}"; do IFS='|' read -r n _ u <<<"$s"; wait_ready "$n" "$u"; done ;;
  stop)
    for ((i=${#SERVICES[@]}-1; i>=0; i--)); do IFS='|' read -r n _ _ <<<"${SERVICES[$i]}"; stop_one "$n"; done ;;
  status)
    rc=0
    for s in "${SERVICES[@]}"; do
      IFS='|' read -r n _ _ <<<"$s"
      if running "$ORCH_HOME/pids/$n.pid"; then echo "$n: running (pid $(cat "$ORCH_HOME/pids/$n.pid"))"; else echo "$n: stopped"; rc=3; fi
    done
    exit $rc ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
