#!/usr/bin/env bash
# Every engine must define the same query names, so that the generated Go code of each engine
# satisfies one Querier interface. PostgreSQL and SQLite read db/queries/shared plus their own
# directory; MySQL reads only db/queries/mysql (its parser takes neither RETURNING nor a CAST in
# a LIMIT, so it has its own copy of the shared queries).
set -euo pipefail
cd "$(dirname "$0")/.."
names() { grep -ho -- '-- name: [A-Za-z0-9_]* ' "$@" | awk '{print $3}' | sort; }
postgres=$(names db/queries/shared/*.sql db/queries/postgres/*.sql)
status=0
for e in sqlite mysql; do
  if [ "$e" = mysql ]; then other=$(names db/queries/mysql/*.sql); else other=$(names db/queries/shared/*.sql db/queries/sqlite/*.sql); fi
  if ! diff <(echo "$postgres") <(echo "$other"); then
    echo "query names differ between PostgreSQL (<) and $e (>)" >&2
    status=1
  fi
done
[ "$status" = 0 ] || exit 1
echo "query parity: $(echo "$postgres" | wc -l) queries with the same names on PostgreSQL, SQLite and MySQL"
