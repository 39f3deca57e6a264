#!/usr/bin/env bash
# Validates the compose files with `docker compose config` where the Docker CLI and its compose
# plugin exist. Without them it says so and succeeds: the Go test internal/deploytest validates the
# same files against the Compose specification either way.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! docker compose version >/dev/null 2>&1; then
  echo "notice: docker compose is not available here; skipped 'docker compose config' (internal/deploytest still validates the files)"
  exit 0
fi
for f in docker-compose.yml docker-compose.sqlite.yml docker-compose.mysql.yml; do
  docker compose -f "$f" config --quiet
  echo "docker compose config: $f OK"
done
