#!/usr/bin/env bash
# Installs Debian's wrk, the HTTP load generator npm run bench:intake drives
# (a C event loop in its own process, so the generator is not what limits the
# figures). Does nothing when wrk is on PATH.
set -euo pipefail
command -v wrk >/dev/null && exit 0
bash "$(dirname "${BASH_SOURCE[0]}")/../apt-install.sh" "npm run bench:intake" wrk
command -v wrk >/dev/null || { echo "apt-get installed wrk but it is not on PATH" >&2; exit 1; }
