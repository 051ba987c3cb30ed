#!/usr/bin/env bash
# Install Debian's Chromium for the widget's browser tests (tests/widget), once.
# Playwright drives this system browser (executable_path=/usr/bin/chromium): `playwright install`
# downloads a browser build from a host this project's machines cannot reach, so it is never used.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends chromium fonts-liberation
