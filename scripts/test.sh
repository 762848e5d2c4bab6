#!/usr/bin/env bash
# npm test: installs what is missing, brings the stack up, runs every spec
# (unit and integration against the real broker and database). Extra
# arguments go to jest, e.g. `npm test -- apps/fulfillment`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Leave a broker the user already had running; stop one we started.
kafka_was_up=0
bash scripts/kafka/kafka.sh status >/dev/null 2>&1 && kafka_was_up=1
bash scripts/stack.sh up
if ((!kafka_was_up)) && [[ "${SURGE_KEEP_STACK:-0}" != 1 ]]; then
  trap 'bash scripts/kafka/kafka.sh down >/dev/null' EXIT
fi

# In band: integration specs share one MySQL schema and truncate it per test.
npx jest --runInBand "$@"
