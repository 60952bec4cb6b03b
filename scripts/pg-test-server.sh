#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite.
#
#   scripts/pg-test-server.sh [DATADIR]        start (if needed), print the SQLAlchemy URL
#   scripts/pg-test-server.sh stop [DATADIR]   stop it
#
# DATADIR defaults to /tmp/parallax-pg-$UID; the port to $PARALLAX_PG_PORT or 54329.
# Installs PostgreSQL with apt-get when no initdb is found. initdb refuses to
# run as root, so as root the cluster belongs to the `postgres` OS user.
# Only the URL goes to stdout; progress and errors go to stderr.
set -euo pipefail

action=start
if [ "${1:-}" = "stop" ] || [ "${1:-}" = "start" ]; then
  action=$1
  shift
fi
DATA=${1:-/tmp/parallax-pg-${UID}}
PORT=${PARALLAX_PG_PORT:-54329}
DB=parallax_test
URL="postgresql+psycopg://postgres@127.0.0.1:${PORT}/${DB}"

log() { echo "pg-test-server: $*" >&2; }

find_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
  done
  return 1
}

BIN=$(find_bin || true)
if [ -z "$BIN" ]; then
  if [ "$action" = "stop" ]; then exit 0; fi
  if [ "$(id -u)" -ne 0 ]; then
    log "PostgreSQL is not installed and we are not root: run 'apt-get install -y postgresql'"
    exit 1
  fi
  log "installing PostgreSQL (apt-get install -y postgresql)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  BIN=$(find_bin) || { log "initdb still missing after installing postgresql"; exit 1; }
fi

# As root, run the server tools as the postgres OS user; otherwise as ourselves.
if [ "$(id -u)" -eq 0 ]; then
  as_owner() { runuser -u postgres -- "$@"; }
else
  as_owner() { "$@"; }
fi

# Two test sessions starting at once must not both initdb: serialise on a lock
# (fd 9; closed for the server so that it does not keep the lock).
LOCK="${DATA%/}.lock"
exec 9>"$LOCK"
flock -w 120 9 || { log "timed out waiting for $LOCK"; exit 1; }

if [ "$action" = "stop" ]; then
  if [ -f "$DATA/postmaster.pid" ]; then
    as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >&2 || true
  fi
  exit 0
fi

ready() { "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -t 2; }

if ! ready; then
  if [ ! -f "$DATA/PG_VERSION" ]; then
    log "initialising a cluster in $DATA"
    mkdir -p "$DATA"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$DATA"; fi
    chmod 700 "$DATA"
    as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C >&2
    # A throwaway test server: local only, no durability needed.
    cat >>"$DATA/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = ${PORT}
unix_socket_directories = '${DATA}'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF
  fi
  log "starting PostgreSQL on 127.0.0.1:${PORT}"
  if ! as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 -o "-p ${PORT}" start >&2 9>&-; then
    log "PostgreSQL did not start; last lines of $DATA/server.log:"
    tail -n 20 "$DATA/server.log" >&2 || true
    exit 1
  fi
fi

psql() { "$BIN/psql" -X -q -h 127.0.0.1 -p "$PORT" -U postgres "$@"; }
if [ "$(psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '${DB}'")" != "1" ]; then
  psql -d postgres -c "CREATE DATABASE ${DB}" >&2
fi
echo "$URL"
