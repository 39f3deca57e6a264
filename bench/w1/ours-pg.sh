#!/usr/bin/env bash
# ours-pg.sh IIMS_BIN PORT — a fresh throwaway PostgreSQL, then IIMS on it in the foreground; stops both on TERM.
set -u
here=$(cd "$(dirname "$0")" && pwd); bin=$1 port=$2
dir=$(mktemp -d); pgport=$((port + 1000))
url=$(PGTMP_FSYNC=on "$here/pgtmp.sh" start "$dir/pg" "$pgport") || exit 1  # durable, as pg-ceiling
# Over the cluster's Unix socket, as pgbench reaches pg-ceiling (-h socket dir): through 127.0.0.1 each
# round trip pays loopback TCP on both sides (W1 get -8% in one paired run). OURS_PG_TCP=1 keeps TCP.
[ -n "${OURS_PG_TCP:-}" ] || url="postgresql://postgres@/iims?host=$dir/pg&port=$pgport&sslmode=disable"
trap 'kill $p 2>/dev/null; wait $p; "$here/pgtmp.sh" stop "$dir/pg"; rm -rf "$dir"' EXIT TERM INT
"$bin" serve --port "$port" --database-url "$url" & p=$!
wait $p
