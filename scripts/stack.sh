#!/usr/bin/env bash
# The local stack without Docker: Apache Kafka from Maven Central run with Java,
# the machine's MySQL/MariaDB, and MailDev catching the notifier's mails
# (scripts/stack/maildev.sh: SMTP 127.0.0.1:1025, web page http://127.0.0.1:1080).
# `up` is safe to run again at any time.
#
#   stack.sh up | down | status [--brokers 1|3] [--with-monitoring] [--with-logs]
#
# --brokers 3: the three-node cluster of scripts/kafka/cluster.sh (127.0.0.1:
# 19092,19094,19096) instead of the single broker, topics with 3 replicas and
# min.insync.replicas=2. Point the apps at it with
# KAFKA_BROKERS=127.0.0.1:19092,127.0.0.1:19094,127.0.0.1:19096 TOPIC_REPLICATION_FACTOR=3.
# The single broker and the cluster are independent: each command acts on one.
#
# --with-monitoring (up): also Prometheus on 127.0.0.1:9090 (Debian's package,
# installed if missing) with ops/prometheus/prometheus.yml and its alert rules;
# see scripts/monitoring/prometheus.sh. status reports it and down stops it
# whenever it runs.
#
# --with-logs (up): also OpenSearch on 127.0.0.1:9200, the log store of
# apps/log-sink, `npm run trace` and `npm run logs` (fetched from Maven
# Central, run as an unprivileged user; see scripts/logs/opensearch.sh).
# status reports it and down stops it whenever it runs.
#
# Env: MYSQL_URL and KAFKA_BROKERS (defaults in libs/config), KAFKA_PORT (9092),
#      TOPIC_PARTITIONS (12), TOPIC_REPLICATION_FACTOR (1, or 3 with --brokers 3).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
command="${1:-}"; shift || true
brokers=1
monitoring=0
logs=0
while (( $# > 0 )); do
  case "$1" in
    --with-monitoring) monitoring=1; shift ;;
    --with-logs) logs=1; shift ;;
    --brokers) brokers="${2:-}"; shift 2 || true ;;
    --brokers=*) brokers="${1#--brokers=}"; shift ;;
    *) echo "unknown option $1 (stack.sh up | down | status [--brokers 1|3] [--with-monitoring] [--with-logs])" >&2; exit 2 ;;
  esac
done
case "$brokers" in
  1) kafka=(bash scripts/kafka/kafka.sh) ;;
  3) kafka=(bash scripts/kafka/cluster.sh)
     KAFKA_BROKERS="${KAFKA_BROKERS:-$(bash scripts/kafka/cluster.sh brokers)}"
     export TOPIC_REPLICATION_FACTOR="${TOPIC_REPLICATION_FACTOR:-3}" ;;
  *) echo "--brokers must be 1 or 3, got '$brokers'" >&2; exit 2 ;;
esac
# A broker on another port than kafka.sh's default is where the apps must look.
if [[ -n "${KAFKA_PORT:-}" ]]; then export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}"; fi
[[ -n "${KAFKA_BROKERS:-}" ]] && export KAFKA_BROKERS
ts_node=(node -r ./scripts/register.js)

mysql_host() { "${ts_node[@]}" scripts/stack/provision.ts --mysql-address; }

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# Starts the local server only when MYSQL_URL points at this machine and
# nothing answers there; a remote server is the user's to run.
ensure_mysql() {
  read -r host port < <(mysql_host)
  if port_open "$host" "$port"; then return; fi
  local daemon
  daemon="$(command -v mariadbd || command -v mysqld || ls /usr/sbin/mariadbd /usr/sbin/mysqld 2>/dev/null | head -n1 || true)"
  if [[ "$host" != 127.0.0.1 && "$host" != localhost ]] || [[ -z "$daemon" ]]; then
    echo "nothing answers at $host:$port (MYSQL_URL). Start a MySQL 8 / MariaDB 10.6+ server there," >&2
    echo "or install one locally (e.g. apt-get install mariadb-server) and run this again." >&2
    exit 1
  fi
  echo "starting local $(basename "$daemon")..."
  start-stop-daemon --start --oknodo --background --exec "$daemon" 2>/dev/null ||
    (nohup "$daemon" >/dev/null 2>&1 &)
  for _ in $(seq 1 60); do port_open "$host" "$port" && return; sleep 0.5; done
  echo "$(basename "$daemon") did not open $host:$port within 30 s; see its error log" >&2
  exit 1
}

case "$command" in
  up)
    bash scripts/ensure-deps.sh
    # Debian's wrk, the load generator of npm run bench:intake.
    bash scripts/bench/ensure-wrk.sh
    ensure_mysql
    "${kafka[@]}" up
    "${ts_node[@]}" scripts/stack/provision.ts
    if ((monitoring)); then bash scripts/monitoring/prometheus.sh up; fi
    if ((logs)); then bash scripts/logs/opensearch.sh up; fi
    bash scripts/stack/maildev.sh up
    ;;
  down)
    # MySQL is shared with whatever else runs on the machine: leave it running.
    bash scripts/monitoring/prometheus.sh down
    bash scripts/logs/opensearch.sh down
    "${kafka[@]}" down
    bash scripts/stack/maildev.sh down
    ;;
  status)
    rc=0
    "${kafka[@]}" status || rc=1
    # Not running is fine (monitoring is optional); running but not answering is not.
    prometheus_rc=0
    bash scripts/monitoring/prometheus.sh status || prometheus_rc=$?
    ((prometheus_rc == 1)) && rc=1
    opensearch_rc=0
    bash scripts/logs/opensearch.sh status || opensearch_rc=$?
    ((opensearch_rc == 1)) && rc=1
    bash scripts/stack/maildev.sh status || rc=1
    if [[ -d node_modules ]]; then "${ts_node[@]}" scripts/stack/provision.ts --status || rc=1
    else echo "node modules not installed (run npm run stack:up)"; rc=1; fi
    exit $rc
    ;;
  *)
    echo "usage: stack.sh up | down | status [--brokers 1|3] [--with-monitoring] [--with-logs]" >&2
    exit 2
    ;;
esac
