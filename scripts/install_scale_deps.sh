#!/usr/bin/env bash
# Install Debian's PostgreSQL, Redis and nginx for the scale-out test (tests/scale), once.
# The test runs them as throwaway servers on loopback; the packages' own services are not used,
# so they are stopped if the install started them (no one else may be listening on 5432/6379/80).
set -euo pipefail
MISSING=()
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || MISSING+=(postgresql)
command -v redis-server >/dev/null 2>&1 || MISSING+=(redis-server)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || MISSING+=(nginx)
if [ "${#MISSING[@]}" -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${MISSING[@]}"
for service in postgresql redis-server nginx; do
  $SUDO service "$service" stop >/dev/null 2>&1 || true
done
