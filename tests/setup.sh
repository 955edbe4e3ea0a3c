#!/bin/sh
# Installs what the tests need on a fresh Debian machine: the virtual
# environment .venv/ with the pinned Python packages (../install.sh), Debian's
# Chromium (the browser tests never download one), Debian's Java for the Nu
# Html Checker, and Node's npm with axe-core, yaml-language-server and vnu-jar
# from package-lock.json. Safe to run again.
# Then: .venv/bin/python -m pytest
set -eu
cd "$(dirname "$0")/.."
sh install.sh requirements-test.txt
missing=""
[ -x /usr/bin/chromium ] || missing="chromium"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
command -v java >/dev/null 2>&1 || missing="$missing default-jre-headless"
command -v faketime >/dev/null 2>&1 || missing="$missing faketime"
if [ -n "$missing" ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086 - the list is meant to split
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi
# --ignore-scripts: the only install script is vnu-jar's, which downloads a
# Java runtime from GitHub when it finds none; vnu runs on Debian's.
npm ci --no-audit --no-fund --silent --ignore-scripts
