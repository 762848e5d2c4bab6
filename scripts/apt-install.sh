#!/usr/bin/env bash
# Installs Debian packages for a project script that found them missing:
#   bash scripts/apt-install.sh "<what needs them>" PACKAGE...
# Needs apt-get, and root (CI runs as root) or sudo. No recommends: the tools
# are used alone. Fails loudly, with the command to run by hand.
set -euo pipefail
purpose="$1"
shift
if ! command -v apt-get >/dev/null; then
  echo "$* missing and apt-get is not available; install $* for $purpose" >&2
  exit 1
fi
SUDO=()
if ((EUID != 0)); then
  if command -v sudo >/dev/null; then SUDO=(sudo); else
    echo "$* missing; installing needs root: apt-get install $*" >&2
    exit 1
  fi
fi
echo "installing $* (apt-get) for $purpose..."
"${SUDO[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
