#!/usr/bin/env bash
# npm run demo: everything from a fresh clone to "orders in MySQL" and "shoppers told".
# Brings the stack up, starts the three apps (the notifier mailing MailDev and
# posting webhooks to a stand-in storefront the burst runs), sends a burst of
# orders, reports what reached MySQL and how many mails and webhooks were
# delivered, stops the apps. The stack stays up (npm run stack:down).
# When the log stack is up too (npm run stack:up -- --with-logs), it also runs
# the log-sink and ends with the trace of one demo order (docs/logs.md).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
LOGS="$ROOT/.stack/logs"

bash scripts/stack.sh up
mkdir -p "$LOGS"
logs=()
if bash scripts/logs/opensearch.sh status >/dev/null 2>&1; then logs=(--log-sink); fi
pids=()
stop_apps() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop_apps EXIT

# The ports come from the apps' own config (INTAKE_PORT, FULFILLMENT_PORT,
# NOTIFIER_PORT, DEMO_WEBHOOK_PORT and their defaults), so a taken one is
# refused before anything starts.
ports="$(node -r ./scripts/register.js scripts/demo/app-ports.ts "${logs[@]}")"
while read -r app port _; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port ($app) is taken; stop what runs there or set its port (docs/configuration.md)" >&2
    exit 1
  fi
done <<<"$ports"
node scripts/start-app.js fulfillment >"$LOGS/fulfillment.log" 2>&1 &
pids+=($!)
node scripts/start-app.js order-intake >"$LOGS/order-intake.log" 2>&1 &
pids+=($!)
if ((${#logs[@]})); then
  node scripts/start-app.js log-sink >"$LOGS/log-sink.log" 2>&1 &
  pids+=($!)
fi
# A secret of this run only: the stand-in storefront checks nothing, a real one verifies it.
WEBHOOK_URL="$(awk '$1 == "demo-webhook" { print $3 }' <<<"$ports")" \
  WEBHOOK_SECRETS="whsec_$(head -c 32 /dev/urandom | base64 | tr -d '\n')" \
  node scripts/start-app.js notifier >"$LOGS/notifier.log" 2>&1 &
pids+=($!)
echo "apps starting (logs in .stack/logs/)..."

node -r ./scripts/register.js scripts/demo/burst.ts "$@" ${logs[@]:+--trace}
