#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1 for the tests, installing Debian's package
# when it is absent. Prints the connection URL on stdout; writes the server's folder to the file
# named by $PG_INFO_FILE (when set) so the caller can stop it and remove the folder.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
# The first free port from PGPORT_TEST (default 55432): a server left by an earlier run must not
# make this one fail.
port=${PGPORT_TEST:-55432}
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
  port=$((port + 1))
done
dir=$(mktemp -d /tmp/sahayak-pg.XXXXXX)
run() { if [[ $(id -u) == 0 ]]; then chown -R postgres "$dir"; su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
run "$bin/initdb -D $dir/data -U postgres -A trust --no-sync -E UTF8 >/dev/null"
run "$bin/pg_ctl -D $dir/data -o '-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300' -l $dir/log -w start >/dev/null"
echo "PostgreSQL on 127.0.0.1:$port, data in $dir/data (log: $dir/log)" >&2
if [[ -n ${PG_INFO_FILE:-} ]]; then echo "$dir" > "$PG_INFO_FILE"; fi
echo "postgres://postgres@127.0.0.1:$port/postgres"
