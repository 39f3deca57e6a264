#!/usr/bin/env bash
# run.sh — the previous version's start script, kept for the people used to it. Each option maps to
# a make target (make help lists them all); nothing here does anything make does not.
set -euo pipefail
cd "$(dirname "$0")"

usage() {
  cat <<'EOF'
Usage: ./run.sh [options]

  (no option)        backend and frontend with hot reload        make dev
                     (UI on http://localhost:FRONTEND_PORT, API on :PORT)
  --backend-only     only the API server, rebuilt on change      make dev-backend
  --frontend-only    only the UI dev server (Vite), proxying     make dev-frontend
                     /api to a server already on :PORT
  --production       build the single binary with the UI         make run
                     embedded and serve both on :PORT
  --no-install       do not run npm ci (frontend/node_modules must exist)
  --port N           the API server's port (default 8000)
  --frontend-port N  the UI dev server's port (default 5173)
  -h, --help         this text

Settings (DATABASE_URL, AUTH, ...) come from the environment or a .env file: docs/configuration.md.
EOF
}

target=dev
vars=()
make_opts=()
while [ $# -gt 0 ]; do
  case $1 in
    --backend-only) target=dev-backend ;;
    --frontend-only) target=dev-frontend ;;
    --production) target=run ;;
    --no-install) make_opts+=(-o frontend/node_modules) ;;
    --port) [ $# -ge 2 ] || { echo "run.sh: --port needs a number" >&2; exit 2; }; vars+=("PORT=$2"); shift ;;
    --port=*) vars+=("PORT=${1#*=}") ;;
    --frontend-port) [ $# -ge 2 ] || { echo "run.sh: --frontend-port needs a number" >&2; exit 2; }; vars+=("FRONTEND_PORT=$2"); shift ;;
    --frontend-port=*) vars+=("FRONTEND_PORT=${1#*=}") ;;
    -h | --help) usage; exit 0 ;;
    *) echo "run.sh: unknown option $1 (./run.sh --help lists them)" >&2; exit 2 ;;
  esac
  shift
done
for v in "${vars[@]}"; do
  [[ ${v#*=} =~ ^[0-9]+$ ]] || { echo "run.sh: ${v%%=*} must be a number, not '${v#*=}'" >&2; exit 2; }
done
if [ ${#make_opts[@]} -gt 0 ] && [ ! -d frontend/node_modules ] && [ "$target" != dev-backend ]; then
  echo "run.sh: --no-install, but frontend/node_modules does not exist yet: run once without it" >&2
  exit 2
fi
exec make --no-print-directory "${make_opts[@]}" "$target" "${vars[@]}"
