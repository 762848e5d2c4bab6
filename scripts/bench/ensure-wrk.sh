#!/usr/bin/env bash
# Installs Debian's wrk, the HTTP load generator npm run bench:intake drives
# (a C event loop in its own process, so the generator is not what limits the
# figures). Does nothing when wrk is on PATH. Needs root or sudo, and apt-get.
set -euo pipefail
if command -v wrk >/dev/null; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "wrk is missing and apt-get is not available; install wrk (https://github.com/wg/wrk) and retry" >&2
  exit 1
fi
SUDO=()
if ((EUID != 0)); then
  if command -v sudo >/dev/null; then SUDO=(sudo); else
    echo "wrk is missing; installing it needs root: apt-get install wrk" >&2
    exit 1
  fi
fi
echo "installing wrk (apt-get) for npm run bench:intake..."
"${SUDO[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends wrk >/dev/null
command -v wrk >/dev/null || { echo "apt-get installed wrk but it is not on PATH" >&2; exit 1; }
