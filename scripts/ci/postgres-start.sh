#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on loopback for the tests and benchmarks.
#   eval "$(scripts/ci/postgres-start.sh)"    # exports SWEEP_TEST_POSTGRES and SWEEP_PG_DIR
#   ...                                       # tests read SWEEP_TEST_POSTGRES (postgres://user:pass@127.0.0.1:port/db)
#   scripts/ci/postgres-stop.sh               # stops it and deletes its directory
# Installs Debian's postgresql when missing (root or sudo needed), runs the server as a non-root user (the `postgres`
# account, else a `sweeppg` account it creates), initdb's into a new temporary directory and picks a free port.
# Everything informative goes to stderr; stdout carries only the export lines.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

find_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -n "$d" ]; then echo "$d"; return; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v initdb)")"; fi
}

bin=$(find_bin || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "postgres-start: installing postgresql from Debian" >&2
  as_root apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  bin=$(find_bin)
fi

# the server refuses to run as root
run_as=()
if [ "$(id -u)" = 0 ]; then
  user=postgres
  if ! id "$user" >/dev/null 2>&1; then
    user=sweeppg
    id "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
  fi
  run_as=(runuser -u "$user" --)
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/sweep-pg.XXXXXX")
chmod 755 "$dir"
[ ${#run_as[@]} -gt 0 ] && chown "$user" "$dir"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
  || shuf -i 20000-60000 -n 1)
db_user=sweep
db_pass=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)
db_name=sweep_test

printf '%s\n' "$db_pass" > "$dir/pwfile"
[ ${#run_as[@]} -gt 0 ] && chown "$user" "$dir/pwfile"
"${run_as[@]}" "$bin/initdb" -D "$dir/data" -U "$db_user" --pwfile="$dir/pwfile" --auth=scram-sha-256 -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
rm -f "$dir/pwfile"
"${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >&2 \
  || { cat "$dir/server.log" >&2; exit 1; }
PGPASSWORD="$db_pass" "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$db_user" "$db_name"

url="postgres://$db_user:$db_pass@127.0.0.1:$port/$db_name"
{ echo "SWEEP_PG_BIN=$bin"; echo "SWEEP_PG_DIR=$dir"; echo "SWEEP_PG_RUNAS=${run_as[*]:-}"; } > "$dir/state"
echo "postgres-start: PostgreSQL on 127.0.0.1:$port, data in $dir" >&2
echo "export SWEEP_TEST_POSTGRES='$url'"
echo "export SWEEP_PG_DIR='$dir'"
