#!/usr/bin/env bash
# run.sh TARGET [WORKLOADS...] — workload W1 against one target, markdown table on stdout.
# (The team's shared W1 harness, brought into the project: `make bench-http` runs every target.)
#   TARGET: echo | sqlite-ceiling | pg-ceiling | pg-ceiling-async | sqlite-ceiling-indexed |
#           pg-ceiling-indexed | ours | ours-pg | ours-mysql
#     pg-ceiling-async: synchronous_commit=off (the durability of SQLite WAL + synchronous=NORMAL:
#     a crash may lose the last commits, never corrupts)
#     *-ceiling-indexed: the same operations while keeping IIMS's secondary indexes (what its writes
#     must maintain), read from a schema IIMS's own migrations built (sqliteceiling -product-indexes;
#     pg_product_indexes, which needs IIMS=path/to/iims, default bin/iims)
#   WORKLOADS (default "get list create update mixed"; echo always runs "hello")
# Each target is started fresh, seeded (10,000 instances x 3 history rows), then per workload:
#   wait for 1-min load < LOAD_MAX, WARM s warm-up, DUR s measured, CONNS connections / THREADS threads.
# Env: DUR=15 WARM=5 CONNS=32 THREADS=2 LOAD_MAX=0.7 LOAD_WAIT=600 RUN_ID=<id> OUT=$BENCH_DIR/results
#   ours: OURS_URL=http://127.0.0.1:8000; OURS_CMD="command that starts ours fresh, in the foreground"
#         (if OURS_CMD is unset, ours must already be running, freshly started, on OURS_URL).
# Rows are also appended to $OUT/results.tsv (one line per target x workload) for bench/report.py.
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
BENCH_DIR=${BENCH_DIR:-$(dirname "$(mktemp -u)")/iims-bench}; export BENCH_DIR
TARGET=${1:?usage: run-peer.sh TARGET [WORKLOADS...]}; shift || true
WORKLOADS=${*:-get list create update mixed}
DUR=${DUR:-15} WARM=${WARM:-5} CONNS=${CONNS:-32} THREADS=${THREADS:-2}
LOAD_MAX=${LOAD_MAX:-0.7} LOAD_WAIT=${LOAD_WAIT:-600}
RUN_ID=${RUN_ID:-$(date +%Y%m%d-%H%M%S)}
OUT=${OUT:-$BENCH_DIR/results}
BIN=$BENCH_DIR/bin
PGBIN=/usr/lib/postgresql/15/bin
PGPORT=${PGPORT:-55432} PGSOCK=$BENCH_DIR/pgsock PGDATA=$BENCH_DIR/pg/data
export PATH=/usr/local/go/bin:$PATH
mkdir -p "$OUT" "$BIN"
TSV=$OUT/results.tsv
[ -f "$TSV" ] || printf 'run_id\ttarget\tworkload\trps\tp50_ms\tp99_ms\tnon2xx\terrors\tpeak_rss_mb\tload1\tnote\n' >"$TSV"
ROWS=()
PID=""

log() { echo "[$(date +%T)] $*" >&2; }

wait_quiet() { # wait until the 1-minute load average is below LOAD_MAX (at most LOAD_WAIT s)
  local t=0 l
  while :; do
    l=$(cut -d' ' -f1 /proc/loadavg)
    if awk -v l="$l" -v m="$LOAD_MAX" 'BEGIN{exit !(l<m)}'; then LOAD1=$l; NOTE=""; return; fi
    if [ "$t" -ge "$LOAD_WAIT" ]; then LOAD1=$l; NOTE="LOAD>${LOAD_MAX}"; log "load still $l after ${t}s: measuring anyway (noisy)"; return; fi
    sleep 5; t=$((t + 5))
  done
}

build() { # build the Go programs (part of the project's module)
  (cd "$BENCH" && go build -o $BIN/echohello ./echohello && go build -o $BIN/seed ./seed && go build -o $BIN/sqlite-ceiling ./sqliteceiling)
  command -v wrk >/dev/null || { log "wrk missing: apt-get install -y wrk"; exit 1; }
}

