#!/usr/bin/env bash
# Stops the cluster started by postgres-start.sh (SWEEP_PG_DIR, or the directory given as $1) and deletes its directory.
set -euo pipefail
dir=${1:-${SWEEP_PG_DIR:-}}
if [ -z "$dir" ] || [ ! -f "$dir/state" ]; then
  echo "postgres-stop: no cluster to stop (set SWEEP_PG_DIR or pass its directory)" >&2
  exit 0
fi
# shellcheck disable=SC1091
. "$dir/state"
read -r -a run_as <<< "${SWEEP_PG_RUNAS:-}"
"${run_as[@]}" "$SWEEP_PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
rm -rf "$dir"
echo "postgres-stop: stopped and removed $dir" >&2
