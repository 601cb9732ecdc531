#!/bin/sh
# PostgreSQL for the end-to-end test: a cluster that checks passwords (scram-sha-256), the app database and its rows,
# on every start (idempotent, so a restarted container keeps its data).
set -eu
port=${POSTGRES_PORT:-15432}
bin=$(ls -d /usr/lib/postgresql/*/bin | tail -n 1)
data=/var/lib/postgresql/e2e
if [ ! -s "$data/PG_VERSION" ]; then
  mkdir -p "$data" && chown postgres:postgres "$data"
  printf '%s\n' "$POSTGRES_PASSWORD" > /tmp/pw && chown postgres /tmp/pw
  su postgres -c "$bin/initdb --pgdata=$data --username=postgres --auth=scram-sha-256 --pwfile=/tmp/pw --encoding=UTF8" >/dev/null
  rm -f /tmp/pw
fi
su postgres -c "$bin/postgres -D $data -p $port -c listen_addresses=127.0.0.1 -k /tmp" &
server=$!
until su postgres -c "$bin/pg_isready -q -h /tmp -p $port"; do sleep 0.2; done
PGPASSWORD=$POSTGRES_PASSWORD su --preserve-environment postgres -c "psql -X -q -h /tmp -p $port -d postgres" <<SQL
SELECT 'CREATE DATABASE app' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'app')\gexec
\connect app
CREATE TABLE IF NOT EXISTS items (id int PRIMARY KEY, name text, price numeric(10, 2));
INSERT INTO items SELECT i, 'item ' || i, i / 100.0 FROM generate_series(1, 40000) i ON CONFLICT DO NOTHING;
SQL
touch /tmp/e2e-ready
wait "$server"
