#!/usr/bin/env bash
# Prometheus for the local stack, no Docker: Debian's prometheus (installed by
# ensure-prometheus.sh when missing) with the repo's ops/prometheus/prometheus.yml
# and alert rules, scraping intake on 3000, fulfillment on 3001 and the log-sink on 3003. State (the
# TSDB, pid, log) lives in <repo>/.stack/prometheus (git-ignored).
#
#   prometheus.sh up | down | status
#
# Env: PROMETHEUS_PORT (9090), PROMETHEUS_STATE_DIR (<repo>/.stack/prometheus),
#      PROMETHEUS_PATH (/usr/bin/prometheus), PROMETHEUS_CONFIG (the repo's
#      ops/prometheus/prometheus.yml; the monitoring spec points it at a copy
#      whose targets are the apps it started).
# status exits 0 = ready, 1 = running but not answering, 3 = not running.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
STATE="${PROMETHEUS_STATE_DIR:-$ROOT/.stack/prometheus}"
PID_FILE="$STATE/prometheus.pid"
PORT="${PROMETHEUS_PORT:-9090}"
ADDRESS="127.0.0.1:$PORT"
PROMETHEUS="${PROMETHEUS_PATH:-/usr/bin/prometheus}"
CONFIG="${PROMETHEUS_CONFIG:-$ROOT/ops/prometheus/prometheus.yml}"

running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid; pid="$(cat "$PID_FILE")"
  kill -0 "$pid" 2>/dev/null && [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == prometheus* ]] || return 1
  echo "$pid"
}

ready() {
  node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
    "http://$ADDRESS/-/ready"
}

up() {
  if running_pid >/dev/null; then
    echo "prometheus already running on $ADDRESS (pid $(running_pid))"
    return
  fi
  bash "$HERE/ensure-prometheus.sh"
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    # Debian's package starts its own service on 9090 on a host with systemd.
    echo "something else listens on $ADDRESS (Debian's prometheus service? systemctl stop prometheus)," >&2
    echo "or set PROMETHEUS_PORT" >&2
    exit 1
  fi
  mkdir -p "$STATE/data"
  "$PROMETHEUS" --config.file="$CONFIG" --storage.tsdb.path="$STATE/data" \
    --web.listen-address="$ADDRESS" --storage.tsdb.retention.time=15d >>"$STATE/prometheus.log" 2>&1 &
  echo $! >"$PID_FILE"
  for _ in $(seq 1 60); do
    if ready; then
      echo "prometheus ready on http://$ADDRESS (config $CONFIG)"
      return
    fi
    running_pid >/dev/null || { tail -n 20 "$STATE/prometheus.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "prometheus did not answer on $ADDRESS within 30 s; see $STATE/prometheus.log" >&2
  exit 1
}

down() {
  local pid
  if ! pid="$(running_pid)"; then
    echo "prometheus not running"
    rm -f "$PID_FILE"
    return
  fi
  kill "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  rm -f "$PID_FILE"
  echo "prometheus stopped"
}

status() {
  if ! running_pid >/dev/null; then
    echo "prometheus not running (npm run stack:up -- --with-monitoring)"
    return 3
  fi
  if ready; then
    echo "prometheus ready on http://$ADDRESS (pid $(running_pid))"
  else
    echo "prometheus running (pid $(running_pid)) but not answering on $ADDRESS"
    return 1
  fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: prometheus.sh up | down | status" >&2; exit 2 ;;
esac