wait_http() { # wait_http URL — until it answers 2xx (60 s)
  for _ in $(seq 1 120); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.5; done
  log "no answer from $1"; return 1
}

stop_pid() { # polite stop, then KILL after 15 s; only the PID we started
  local p=$1
  [ -n "$p" ] && kill -0 "$p" 2>/dev/null || return 0
  kill "$p" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$p" 2>/dev/null || return 0; sleep 0.5; done
  kill -9 "$p" 2>/dev/null || true
}

reset_hwm() { echo 5 >"/proc/$1/clear_refs" 2>/dev/null || true; }
hwm_mb() { awk '/^VmHWM:/{printf "%.0f", $2/1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }

add_row() { # workload rps p50_us p99_us non2xx errors rss_mb
  local p50 p99
  p50=$(awk -v v="$3" 'BEGIN{printf "%.2f", v/1000}'); p99=$(awk -v v="$4" 'BEGIN{printf "%.2f", v/1000}')
  ROWS+=("| $TARGET | $1 | $(printf '%.0f' "$2") | $p50 | $p99 | $5 | $6 | $7 | $LOAD1 | $NOTE |")
  printf '%s\t%s\t%s\t%.0f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$RUN_ID" "$TARGET" "$1" "$2" "$p50" "$p99" "$5" "$6" "$7" "$LOAD1" "$NOTE" >>"$TSV"
}

# ---------- HTTP targets (wrk) ----------
wrk_measure() { # URL LUA WORKLOAD [lua args...]
  local url=$1 lua=$2 wl=$3; shift 3
  local wout
  wait_quiet
  reset_hwm "$PID"
  log "$TARGET/$wl: warm-up ${WARM}s (load1=$LOAD1)"
  wrk -t"$THREADS" -c"$CONNS" -d"${WARM}s" --timeout 10s -s "$lua" "$url" -- "$@" "w-$RUN_ID-$wl-warm" >/dev/null
  log "$TARGET/$wl: measuring ${DUR}s"
  wout=$(wrk -t"$THREADS" -c"$CONNS" -d"${DUR}s" --timeout 10s -s "$lua" "$url" -- "$@" "w-$RUN_ID-$wl-run")
  echo "$wout" >"$OUT/$RUN_ID-$TARGET-$wl.wrk.txt"
  local r non2xx errs
  r=$(grep '^W1RESULT' <<<"$wout")
  non2xx=$(sed -n 's/.*Non-2xx or 3xx responses: \([0-9]*\).*/\1/p' <<<"$wout"); non2xx=${non2xx:-0}
  errs=$(sed -n 's/.*Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\).*/\1 \2 \3 \4/p' <<<"$wout" | awk '{print $1+$2+$3+$4}'); errs=${errs:-0}
  add_row "$wl" "$(kv rps "$r")" "$(kv p50_us "$r")" "$(kv p99_us "$r")" "$non2xx" "$errs" "$(hwm_mb "$PID")"
}
kv() { sed -n "s/.*\b$1=\([0-9.]*\).*/\1/p" <<<"$2"; }

http_suite() { # API BASE_URL IDS
  local api=$1 url=$2 ids=$3
  for wl in $WORKLOADS; do wrk_measure "$url" "$BENCH/wrk/w1.lua" "$wl" "$api" "$wl" "$ids"; done
}

run_ours() {
  local dir=$BENCH_DIR/$TARGET url=${OURS_URL:-http://127.0.0.1:8000} port
  mkdir -p "$dir"
  port=${url##*:}; port=${port%%/*}
  if [ -n "${OURS_CMD:-}" ]; then
    bash -c "$OURS_CMD" >"$dir/server.log" 2>&1 &
    STARTED=$!
    trap 'stop_pid $PID; stop_pid $STARTED' EXIT # PID: the listener found below (a child of STARTED if a wrapper)
  fi
  wait_http "$url/api/instances?limit=1"
  # measure the process that listens on the port (OURS_CMD may be a wrapper)
  PID=$(ss -Htlnp "sport = :$port" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1)
  log "ours: pid $PID; seeding"
  $BIN/seed -api ours -base "$url" -ids "$dir/ids.txt" >&2
  http_suite ours "$url" "$dir/ids.txt"
}

run_echo() {
  $BIN/echohello &
  PID=$!
  trap 'stop_pid $PID' EXIT
  wait_http http://127.0.0.1:8091/hello
  wrk_measure http://127.0.0.1:8091 "$BENCH/wrk/hello.lua" hello
  stop_pid "$PID"
}

# ---------- in-process SQLite ceiling ----------
run_sqlite_ceiling() {
  local wl out r
  for wl in $WORKLOADS; do
    wait_quiet
    log "sqlite-ceiling/$wl (load1=$LOAD1)"
    out=$($BIN/sqlite-ceiling -db $BENCH_DIR/sqlite-ceiling/w1.db -conc "$CONNS" -dur "${DUR}s" -warm "${WARM}s" -ops "$wl" ${SQLITE_FLAGS:-} 2>&1)
    echo "$out" >"$OUT/$RUN_ID-$TARGET-$wl.txt"
    r=$(grep '^RESULT' <<<"$out")
    add_row "$wl" "$(kv ops_s "$r")" "$(kv p50_us "$r")" "$(kv p99_us "$r")" "-" "$(kv errors "$r")" \
      "$(sed -n 's/.*vmhwm=\([0-9]*\)kB.*/\1/p' <<<"$r" | awk '{printf "%.0f", $1/1024}')"
  done
}

# ---------- PostgreSQL ceiling (pgbench) ----------
pg_start() {
  pg_stop
  rm -rf $BENCH_DIR/pg && mkdir -p $BENCH_DIR/pg "$PGSOCK"
  chown postgres: $BENCH_DIR/pg "$PGSOCK"
  runuser -u postgres -- $PGBIN/initdb -D "$PGDATA" -A trust -U postgres -E UTF8 >$BENCH_DIR/pg-initdb.log
  runuser -u postgres -- $PGBIN/pg_ctl -D "$PGDATA" -l $BENCH_DIR/pg/server.log -w \
    -o "-p $PGPORT -k $PGSOCK -c listen_addresses=127.0.0.1 -c max_connections=100 -c synchronous_commit=${PG_SYNC_COMMIT:-on}" start >&2
  PID=$(head -1 "$PGDATA/postmaster.pid")
}
pg_stop() {
  [ -f "$PGDATA/postmaster.pid" ] && runuser -u postgres -- $PGBIN/pg_ctl -D "$PGDATA" -m fast -w stop >&2 || true
}
psql_() { $PGBIN/psql -X -q -v ON_ERROR_STOP=1 -h "$PGSOCK" -p "$PGPORT" -U postgres "$@"; }
pss_mb() { # total PSS of the postmaster and its children (shared buffers counted once)
  local p t=0
  for p in $PID $(ps -o pid= --ppid "$PID"); do
    t=$((t + $(awk '/^Pss:/{print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)))
  done
  echo $((t / 1024))
}

pg_product_indexes() { # IIMS's secondary indexes on the W1 tables, from a database its migrations built
  local iims=${IIMS:-$BENCH/../../bin/iims}
  psql_ -c "CREATE DATABASE iims_schema" postgres
  "$iims" migrate up --database-url "postgresql://postgres@/iims_schema?host=$PGSOCK&port=$PGPORT" >&2
  psql_ -c "CREATE EXTENSION IF NOT EXISTS pg_trgm" w1
  # History columns renamed to the W1 schema's; indexes on columns it lacks (actor, request_id) left out.
  psql_ -At -c "SELECT replace(replace(indexdef, 'history_id', 'id'), 'original_id', 'instance_id') || ';'
    FROM pg_indexes WHERE tablename IN ('instances', 'instance_history') AND indexdef NOT LIKE 'CREATE UNIQUE%'
      AND indexdef !~ '\\m(actor|request_id)\\M'" iims_schema | psql_ w1
  psql_ -c "VACUUM ANALYZE" w1
}

run_pg_ceiling() {
  local wl files out tps n p50 p99 failed peak sampler
  pg_start
  trap pg_stop EXIT
  psql_ -c "CREATE DATABASE w1" postgres
  psql_ -f "$BENCH/pgbench/schema.sql" w1
  psql_ -f "$BENCH/pgbench/seed.sql" w1
  [ -z "${PG_PRODUCT_INDEXES:-}" ] || pg_product_indexes
  for wl in $WORKLOADS; do
    case $wl in
      get | list | create | update) files=(-f "$BENCH/pgbench/$wl.sql") ;;
      mixed) files=(-f "$BENCH/pgbench/get.sql@45" -f "$BENCH/pgbench/list.sql@45" -f "$BENCH/pgbench/create.sql@5" -f "$BENCH/pgbench/update.sql@5") ;;
    esac
    wait_quiet
    log "pg-ceiling/$wl: warm-up ${WARM}s (load1=$LOAD1)"
    $PGBIN/pgbench -h "$PGSOCK" -p "$PGPORT" -U postgres -n -M prepared -c "$CONNS" -j "$THREADS" -T "$WARM" "${files[@]}" w1 >/dev/null 2>&1
    rm -rf $BENCH_DIR/pglog && mkdir -p $BENCH_DIR/pglog
    (m=0; while :; do v=$(pss_mb); [ "$v" -gt "$m" ] && m=$v && echo "$m" >$BENCH_DIR/pglog/peak; sleep 1; done) &
    sampler=$!
    log "pg-ceiling/$wl: measuring ${DUR}s"
    out=$($PGBIN/pgbench -h "$PGSOCK" -p "$PGPORT" -U postgres -n -M prepared -c "$CONNS" -j "$THREADS" -T "$DUR" \
      -l --log-prefix=$BENCH_DIR/pglog/tx "${files[@]}" w1 2>&1) || true
    kill "$sampler"; wait "$sampler" 2>/dev/null || true
    echo "$out" >"$OUT/$RUN_ID-$TARGET-$wl.pgbench.txt"
    tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' <<<"$out")
    failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' <<<"$out"); failed=${failed:-0}
    grep -q "aborted" <<<"$out" && failed="$failed+aborted"
    cat $BENCH_DIR/pglog/tx.* | awk '{print $3}' | sort -n >$BENCH_DIR/pglog/lat # per-tx latency, µs
    n=$(wc -l <$BENCH_DIR/pglog/lat)
    p50=$(sed -n "$((n * 50 / 100 + 1))p" $BENCH_DIR/pglog/lat)
    p99=$(sed -n "$((n * 99 / 100 + 1))p" $BENCH_DIR/pglog/lat)
    peak=$(cat $BENCH_DIR/pglog/peak)
    add_row "$wl" "$tps" "$p50" "$p99" "-" "$failed" "$peak"
  done
  pg_stop
}

build
log "target=$TARGET run_id=$RUN_ID workloads='$WORKLOADS' dur=${DUR}s warm=${WARM}s conns=$CONNS threads=$THREADS"
case $TARGET in
  echo) run_echo ;;
  sqlite-ceiling) run_sqlite_ceiling ;;
  sqlite-ceiling-indexed) SQLITE_FLAGS="${SQLITE_FLAGS:-} -product-indexes" run_sqlite_ceiling ;;
  pg-ceiling) run_pg_ceiling ;;
  pg-ceiling-async) PG_SYNC_COMMIT=off run_pg_ceiling ;;
  pg-ceiling-indexed) PG_PRODUCT_INDEXES=1 run_pg_ceiling ;;
  ours | ours-pg | ours-mysql) run_ours ;; # ours-pg, ours-mysql: OURS_CMD starts it on a throwaway PostgreSQL (ours-pg.sh) or MariaDB (ours-mysql.sh)
  *) log "unknown target $TARGET"; exit 2 ;;
esac

echo "| target | workload | req/s | p50 ms | p99 ms | non-2xx | errors | peak RSS MB | load1 | note |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---|"
printf '%s\n' "${ROWS[@]}"
