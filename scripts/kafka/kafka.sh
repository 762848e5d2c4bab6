#!/usr/bin/env bash
# Local single-node Apache Kafka (KRaft, broker+controller in one JVM), no Docker.
# Jars come from Maven Central via scripts/kafka/pom.xml; all state lives in
# <repo>/.stack/kafka (git-ignored).
#
#   kafka.sh fetch | up | start | wait | down | status | reset | topics <TopicCommand args...>
#
# Env: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093),
#      KAFKA_START_TIMEOUT (90 s), KAFKA_STOP_TIMEOUT (30 s).
# For one node of a cluster (scripts/kafka/cluster.sh) or a second broker on
# other ports (the drills): KAFKA_STATE_DIR (<repo>/.stack/kafka; the jars stay
# there), KAFKA_NODE_ID (1), KAFKA_QUORUM_VOTERS (unset = this node alone, a
# dynamic quorum; "1@host:port,2@..." = a static quorum whose internal topics
# get 3 replicas and min ISR 2), KAFKA_CLUSTER_ID_FILE, KAFKA_HEAP (-Xms512m -Xmx1g).
# up = start + wait. status exits 0 = ready, 1 = running but not answering yet, 3 = not running.
set -euo pipefail

# Absolute paths from the script location so it works from any cwd.
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
LIBS="$ROOT/.stack/kafka/libs"
STACK="${KAFKA_STATE_DIR:-$ROOT/.stack/kafka}"
CONF="$STACK/config" DATA="$STACK/data" LOGS="$STACK/logs"
PID_FILE="$STACK/kafka.pid" CLUSTER_ID_FILE="${KAFKA_CLUSTER_ID_FILE:-$STACK/cluster-id}"
NODE_ID="${KAFKA_NODE_ID:-1}"
VOTERS="${KAFKA_QUORUM_VOTERS:-}"
read -r -a HEAP <<<"${KAFKA_HEAP:--Xms512m -Xmx1g}"
POM="$HERE/pom.xml"
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
BOOTSTRAP="127.0.0.1:$PORT"
VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$POM")"

# Short-lived CLI JVMs: small heap, C1 only and serial GC start faster and
# don't fight the broker for the 2 cores while we poll for readiness.
TOOL_JAVA=(java -Xms32m -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC
  -Djava.awt.headless=true -cp "$LIBS/*")

