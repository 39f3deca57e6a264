#!/usr/bin/env bash
# Installs what `make test` needs and cannot download itself: Debian's Chromium (for the
# end-to-end tests; test tools cannot fetch their own browsers here), the PostgreSQL server
# binaries (the Go tests start throwaway clusters from initdb/pg_ctl) and the MariaDB server
# binaries (throwaway mariadbd instances for the MySQL engine; skipped when TEST_MYSQL_URL names a
# server). Uses apt when something is missing and we are root; otherwise explains what to install.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
if [ -z "${TEST_MYSQL_URL:-}" ] && ! command -v mariadbd >/dev/null 2>&1 && [ ! -x /usr/sbin/mariadbd ] \
  && ! command -v mysqld >/dev/null 2>&1 && [ ! -x /usr/sbin/mysqld ]; then
  missing+=(mariadb-server)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
  echo "make test needs: ${missing[*]}. Install with: sudo apt-get install -y ${missing[*]} (Debian), then run make test again." >&2
  exit 1
fi
echo "installing for the tests: ${missing[*]} (apt, a minute or two)…"
export DEBIAN_FRONTEND=noninteractive
# The tests make their own clusters: keep the package from creating and starting a "main" one.
mkdir -p /etc/postgresql-common/createcluster.d
[ -f /etc/postgresql-common/createcluster.d/iims-tests.conf ] || echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/iims-tests.conf
# Nor should mariadb-server start a system-wide server: deny service starts during the install.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy"
  trap 'rm -f "$policy"' EXIT
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
[ -x /usr/bin/chromium ]
