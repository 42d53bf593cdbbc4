#!/usr/bin/env bash
# Installs what the tests need on a fresh machine: the npm packages (from package-lock.json)
# and Debian's Chromium for the browser tests (never a downloaded browser build).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
	SUDO=""
	[ "$(id -u)" -ne 0 ] && SUDO="sudo"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
npm ci --no-audit --no-fund
