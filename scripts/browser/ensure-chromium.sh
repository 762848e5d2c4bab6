#!/usr/bin/env bash
# Installs Debian's chromium for the headless report test when it is missing.
# playwright-core drives it through executablePath; playwright's own browser
# download is not used.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
[[ -x "$CHROMIUM" ]] && exit 0
bash "$(dirname "${BASH_SOURCE[0]}")/../apt-install.sh" "the report's headless-browser test (or set CHROMIUM_PATH)" chromium
[[ -x "$CHROMIUM" ]] || { echo "apt-get installed chromium but $CHROMIUM is still missing" >&2; exit 1; }
