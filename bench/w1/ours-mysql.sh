#!/usr/bin/env bash
# ours-mysql.sh IIMS_BIN PORT — a fresh throwaway MariaDB (durable: the redo log flushed at every
# commit, as PostgreSQL's fsync=on in ours-pg.sh), then IIMS on it in the foreground; stops both
# on TERM. Runs mariadbd as the mysql user when started as root (it refuses to run as root).
set -u
bin=$1 port=$2
dir=$(mktemp -d); dbport=$((port + 1000))
as=(); [ "$(id -u)" = 0 ] && { as=(runuser -u mysql --); chown mysql "$dir"; chmod a+x "$(dirname "$dir")"; }
"${as[@]}" mariadb-install-db --no-defaults --datadir="$dir/data" --auth-root-authentication-method=normal \
  --skip-test-db >"$dir/install.log" 2>&1 || { cat "$dir/install.log" >&2; exit 1; }
"${as[@]}" /usr/sbin/mariadbd --no-defaults --datadir="$dir/data" --socket="$dir/sock" --port="$dbport" \
  --bind-address=127.0.0.1 --skip-name-resolve --skip-log-bin --innodb-flush-log-at-trx-commit=1 \
  --innodb-buffer-pool-size=256M --max-connections=200 >"$dir/server.log" 2>&1 & db=$!
trap 'kill $p 2>/dev/null; wait $p; kill $db 2>/dev/null; wait $db; rm -rf "$dir"' EXIT TERM INT
for _ in $(seq 120); do mariadb --no-defaults -S "$dir/sock" -u root -e 'SELECT 1' >/dev/null 2>&1 && break; sleep 0.25; done
mariadb --no-defaults -S "$dir/sock" -u root -e "CREATE DATABASE iims CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
  CREATE USER iims@'127.0.0.1' IDENTIFIED BY 'iims'; GRANT ALL ON iims.* TO iims@'127.0.0.1';" || exit 1
"$bin" serve --port "$port" --database-url "mysql://iims:iims@127.0.0.1:$dbport/iims" & p=$!
wait $p
