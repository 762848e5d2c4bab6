#!/usr/bin/env bash
# Installs the node modules a fresh clone lacks (npm ci, when node_modules is
# missing or older than package-lock.json), and nothing when they are there.
# The Kafka jars are fetched by scripts/kafka/kafka.sh, which keeps its own marker.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

missing=()
for tool in node npm java mvn; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if ((${#missing[@]})); then
  echo "surge needs Node.js 20+, npm, Java 17+ and Maven on PATH; missing: ${missing[*]}" >&2
  exit 1
fi
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' ||
  { echo "surge needs Node.js >= 20.19 (found $(node -v))" >&2; exit 1; }

stamp=node_modules/.package-lock.json
if [[ ! -f "$stamp" || package-lock.json -nt "$stamp" ]]; then
  echo "installing node modules (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error
fi
