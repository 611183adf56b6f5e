#!/usr/bin/env bash
# What `npm start` needs, and nothing more: Node 20 or newer and the npm packages of the lock
# file. No apt, no root: the app is one static file served by Node's own http module.
set -euo pipefail
cd "$(dirname "$0")/.."
major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$major" -lt 20 ]; then
  echo "TraceLens needs Node 20 or newer; found $(node -v)" >&2
  exit 1
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
