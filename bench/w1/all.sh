#!/usr/bin/env bash
# all.sh — workload W1 (README in ../../docs/benchmarks.md) against every target in one run: the
# HTTP stack alone (echo), the SQLite and PostgreSQL ceilings (for writes also with IIMS's indexes), and IIMS on SQLite and on a fresh,
# durable PostgreSQL and MariaDB; then the side-by-side table with the ratios. Run from the project root after
# `make build`. DUR/WARM/CONNS/LOAD_MAX as in run.sh; IIMS=path/to/iims to measure another binary.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export BENCH_DIR=${BENCH_DIR:-$(mktemp -d -t iims-w1-XXXX)} RUN_ID=${RUN_ID:-$(date +%Y%m%d-%H%M%S)}
chmod 755 "$BENCH_DIR" # the PostgreSQL targets run as the postgres user
iims=${IIMS:-$root/bin/iims}
[ -x "$iims" ] || { echo "no $iims: run make build first" >&2; exit 1; }
"$here/run.sh" echo
"$here/run.sh" sqlite-ceiling get list create update
"$here/run.sh" sqlite-ceiling-indexed create update # reads are the same as sqlite-ceiling's
OURS_URL=http://127.0.0.1:18900 OURS_CMD="rm -f $BENCH_DIR/ours.db* && exec $iims serve --port 18900 --database-url sqlite:///$BENCH_DIR/ours.db" \
  "$here/run.sh" ours get list create update
"$here/run.sh" pg-ceiling get list create update
"$here/run.sh" pg-ceiling-indexed create update
OURS_URL=http://127.0.0.1:18901 OURS_CMD="exec $here/ours-pg.sh $iims 18901" "$here/run.sh" ours-pg get list create update
OURS_URL=http://127.0.0.1:18902 OURS_CMD="exec $here/ours-mysql.sh $iims 18902" "$here/run.sh" ours-mysql get list create update
python3 "$here/report.py" "$RUN_ID" "$BENCH_DIR/results/results.tsv"
echo "results: $BENCH_DIR/results"
