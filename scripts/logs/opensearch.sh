#!/usr/bin/env bash
# Local single-node OpenSearch, the log store apps/log-sink writes and
# `npm run trace` / `npm run logs` read. No Docker: the integ-test distribution
# comes from Maven Central through scripts/logs/pom.xml and runs on the
# machine's Java 17+. OpenSearch refuses to run as root, so when started by
# root the script creates a system user (OPENSEARCH_USER) and runs it as that
# user. State lives in <repo>/.stack/opensearch (git-ignored; under /var/lib
# when that user cannot reach the repository): dist/ the unpacked
# distribution, node/ the config, data, logs and pid the user owns.
#
#   opensearch.sh fetch | up | down | status | reset
#
# Env: OPENSEARCH_PORT (9200), OPENSEARCH_TRANSPORT_PORT (9300), both on
#      127.0.0.1; OPENSEARCH_HEAP (256m); OPENSEARCH_USER (surge-opensearch);
#      OPENSEARCH_STATE_DIR (<repo>/.stack/opensearch);
#      OPENSEARCH_NODE_DIR (node): the node's directory in the state dir; a
#      second node on other ports (the log-store-outage drill) takes another
#      and runs the same distribution, fetched once;
#      OPENSEARCH_START_TIMEOUT (90 s); OPENSEARCH_JAVA_HOME (the java on PATH).
# up = fetch + start + wait; reset = down + remove the node's directory.
# status exits 0 = ready, 1 = running but not answering, 3 = not running.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
POM="$HERE/pom.xml"
VERSION="$(sed -n 's:.*<opensearch.version>\(.*\)</opensearch.version>.*:\1:p' "$POM")"
PORT="${OPENSEARCH_PORT:-9200}"
TRANSPORT_PORT="${OPENSEARCH_TRANSPORT_PORT:-9300}"
HEAP="${OPENSEARCH_HEAP:-256m}"
RUN_AS="${OPENSEARCH_USER:-surge-opensearch}"
URL="http://127.0.0.1:$PORT"

NODE_DIR="${OPENSEARCH_NODE_DIR:-node}"
[[ "$NODE_DIR" =~ ^[A-Za-z0-9_-]+$ && "$NODE_DIR" != dist ]] ||
  { echo "OPENSEARCH_NODE_DIR must be a plain directory name other than dist, got '$NODE_DIR'" >&2; exit 2; }

AS_USER=()
((EUID == 0)) && AS_USER=(setpriv --reuid="$RUN_AS" --regid="$RUN_AS" --init-groups)

# Where the distribution and the node live: <repo>/.stack/opensearch, unless
# the unprivileged user cannot reach the repository (a clone under /root,
# whose mode is 700): then a directory of its own under /var/lib, named after
# the repository's path so two clones never share one. Every command resolves
# it the same way, so status and down find what up started.
state_dir() {
  if [[ -n "${OPENSEARCH_STATE_DIR:-}" ]]; then echo "$OPENSEARCH_STATE_DIR"; return; fi
  if ((EUID == 0)) && id -u "$RUN_AS" >/dev/null 2>&1 && ! "${AS_USER[@]}" test -x "$ROOT"; then
    echo "/var/lib/surge-opensearch/$(echo "$ROOT" | sha256sum | cut -c1-12)"
    return
  fi
  echo "$ROOT/.stack/opensearch"
}

set_state() {
  STATE="$(state_dir)"
  # The physical path: the running node keeps writing there even when .stack is
  # a symlink that later goes away.
  mkdir -p "$STATE" && STATE="$(cd "$STATE" && pwd -P)"
  DIST="$STATE/dist"
  HOME_DIR="$DIST/opensearch-$VERSION"
  NODE="$STATE/$NODE_DIR"
  PID_FILE="$NODE/opensearch.pid"
}
set_state

