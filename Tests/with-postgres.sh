#!/usr/bin/env bash
# Runs a command with CPDCERT_TEST_POSTGRES naming a PostgreSQL server for the tests: the one
# already named, else a throwaway cluster from Debian's PostgreSQL started here in a temporary
# folder (as the postgres user when run as root: initdb and postgres refuse to run as root) and
# stopped when the command ends. For example:  Tests/with-postgres.sh swift test --filter Postgres
set -euo pipefail
if [ -n "${CPDCERT_TEST_POSTGRES:-}" ]; then exec "$@"; fi

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bindir" ]; then
  echo "with-postgres.sh: PostgreSQL is not installed (apt-get install postgresql; make deps installs it)" >&2
  exit 69
fi
dir=$(mktemp -d /tmp/cpdcert-postgres.XXXXXX)
chmod 755 "$dir"
owner=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$dir"
  owner=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${owner[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 70; }
# In the cluster's own configuration, so that a test's `pg_ctl stop` and `start` bring it back
# the same. fsync off: a cluster thrown away after the tests need not survive a power cut.
cat >>"$dir/data/postgresql.conf" <<CONF
port = $port
unix_socket_directories = '$dir'
listen_addresses = '127.0.0.1'
fsync = off
max_connections = 300
CONF
# Trust for the tests' superuser, but a password (SCRAM) over TCP for members of one group, so a
# test can log in with a wrong password and see it named. pg_hba.conf takes the first line that matches.
{ echo "host all +cpdcert_password_users 127.0.0.1/32 scram-sha-256"; cat "$dir/data/pg_hba.conf"; } >"$dir/pg_hba.conf"
"${owner[@]}" cp "$dir/pg_hba.conf" "$dir/data/pg_hba.conf"
"${owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 70; }
stop() {
  "${owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
export CPDCERT_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
psql -X -q -d "$CPDCERT_TEST_POSTGRES" -c "CREATE ROLE cpdcert_password_users NOLOGIN" \
  || { echo "with-postgres.sh: cannot create the password test group" >&2; exit 70; }
# How tests restart the server (a database restart during a batch): pg_ctl on this folder.
export CPDCERT_TEST_POSTGRES_DATA="$dir/data"
export CPDCERT_TEST_POSTGRES_BIN="$bindir"
echo "with-postgres.sh: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($dir)" >&2
status=0
"$@" || status=$?
exit $status
