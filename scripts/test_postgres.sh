#!/usr/bin/env bash
# A throwaway PostgreSQL + PostGIS server for the store's tests, on a unix socket only.
#
#   scripts/test_postgres.sh start DIR    # prints: export GEODATA_TEST_POSTGRES_URL=...
#   scripts/test_postgres.sh stop DIR
#   scripts/test_postgres.sh run CMD...   # start, run CMD with the URL exported, stop
#
# The cluster lives in DIR (initdb), listens on no TCP address, only on a socket in DIR, and
# trusts nobody but local socket users. As root, the server runs as the 'postgres' user.
set -euo pipefail

bindir() {
  local dir
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir; return
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
  done
  return 1
}

as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local dir="$1" bin
  bin="$(bindir)" || { echo "PostgreSQL server binaries not found (apt-get install postgresql postgis)" >&2; return 1; }
  mkdir -p "$dir"
  if [ "$(id -u)" = "0" ]; then chown postgres: "$dir"; fi
  chmod 700 "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; return 1; }
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60" \
    start >/dev/null || { cat "$dir/server.log" >&2; return 1; }
  as_owner "$bin/psql" -h "$dir" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE geodata_test" >/dev/null
  as_owner "$bin/psql" -h "$dir" -U postgres -d geodata_test -qAt -v ON_ERROR_STOP=1 \
    -c "CREATE EXTENSION postgis" >/dev/null
  echo "export GEODATA_TEST_POSTGRES_URL='postgresql+psycopg://postgres@/geodata_test?host=$dir'"
}

stop() {
  local dir="$1" bin
  bin="$(bindir)" || return 0
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start "$2" ;;
  stop) stop "$2" ;;
  run)
    shift
    dir="$(mktemp -d /tmp/geodata-pg.XXXXXX)"
    trap 'stop "$dir"' EXIT
    eval "$(start "$dir")"
    export GEODATA_TEST_POSTGRES_URL
    "$@"
    ;;
  *) echo "usage: $0 start DIR | stop DIR | run CMD..." >&2; exit 2 ;;
esac
