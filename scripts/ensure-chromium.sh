#!/usr/bin/env bash
# End-to-end tests drive Debian's Chromium (test tools cannot download browsers here).
# Installs it with apt when it is missing and we are root; otherwise explains what to do.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "Chromium is missing: install it with 'sudo apt-get install -y chromium' (Debian) and run make test again." >&2
  exit 1
fi
echo "installing Chromium for the end-to-end tests (apt, about 90 s)…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
test -x /usr/bin/chromium
