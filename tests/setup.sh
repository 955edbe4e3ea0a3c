#!/bin/sh
# Installs what the tests need on a fresh Debian machine: the virtual
# environment .venv/ with the pinned Python packages (../install.sh), Debian's
# Chromium (the browser tests never download one), and Node's npm with
# axe-core and yaml-language-server from package-lock.json. Safe to run again.
# Then: .venv/bin/python -m pytest
set -eu
cd "$(dirname "$0")/.."
sh install.sh requirements-test.txt
missing=""
[ -x /usr/bin/chromium ] || missing="chromium"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086 - the list is meant to split
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi
npm ci --no-audit --no-fund --silent
