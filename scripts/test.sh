#!/usr/bin/env bash
# npm test: installs what is missing, brings the stack up, runs every spec
# (unit and integration against the real broker and database). Extra
# arguments go to jest, e.g. `npm test -- apps/fulfillment`. Quiet when all is
# well: the stack's output is shown only if it fails to come up, and jest
# prints counts and, in full, whatever failed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Leave a broker or log store the user already had running; stop one we started.
kafka_was_up=0 opensearch_was_up=0
bash scripts/kafka/kafka.sh status >/dev/null 2>&1 && kafka_was_up=1
bash scripts/logs/opensearch.sh status >/dev/null 2>&1 && opensearch_was_up=1
# --with-logs: the log-sink's and the trace CLI's specs run against OpenSearch.
if ! stack_output="$(bash scripts/stack.sh up --with-logs 2>&1)"; then
  printf '%s\n' "$stack_output" >&2
  echo "npm test: the stack did not come up (its output is above)" >&2
  exit 1
fi
echo "stack up; building..."
stop_started=()
((!kafka_was_up)) && stop_started+=('bash scripts/kafka/kafka.sh down >/dev/null;')
((!opensearch_was_up)) && stop_started+=('bash scripts/logs/opensearch.sh down >/dev/null;')
if ((${#stop_started[@]})) && [[ "${SURGE_KEEP_STACK:-0}" != 1 ]]; then
  trap "${stop_started[*]}" EXIT
fi

# The production builds: apps/e2e checks them and runs them against the stack
# (nx answers from its cache when the sources did not change).
build_output="$(NX_DAEMON=false npx nx run-many -t build --outputStyle=static 2>&1)" || {
  printf '%s\n' "$build_output" >&2
  echo "npm test: the production builds failed (their output is above)" >&2
  exit 1
}
echo "builds done; running the specs..."

# In band: integration specs share one MySQL schema and truncate it per test.
npx jest --config jest.quiet.config.js --runInBand "$@"
