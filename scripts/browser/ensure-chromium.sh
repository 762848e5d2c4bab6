#!/usr/bin/env bash
# Installs Debian's chromium for the headless report test when it is missing.
# playwright-core drives it through executablePath; playwright's own browser
# download is not used. Needs root (CI runs as root) and apt-get.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [[ -x "$CHROMIUM" ]]; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "chromium is missing at $CHROMIUM and apt-get is not available; install chromium or set CHROMIUM_PATH" >&2
  exit 1
fi
SUDO=()
if ((EUID != 0)); then
  if command -v sudo >/dev/null; then SUDO=(sudo); else
    echo "chromium is missing at $CHROMIUM; installing it needs root: apt-get install chromium" >&2
    exit 1
  fi
fi
echo "installing chromium (apt-get) for the report's headless-browser test..."
"${SUDO[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null
[[ -x "$CHROMIUM" ]] || { echo "apt-get installed chromium but $CHROMIUM is still missing" >&2; exit 1; }
