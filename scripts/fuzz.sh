#!/usr/bin/env bash
# fuzz.sh DURATION — runs every Go native fuzz target of the project (each `func FuzzX` in a
# _test.go file) for DURATION. New inputs that reach new code stay in Go's cache; a failing input
# is written to the package's testdata/fuzz/, where it becomes a regression test: commit it.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-5s}
grep -rlE '^func Fuzz[A-Za-z0-9_]+\(' --include='*_test.go' cmd internal | sort | while read -r file; do
  pkg=./$(dirname "$file")
  for name in $(grep -oE '^func Fuzz[A-Za-z0-9_]+' "$file" | awk '{print $2}'); do
    echo "fuzz $pkg $name for $duration"
    out=$(go test -run '^$' -fuzz "^${name}\$" -fuzztime "$duration" "$pkg" 2>&1) || { echo "$out"; exit 1; }
    tail -n 1 <<<"$out"
  done
done
