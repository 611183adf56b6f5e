#!/usr/bin/env bash
# What `npm test` needs on a fresh Debian / Node 20 machine (idempotent): Debian Chromium for the
# e2e tests and the reference parsers the differential tests compare against (apt, as root or
# through sudo), then what `npm start` needs (setup-start.sh: the npm packages).
set -euo pipefail
cd "$(dirname "$0")/.."
PKGS="chromium libevtx-utils python3-evtx libscca-utils sleuthkit ntfs-3g fuse3"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
bash scripts/setup-start.sh