now() { date +%s%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", (b - a) / 1e9 }'; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Marker = version + pom hash, so bumping the version re-fetches.
marker() { echo "opensearch=$VERSION pom=$(sha256sum "$POM" | cut -c1-16)"; }

fetch() {
  if [[ -f "$DIST/.fetched" && "$(cat "$DIST/.fetched")" == "$(marker)" ]]; then
    echo "opensearch $VERSION already in $DIST"
    return
  fi
  local t0; t0=$(now)
  # Unpack into a temp dir and swap, so an interrupted fetch never looks complete.
  # The plugin skips an artifact its markers say it unpacked already: keep
  # them beside the temp dir, not in a target/ next to the pom.
  rm -rf "$DIST.tmp" "$STATE/markers" && mkdir -p "$STATE"
  mvn -q -B -f "$POM" dependency:unpack-dependencies -DoutputDirectory="$DIST.tmp" \
    -DmarkersDirectory="$STATE/markers" -DexcludeTransitive=true >"$STATE/fetch.log" 2>&1 || { cat "$STATE/fetch.log" >&2; exit 1; }
  [[ -f "$DIST.tmp/opensearch-$VERSION/bin/opensearch" ]] ||
    { echo "the fetched distribution has no opensearch-$VERSION/bin/opensearch" >&2; exit 1; }
  # Maven's unpack drops the zip's file modes: the launchers must run, and
  # everything must be readable by the unprivileged user.
  chmod -R a+rX "$DIST.tmp" && chmod a+x "$DIST.tmp/opensearch-$VERSION"/bin/*
  marker >"$DIST.tmp/.fetched"
  rm -rf "$DIST" && mv "$DIST.tmp" "$DIST"
  echo "fetched opensearch $VERSION into $DIST in $(elapsed "$t0")"
}

# Root runs the node as RUN_AS (created here once); anyone else runs it as themselves.
ensure_user() {
  ((EUID == 0)) || return 0
  id -u "$RUN_AS" >/dev/null 2>&1 && return 0
  useradd --system --user-group --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin "$RUN_AS"
  echo "created system user $RUN_AS to run opensearch (it refuses root)"
}

java_home() {
  if [[ -n "${OPENSEARCH_JAVA_HOME:-}" ]]; then echo "$OPENSEARCH_JAVA_HOME"; return; fi
  local java; java="$(command -v java)" || { echo "opensearch needs Java 17+ on PATH" >&2; exit 1; }
  dirname "$(dirname "$(readlink -f "$java")")"
}

write_config() {
  mkdir -p "$NODE/config/jvm.options.d" "$NODE/data" "$NODE/logs"
  cp "$HOME_DIR/config/log4j2.properties" "$NODE/config/"
  # Its launcher runs from the distribution's directory, which the user cannot
  # write: gc.log, error files and heap dumps go to the node's own directories.
  sed -e "s|file=logs/|file=$NODE/logs/|; s|ErrorFile=logs/|ErrorFile=$NODE/logs/|; s|HeapDumpPath=data|HeapDumpPath=$NODE/data|" \
    "$HOME_DIR/config/jvm.options" >"$NODE/config/jvm.options"
  # Files in jvm.options.d come after jvm.options, so this heap wins over its 1g.
  printf -- '-Xms%s\n-Xmx%s\n' "$HEAP" "$HEAP" >"$NODE/config/jvm.options.d/heap.options"
  cat >"$NODE/config/opensearch.yml" <<YML
# Generated by scripts/logs/opensearch.sh on every start; edit the script, not this file.
cluster.name: surge-logs
node.name: surge-logs-1
path.data: $NODE/data
path.logs: $NODE/logs
network.host: 127.0.0.1
http.port: $PORT
transport.port: $TRANSPORT_PORT
# One node: no discovery, and the single-node bootstrap checks only.
discovery.type: single-node
# A shared dev disk is often past the 90 % watermark; the log store must keep
# writing there rather than turn its indices read-only.
cluster.routing.allocation.disk.threshold_enabled: false
YML
  if ((EUID == 0)); then chown -R "$RUN_AS:$RUN_AS" "$NODE"; fi
  # The user must reach the distribution and its own directory through every parent.
  "${AS_USER[@]}" test -x "$HOME_DIR/bin/opensearch" -a -w "$NODE/data" || {
    echo "user $RUN_AS cannot reach $STATE (a parent directory without o+x?);" >&2
    echo "set OPENSEARCH_STATE_DIR to a directory it can reach" >&2
    exit 1
  }
}

running_pid() {
  local pid; pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] &&
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'org\.opensearch\.bootstrap\.OpenSearch' || return 1
  echo "$pid"
}

ready() {
  node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
    "$URL/_cluster/health?wait_for_status=yellow&timeout=1s"
}

show_log() {
  echo "--- last 30 lines of $NODE/logs/surge-logs.log ---"
  tail -n 30 "$NODE/logs/surge-logs.log" 2>/dev/null || true
  [[ -s "$NODE/logs/stdout.log" ]] && { echo "--- $NODE/logs/stdout.log ---"; tail -n 30 "$NODE/logs/stdout.log"; }
  return 0
}

up() {
  # The user first: whether it can reach the repository decides where the node lives.
  ensure_user
  set_state
  fetch
  local pid t0; t0=$(now)
  if pid="$(running_pid)" && ready; then
    echo "opensearch already running on $URL (pid $pid)"
    return
  fi
  local launched=""
  if [[ -z "${pid:-}" ]]; then
    for p in "$PORT" "$TRANSPORT_PORT"; do
      port_open "$p" && { echo "port $p is taken by another process (OPENSEARCH_PORT / OPENSEARCH_TRANSPORT_PORT)" >&2; exit 1; }
    done
    write_config
    rm -f "$PID_FILE"
    # setsid: own session, so the node survives this shell or CI step
    # ending; setpriv and the launcher exec, so $! is the JVM.
    export OPENSEARCH_JAVA_HOME OPENSEARCH_PATH_CONF="$NODE/config" HOME="$NODE"
    OPENSEARCH_JAVA_HOME="$(java_home)"
    setsid "${AS_USER[@]}" "$HOME_DIR/bin/opensearch" -p "$PID_FILE" >"$NODE/logs/stdout.log" 2>&1 </dev/null &
    launched=$!
  fi
  local timeout="${OPENSEARCH_START_TIMEOUT:-90}" start=$SECONDS
  until ready; do
    if [[ -n "$launched" ]] && ! kill -0 "$launched" 2>/dev/null; then
      echo "opensearch died during startup" >&2; show_log >&2; exit 1
    fi
    if ((SECONDS - start >= timeout)); then
      echo "opensearch not ready on $URL after ${timeout}s; left running, see below" >&2
      show_log >&2; exit 1
    fi
    sleep 1
  done
  echo "opensearch $VERSION ready on $URL (pid $(running_pid), $(elapsed "$t0"))"
}

down() {
  local pid
  if ! pid="$(running_pid)"; then echo "opensearch not running"; rm -f "$PID_FILE"; return; fi
  local t0; t0=$(now)
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "opensearch (pid $pid) ignored SIGTERM for 30 s, sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
  echo "opensearch stopped (pid $pid, $(elapsed "$t0"))"
}

# The node's config, data and logs go; the distribution stays for the next node.
reset() {
  down
  rm -rf "$NODE"
  echo "opensearch node directory removed ($NODE)"
}

status() {
  local pid
  if ! pid="$(running_pid)"; then
    echo "opensearch not running (npm run stack:up -- --with-logs)"
    return 3
  fi
  if ready; then
    echo "opensearch ready on $URL (pid $pid)"
  else
    echo "opensearch running (pid $pid) but not answering on $URL"
    return 1
  fi
}

case "${1:-}" in
  fetch) fetch ;;
  up) up ;;
  down) down ;;
  status) status ;;
  reset) reset ;;
  *) echo "usage: opensearch.sh fetch | up | down | status | reset" >&2; exit 2 ;;
esac
