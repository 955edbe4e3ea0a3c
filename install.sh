#!/bin/sh
# Makes the virtual environment .venv/ with the pinned packages the site build
# needs (requirements.txt). Works on a stock Debian 12, where there is no
# `python` command, pip refuses to install system-wide and the venv module
# comes in the package python3-venv, which this installs if it is missing.
# Safe to run again. Then: .venv/bin/python build_hub.py build
set -eu
cd "$(dirname "$0")"
apt_install() {
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}
if [ ! -x .venv/bin/python ]; then
  if ! python3 -m venv .venv 2>/dev/null; then
    rm -rf .venv
    apt_install python3-venv
    python3 -m venv .venv
  fi
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -r "${1:-requirements.txt}"
