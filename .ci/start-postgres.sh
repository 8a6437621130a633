#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1 for the tests, installing Debian's package
# when it is absent. Prints the connection URL on stdout and the data folder on stderr.
set -euo pipefail
port=${PGPORT_TEST:-55432}
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
dir=$(mktemp -d /tmp/sahayak-pg.XXXXXX)
run() { if [[ $(id -u) == 0 ]]; then chown -R postgres "$dir"; su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
run "$bin/initdb -D $dir/data -U postgres -A trust --no-sync -E UTF8 >/dev/null"
run "$bin/pg_ctl -D $dir/data -o '-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300' -l $dir/log -w start >/dev/null"
echo "PGDATA_DIR=$dir/data (log: $dir/log)" >&2
echo "postgres://postgres@127.0.0.1:$port/postgres"
