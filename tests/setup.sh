#!/bin/sh
# Installs what the tests need on a fresh Debian machine: Debian's Chromium
# (the browser tests never download one), the pinned Python packages, and
# axe-core from npm (package-lock.json). Safe to run again.
set -eu
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
python -m pip install -q -r requirements-test.txt
npm ci --no-audit --no-fund --silent
