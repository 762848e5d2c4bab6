#!/usr/bin/env bash
# A local three-node Apache Kafka cluster (KRaft, each node broker+controller,
# static quorum), no Docker: three kafka.sh nodes on 127.0.0.1 with their own
# ports and data dirs under <repo>/.stack/kafka-cluster/node-<id> (git-ignored).
# Internal topics have 3 replicas and min ISR 2; so does any topic created
# without saying otherwise.
#
#   cluster.sh up | down | status | reset | brokers
#   cluster.sh start-node N | stop-node N | kill-node N | node-pid N
#
# Env: KAFKA_CLUSTER_BASE_PORT (19092): node N listens on BASE+2(N-1) for
#      clients and the next port for the quorum (19092/19093, 19094/19095,
#      19096/19097); KAFKA_CLUSTER_HEAP (-Xms256m -Xmx512m per node);
#      KAFKA_START_TIMEOUT, KAFKA_STOP_TIMEOUT as for kafka.sh.
# status exits 0 = all three ready, 1 = some running but not ready, 3 = none running.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
STATE="$ROOT/.stack/kafka-cluster"
BASE="${KAFKA_CLUSTER_BASE_PORT:-19092}"
NODES=(1 2 3)

client_port() { echo $(( BASE + 2 * ($1 - 1) )); }
controller_port() { echo $(( BASE + 2 * ($1 - 1) + 1 )); }
voters() {
  local n out=()
  for n in "${NODES[@]}"; do out+=("$n@127.0.0.1:$(controller_port "$n")"); done
  (IFS=,; echo "${out[*]}")
}
brokers() {
  local n out=()
  for n in "${NODES[@]}"; do out+=("127.0.0.1:$(client_port "$n")"); done
  (IFS=,; echo "${out[*]}")
}

# kafka.sh for node N: same jars, its own ports, data dir and node id, one cluster id.
node() {
  local n="$1"; shift
  mkdir -p "$STATE"
  KAFKA_STATE_DIR="$STATE/node-$n" KAFKA_NODE_ID="$n" KAFKA_QUORUM_VOTERS="$(voters)" \
    KAFKA_CLUSTER_ID_FILE="$STATE/cluster-id" KAFKA_PORT="$(client_port "$n")" \
    KAFKA_CONTROLLER_PORT="$(controller_port "$n")" KAFKA_HEAP="${KAFKA_CLUSTER_HEAP:--Xms256m -Xmx512m}" \
    bash "$HERE/kafka.sh" "$@"
}

node_pid() { cat "$STATE/node-$1/kafka.pid" 2>/dev/null || true; }

check_node() {
  [[ " ${NODES[*]} " == *" $1 "* ]] || { echo "no node $1 (nodes are ${NODES[*]})" >&2; exit 2; }
}

up() {
  bash "$HERE/kafka.sh" fetch
  # All three first: none is ready before a majority of the quorum runs.
  for n in "${NODES[@]}"; do node "$n" start; done
  for n in "${NODES[@]}"; do node "$n" wait; done
  echo "kafka cluster ready: $(brokers)"
}

down() {
  # All at once: each node's controlled shutdown needs an active controller,
  # which the last node of a sequential stop no longer has (no majority), so
  # it would hang until KAFKA_STOP_TIMEOUT and be killed.
  local pids=() rc=0
  for n in "${NODES[@]}"; do node "$n" down & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid" || rc=1; done
  return $rc
}

status() {
  local rc running=0 ready=0
  for n in "${NODES[@]}"; do
    rc=0; node "$n" status || rc=$?
    (( rc != 3 )) && running=$((running + 1))
    (( rc == 0 )) && ready=$((ready + 1))
  done
  (( ready == ${#NODES[@]} )) && return 0
  (( running == 0 )) && return 3
  return 1
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  reset) down; rm -rf "$STATE"; echo "kafka cluster data removed (jars kept)" ;;
  brokers) brokers ;;
  start-node) check_node "${2:-}"; node "$2" start; node "$2" wait ;;
  stop-node) check_node "${2:-}"; node "$2" down ;;
  # The drills' broker failure: no controlled shutdown, no flush.
  kill-node) check_node "${2:-}"; pid="$(node_pid "$2")"
    [[ -n "$pid" ]] && kill -KILL "$pid" 2>/dev/null && echo "killed node $2 (pid $pid)" || echo "node $2 not running" ;;
  node-pid) check_node "${2:-}"; node_pid "$2" ;;
  *) echo "usage: $0 up|down|status|reset|brokers|start-node N|stop-node N|kill-node N|node-pid N" >&2; exit 2 ;;
esac
