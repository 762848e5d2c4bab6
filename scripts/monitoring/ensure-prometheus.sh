#!/usr/bin/env bash
# Installs Debian's prometheus (prometheus and promtool) when it is missing:
# the alert-rule spec runs promtool, and `npm run stack:up -- --with-monitoring`
# runs prometheus. Needs root (CI runs as root) or sudo, and apt-get.
# Set PROMETHEUS_PATH / PROMTOOL_PATH to use binaries installed elsewhere.
set -euo pipefail
PROMETHEUS="${PROMETHEUS_PATH:-/usr/bin/prometheus}"
PROMTOOL="${PROMTOOL_PATH:-/usr/bin/promtool}"
if [[ -x "$PROMETHEUS" && -x "$PROMTOOL" ]]; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "prometheus/promtool missing at $PROMETHEUS, $PROMTOOL and apt-get is not available;" >&2
  echo "install Prometheus 2.x or set PROMETHEUS_PATH and PROMTOOL_PATH" >&2
  exit 1
fi
SUDO=()
if ((EUID != 0)); then
  if command -v sudo >/dev/null; then SUDO=(sudo); else
    echo "prometheus is missing; installing it needs root: apt-get install prometheus" >&2
    exit 1
  fi
fi
echo "installing prometheus (apt-get) for the alert rules' spec and the monitoring stack..."
"${SUDO[@]}" apt-get update -qq
# No recommends: the node exporter and its friends are not needed.
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends prometheus >/dev/null
[[ -x "$PROMETHEUS" && -x "$PROMTOOL" ]] || {
  echo "apt-get installed prometheus but $PROMETHEUS or $PROMTOOL is still missing" >&2
  exit 1
}
