#!/usr/bin/env bash
# The engine-specific query files must define the same query names on both engines, so that the
# generated Go code of both engines satisfies one Querier interface.
set -euo pipefail
cd "$(dirname "$0")/.."
names() { grep -ho -- '-- name: [A-Za-z0-9_]* ' db/queries/"$1"/*.sql | awk '{print $3}' | sort; }
if ! diff <(names postgres) <(names sqlite); then
  echo "query names differ between db/queries/postgres (<) and db/queries/sqlite (>)" >&2
  exit 1
fi
echo "query parity: $(names postgres | wc -l) engine-specific queries on both engines"
