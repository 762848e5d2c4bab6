#!/usr/bin/env bash
# The local stack without Docker: Apache Kafka from Maven Central run with Java,
# and the machine's MySQL/MariaDB. `up` is safe to run again at any time.
#
#   stack.sh up | down | status
#
# Env: MYSQL_URL (mysql://root@127.0.0.1:3306/surge), KAFKA_PORT (9092),
#      TOPIC_PARTITIONS (12), TOPIC_REPLICATION_FACTOR (1).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export MYSQL_URL="${MYSQL_URL:-mysql://root@127.0.0.1:3306/surge}"
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:${KAFKA_PORT:-9092}}"
ts_node=(node -r ./scripts/register.js)

mysql_host() { node -e 'const u=new URL(process.env.MYSQL_URL); console.log(u.hostname, u.port||3306)'; }

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

case "${1:-}" in
  up)
    bash scripts/ensure-deps.sh
    ensure_mysql
    bash scripts/kafka/kafka.sh up
    "${ts_node[@]}" scripts/stack/provision.ts
    ;;
  down)
    # MySQL is shared with whatever else runs on the machine: leave it running.
    bash scripts/kafka/kafka.sh down
    ;;
  status)
    rc=0
    bash scripts/kafka/kafka.sh status || rc=1
    if [[ -d node_modules ]]; then "${ts_node[@]}" scripts/stack/provision.ts --status || rc=1
    else echo "node modules not installed (run npm run stack:up)"; rc=1; fi
    exit $rc
    ;;
  *)
    echo "usage: stack.sh up | down | status" >&2
    exit 2
    ;;
esac