now() { date +%s%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", (b - a) / 1e9 }'; }

# Marker = version + pom hash, so bumping the version (or any dependency) re-fetches.
marker() { echo "kafka=$VERSION pom=$(sha256sum "$POM" | cut -c1-16)"; }

fetch() {
  if [[ -f "$LIBS/.fetched" && "$(cat "$LIBS/.fetched")" == "$(marker)" ]]; then
    echo "kafka $VERSION jars already in $LIBS"
    return
  fi
  local t0; t0=$(now)
  # Copy into a temp dir and swap, so an interrupted fetch never looks complete.
  # Maven 3.8 emits stray ANSI codes even with -q: keep its output in a log, show it on failure.
  rm -rf "$LIBS.tmp" && mkdir -p "$(dirname "$LIBS")"
  mvn -q -B -f "$POM" dependency:copy-dependencies -DoutputDirectory="$LIBS.tmp" \
    -DincludeScope=runtime >"$ROOT/.stack/kafka/fetch.log" 2>&1 || { cat "$ROOT/.stack/kafka/fetch.log" >&2; exit 1; }
  marker >"$LIBS.tmp/.fetched"
  rm -rf "$LIBS" && mv "$LIBS.tmp" "$LIBS"
  echo "fetched kafka $VERSION ($(ls "$LIBS"/*.jar | wc -l) jars) into $LIBS in $(elapsed "$t0")"
}

# Pid of our broker: the pid file if it still points at kafka.Kafka (guards
# against pid reuse), else a JVM started with exactly our config path (pid file lost).
broker_pid() {
  local pid
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  if [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'kafka\.Kafka '; then
    echo "$pid"; return
  fi
  pgrep -f "kafka\.Kafka $CONF/server\.properties" 2>/dev/null | head -n1 || true
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Ready = the broker answers an admin (Metadata) request. A bare TCP connect is
# not enough: the listener socket is bound before the broker is unfenced.
ready() {
  port_open "$PORT" || return 1
  timeout 20 "${TOOL_JAVA[@]}" org.apache.kafka.tools.TopicCommand \
    --bootstrap-server "$BOOTSTRAP" --command-config "$CONF/tools.properties" \
    --list >/dev/null 2>&1
}

# Alone: a dynamic quorum of this node. With KAFKA_QUORUM_VOTERS: a static
# quorum of three nodes, replicated internal topics, RF 3 / min ISR 2 by default.
quorum_config() {
  if [[ -z "$VOTERS" ]]; then
    cat <<EOF
controller.quorum.bootstrap.servers=127.0.0.1:$CONTROLLER_PORT
log.dirs=$DATA
# Single node: every internal topic must live with replication factor 1.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
EOF
  else
    cat <<EOF
controller.quorum.voters=$VOTERS
log.dirs=$DATA
# Three nodes: internal topics on every node, two of which must acknowledge,
# so one node can die without losing a committed offset.
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
share.coordinator.state.topic.replication.factor=3
share.coordinator.state.topic.min.isr=2
default.replication.factor=3
min.insync.replicas=2
# A node killed with SIGKILL is fenced, and its partitions get new leaders,
# after this long without a heartbeat (default 9 s).
broker.session.timeout.ms=4000
broker.heartbeat.interval.ms=1000
EOF
  fi
}

write_config() {
  mkdir -p "$CONF" "$DATA" "$LOGS"
  cat >"$CONF/server.properties" <<EOF
# Generated by scripts/kafka/kafka.sh on every start; edit the script, not this file.
process.roles=broker,controller
node.id=$NODE_ID
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
$(quorum_config)
# Dev speed: consumers join groups without the 3 s initial delay.
group.initial.rebalance.delay.ms=0
num.partitions=1
# Topics must be created explicitly, so typos fail loudly instead of creating topics.
auto.create.topics.enable=false
log.retention.hours=72
EOF
  # Admin-client timeouts for the CLI: fail fast while the broker is starting
  # instead of retrying for the default 60 s.
  cat >"$CONF/tools.properties" <<EOF
request.timeout.ms=5000
default.api.timeout.ms=8000
EOF
}

format_storage() {
  [[ -f "$DATA/meta.properties" ]] && return   # already formatted: keep data
  [[ -s "$CLUSTER_ID_FILE" ]] ||
    "${TOOL_JAVA[@]}" kafka.tools.StorageTool random-uuid >"$CLUSTER_ID_FILE"
  # --standalone: a dynamic (KIP-853) quorum with this node as its only voter;
  # with KAFKA_QUORUM_VOTERS the voters are static and in the config already.
  local quorum=(--standalone); [[ -n "$VOTERS" ]] && quorum=()
  "${TOOL_JAVA[@]}" kafka.tools.StorageTool format "${quorum[@]}" \
    -t "$(cat "$CLUSTER_ID_FILE")" -c "$CONF/server.properties" >"$LOGS/format.log" 2>&1 ||
    { cat "$LOGS/format.log"; exit 1; }
  echo "formatted $DATA (cluster id $(cat "$CLUSTER_ID_FILE"))"
}

show_log() {
  echo "--- last 30 lines of $LOGS/server.log ---"
  tail -n 30 "$LOGS/server.log" 2>/dev/null || true
  # The tail is often a config dump logged during shutdown; the cause is in the ERROR lines.
  echo "--- last ERROR lines ---"
  grep -E '^\[[^]]*\] (ERROR|FATAL) ' "$LOGS/server.log" 2>/dev/null | tail -n 5 || true
  # JVM-level failures (bad flag, OOM, missing class) land in stdout.log instead.
  [[ -s "$LOGS/stdout.log" ]] && { echo "--- $LOGS/stdout.log ---"; tail -n 30 "$LOGS/stdout.log"; }
  return 0
}

# Launches the JVM unless ours already runs; does not wait for it to answer
# (a cluster node cannot answer before a majority of its quorum is up).
start() {
  local pid; pid="$(broker_pid)"
  if [[ -z "$pid" ]]; then
    for p in "$PORT" "$CONTROLLER_PORT"; do
      port_open "$p" && { echo "port $p is taken by another process" >&2; exit 1; }
    done
    write_config
    format_storage
    # Fresh server.log per run, so a startup failure shows this run's errors only.
    [[ -f "$LOGS/server.log" ]] && mv -f "$LOGS/server.log" "$LOGS/server.log.prev"
    rm -f "$PID_FILE"   # a stale pid would be mistaken for the new one below
    # setsid: own session, so the broker survives this shell / CI step ending.
    # bash -c writes its own pid and then execs java, so the pid file is the JVM.
    setsid bash -c 'echo $$ >"$0"; exec "$@"' "$PID_FILE" \
      java "${HEAP[@]}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
      -Djava.awt.headless=true \
      -Dlog4j2.configurationFile="$HERE/log4j2.yaml" -Dkafka.logs.dir="$LOGS" \
      -cp "$LIBS/*" kafka.Kafka "$CONF/server.properties" \
      >"$LOGS/stdout.log" 2>&1 </dev/null &
    for (( i = 0; i < 50; i++ )); do [[ -s "$PID_FILE" ]] && break; sleep 0.1; done
    pid="$(cat "$PID_FILE" 2>/dev/null)" || { echo "kafka did not start" >&2; show_log >&2; exit 1; }
  fi
}

wait_ready() {
  local t0="$1" pid; pid="$(broker_pid)"
  [[ -n "$pid" ]] || { echo "kafka not running (data $DATA)" >&2; exit 1; }
  local timeout="${KAFKA_START_TIMEOUT:-90}" start=$SECONDS
  until ready; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "kafka (pid $pid) died during startup" >&2; show_log >&2; rm -f "$PID_FILE"; exit 1
    fi
    if (( SECONDS - start >= timeout )); then
      echo "kafka (pid $pid) not ready after ${timeout}s; left running, see below" >&2
      show_log >&2; exit 1
    fi
    sleep 1
  done
  echo "$pid" >"$PID_FILE"
  echo "kafka ready on $BOOTSTRAP (pid $pid, $(elapsed "$t0"))"
}

up() {
  fetch
  local pid t0; pid="$(broker_pid)"; t0=$(now)
  if [[ -n "$pid" ]] && ready; then
    echo "kafka already running on $BOOTSTRAP (pid $pid)"; return
  fi
  start
  wait_ready "$t0"
}

down() {
  local pid; pid="$(broker_pid)"
  if [[ -z "$pid" ]]; then echo "kafka not running"; rm -f "$PID_FILE"; return; fi
  local t0 limit; t0=$(now); limit=$(( ${KAFKA_STOP_TIMEOUT:-30} * 10 ))
  # SIGTERM = controlled shutdown (flushes logs, clean shutdown marker => fast next start).
  kill -TERM "$pid" 2>/dev/null || true
  for (( i = 0; i < limit; i++ )); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "kafka (pid $pid) ignored SIGTERM for ${KAFKA_STOP_TIMEOUT:-30}s, sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$PID_FILE"
  echo "kafka stopped (pid $pid, $(elapsed "$t0"))"
}

status() {
  local pid; pid="$(broker_pid)"
  if [[ -z "$pid" ]]; then
    echo "kafka stopped (port $PORT, data $DATA)"; exit 3
  elif ready; then
    echo "kafka running/ready (pid $pid, port $PORT, data $DATA)"
  else
    echo "kafka running/not ready (pid $pid, port $PORT, data $DATA)"; exit 1
  fi
}

case "${1:-}" in
  fetch) fetch ;;
  up) up ;;
  start) fetch; start ;;
  wait) wait_ready "$(now)" ;;
  down) down ;;
  status) status ;;
  reset) down; rm -rf "$DATA" "$CLUSTER_ID_FILE"; echo "kafka data and cluster id removed (jars kept)" ;;
  # Convenience: kafka.sh topics --create --topic t --partitions 3
  topics) shift; exec "${TOOL_JAVA[@]}" org.apache.kafka.tools.TopicCommand \
    --bootstrap-server "$BOOTSTRAP" --command-config "$CONF/tools.properties" "$@" ;;
  *) echo "usage: $0 fetch|up|start|wait|down|status|reset|topics <args>" >&2; exit 2 ;;
esac
