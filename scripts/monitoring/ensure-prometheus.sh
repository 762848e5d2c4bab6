#!/usr/bin/env bash
# Installs Debian's prometheus (prometheus and promtool) when it is missing:
# the alert-rule spec runs promtool, and `npm run stack:up -- --with-monitoring`
# runs prometheus. Set PROMETHEUS_PATH / PROMTOOL_PATH to use binaries
# installed elsewhere.
set -euo pipefail
PROMETHEUS="${PROMETHEUS_PATH:-/usr/bin/prometheus}"
PROMTOOL="${PROMTOOL_PATH:-/usr/bin/promtool}"
[[ -x "$PROMETHEUS" && -x "$PROMTOOL" ]] && exit 0
bash "$(dirname "${BASH_SOURCE[0]}")/../apt-install.sh" \
  "the alert rules' spec and the monitoring stack (or set PROMETHEUS_PATH and PROMTOOL_PATH)" prometheus
[[ -x "$PROMETHEUS" && -x "$PROMTOOL" ]] || {
  echo "apt-get installed prometheus but $PROMETHEUS or $PROMTOOL is still missing" >&2
  exit 1
}
