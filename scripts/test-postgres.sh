# Source this: starts a throwaway PostgreSQL cluster of its own (on a free
# loopback port, in a temporary folder), creates a database for this run and
# exports TEST_POSTGRES_URL. The cluster is stopped and deleted on exit, so
# nothing is left for a second run to trip on.

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pg_bin" ]; then
  echo "PostgreSQL is not installed: run scripts/setup" >&2
  return 1
fi

pg_run() {
  # initdb and postgres refuse to run as root.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_dir=$(mktemp -d /tmp/citizen-privacy-pg.XXXXXX)
[ "$(id -u)" -eq 0 ] && chown postgres: "$pg_dir"
pg_port=$(free_port)

stop_test_postgres() {
  pg_run "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}

say "starting a throwaway PostgreSQL ($($pg_bin/postgres --version | awk '{print $3}')) on port $pg_port"
pg_run "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --no-sync >"$pg_dir/initdb.log" 2>&1 ||
  { cat "$pg_dir/initdb.log" >&2; return 1; }
# fsync off: this cluster lives for one test run and is thrown away.
pg_run "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
  start >/dev/null || { cat "$pg_dir/server.log" >&2; return 1; }
pg_run "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres "run_$$"
export TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$pg_port/run_$$"
