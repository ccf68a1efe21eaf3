#!/usr/bin/env bash
# Start a throwaway PostgreSQL on loopback for the test suite; print its URL on stdout.
# Installs the server from Debian's packages when the machine has none.
set -euo pipefail
PORT="${PGPORT_TEST:-54329}"
DATA="${PGDATA_TEST:-/tmp/councilbot-pg}"
if ! command -v initdb >/dev/null 2>&1 && [ ! -x /usr/lib/postgresql/15/bin/initdb ]; then
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
BIN="$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n1)")"
id postgres >/dev/null 2>&1 || useradd --system --home "$DATA" postgres
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if run_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  run_pg "$BIN/pg_ctl" -D "$DATA" -m fast stop >&2
fi
rm -rf "$DATA"; mkdir -p "$DATA"; [ "$(id -u)" = 0 ] && chown postgres "$DATA"
run_pg "$BIN/initdb" -D "$DATA" -U councilbot --auth=trust -E UTF8 >/dev/null
run_pg "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
  -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off" start >&2
run_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U councilbot councilbot_test
echo "postgresql://councilbot@127.0.0.1:$PORT/councilbot_test"
