#!/usr/bin/env bash
# End-to-end proof of the sidecar on a real Docker engine, run by .ci/run:
#  1. validate docker-compose.yaml; 2. build the image; 3. start the test stack (docker/e2e/override.yaml);
#  4. wait for the backup service to be healthy, run a backup through docker exec, restore the MySQL, SQLite
#     and PostgreSQL files with stock tools and once more with backstop restore; restore MySQL to its newest event
#     from the captured binlog; check the copies on S3 (s3proxy on the host) and restore from S3 once the local file
#     is gone;
#  5. stop the stack with SIGTERM during a dump that cannot finish and check nothing partial is left;
#  6. clean up containers, the engine and temp dirs.
# The engine runs here without registry access: the base image is a debootstrap tree (cached in
# $E2E_CACHE), imported under the tag the Dockerfiles expect. If the engine cannot start, this fails loudly.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
E2E_CACHE=${E2E_CACHE:-/var/cache/backstop-e2e}
WORK=$(mktemp -d /tmp/backstop-e2e.XXXXXX)
export DOCKER_HOST=unix://$WORK/docker.sock
export E2E_BACKUPS=$WORK/backups
export E2E_SECRETS=$WORK/secrets
. scripts/s3proxy.sh
PROJECT=backstope2e
COMPOSE=(docker-compose -p "$PROJECT" -f docker-compose.yaml -f docker/e2e/override.yaml)
DOCKERD_PID=

log() { echo "e2e: $*"; }
fail() { echo "e2e: FAILED: $*" >&2; exit 1; }

cleanup() {
  set +e
  s3proxy_stop
  [ -n "${WEBHOOK_PID:-}" ] && kill "$WEBHOOK_PID" 2>/dev/null
  if [ -n "$DOCKERD_PID" ]; then
    "${COMPOSE[@]}" down -v --remove-orphans >/dev/null 2>&1
    kill "$DOCKERD_PID" 2>/dev/null
    for _ in $(seq 1 30); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 1; done
    kill -9 "$DOCKERD_PID" 2>/dev/null
  fi
  grep -F "$WORK" /proc/mounts | awk '{print $2}' | xargs -r umount -l 2>/dev/null
  rm -f "$ROOT"/docker/extra-ca-certificates/*.crt "$ROOT"/docker/mongodb-tools/mongodump "$ROOT"/docker/mongodb-tools/mongorestore
  [ -n "${MONGO_PID:-}" ] && kill "$MONGO_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

need() {
  local missing=()
  command -v docker >/dev/null || missing+=(docker.io)
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v sqlite3 >/dev/null || missing+=(sqlite3)
  command -v curl >/dev/null || missing+=(curl)
  command -v python3 >/dev/null || missing+=(python3)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}
need
E2E_S3_PORT=$(free_port)
export E2E_S3_ENDPOINT=http://127.0.0.1:$E2E_S3_PORT
export E2E_WEBHOOK_PORT=$(free_port)
export E2E_MONGO_PORT=$(free_port)
MONGO_TOOLS=${MONGODB_TOOLS_DIR:-$ROOT/../shared/tools/mongodb-database-tools/bin}
[ -x "$MONGO_TOOLS/mongodump" ] && [ -x "$MONGO_TOOLS/mongorestore" ] || fail "no MongoDB Database Tools in $MONGO_TOOLS (MONGODB_TOOLS_DIR)"

log "1. docker-compose config"
E2E_BACKUPS=$WORK/backups docker-compose -f docker-compose.yaml config -q || fail "docker-compose.yaml is invalid"
"${COMPOSE[@]}" config -q || fail "the test override is invalid"

log "starting a Docker engine"
mkdir -p "$E2E_CACHE/docker" "$E2E_BACKUPS"
chmod 0777 "$E2E_BACKUPS"
dockerd --iptables=false --ip-masq=false --bridge=none --data-root "$E2E_CACHE/docker" --exec-root "$WORK/exec" \
  --pidfile "$WORK/docker.pid" -H "$DOCKER_HOST" >"$WORK/dockerd.log" 2>&1 &
DOCKERD_PID=$!
for _ in $(seq 1 60); do docker version >/dev/null 2>&1 && break; sleep 1; done
docker version >/dev/null 2>&1 || { cat "$WORK/dockerd.log" >&2; fail "the Docker engine did not start"; }

if ! docker image inspect debian:bookworm-slim >/dev/null 2>&1; then
  if [ ! -d "$E2E_CACHE/rootfs" ]; then
    log "debootstrap of the base image (cached in $E2E_CACHE/rootfs)"
    rm -rf "$E2E_CACHE/rootfs.tmp"
    debootstrap --variant=minbase bookworm "$E2E_CACHE/rootfs.tmp" http://deb.debian.org/debian >"$WORK/debootstrap.log" 2>&1 \
      || { tail -20 "$WORK/debootstrap.log" >&2; fail "debootstrap failed"; }
    mv "$E2E_CACHE/rootfs.tmp" "$E2E_CACHE/rootfs"
  fi
  tar -C "$E2E_CACHE/rootfs" -c . | docker import - debian:bookworm-slim >/dev/null
fi

log "2. building the images"
cp /usr/local/share/ca-certificates/*.crt docker/extra-ca-certificates/ 2>/dev/null || true
install -m 0755 "$MONGO_TOOLS/mongodump" "$MONGO_TOOLS/mongorestore" docker/mongodb-tools/
export DOCKER_BUILDKIT=0 COMPOSE_DOCKER_CLI_BUILD=0
"${COMPOSE[@]}" build >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log" >&2; fail "image build failed"; }

log "starting s3proxy on $E2E_S3_ENDPOINT"
mkdir -p "$E2E_SECRETS"
printf 'e2e-access\n' >"$E2E_SECRETS/s3-access-key-id"
printf 'e2e-secret-key-0123456789\n' >"$E2E_SECRETS/s3-secret-access-key"
printf 'e2e-pg-password\n' >"$E2E_SECRETS/pg-password"
chmod 0644 "$E2E_SECRETS"/*
s3proxy_start "$WORK/s3" "$E2E_S3_PORT" e2e-access e2e-secret-key-0123456789 e2e-backups || fail "s3proxy did not start"
S3_STORE=$WORK/s3/store/e2e-backups
python3 docker/e2e/webhook-receiver.py "$E2E_WEBHOOK_PORT" "$WORK/webhook.jsonl" &
WEBHOOK_PID=$!
log "starting mongo-java-server on 127.0.0.1:$E2E_MONGO_PORT (shop.items: 2000 documents)"
# the WARN-level logback configuration s3proxy_start wrote: without one the driver logs at DEBUG on stdout
mongo_java() { java -Dlogback.configurationFile="$WORK/s3/logback.xml" -cp "$(cat "$WORK/s3/classpath.txt")" docker/e2e/MongoJavaServer.java "$@"; }
mongo_java serve "$E2E_MONGO_PORT" 2000 >"$WORK/mongo.log" 2>&1 &
MONGO_PID=$!
for _ in $(seq 1 150); do grep -q ready "$WORK/mongo.log" && break; sleep 0.2; done
grep -q ready "$WORK/mongo.log" || { cat "$WORK/mongo.log" >&2; fail "mongo-java-server did not start"; }

log "3. starting the test stack"
"${COMPOSE[@]}" up -d >"$WORK/up.log" 2>&1 || { cat "$WORK/up.log" >&2; "${COMPOSE[@]}" logs >&2; fail "the stack did not start"; }
backup=$("${COMPOSE[@]}" ps -q backup)

log "4. waiting for the backup service to be healthy"
for _ in $(seq 1 120); do
  [ "$(docker inspect -f '{{.State.Health.Status}}' "$backup")" = healthy ] && break
  sleep 2
done
[ "$(docker inspect -f '{{.State.Health.Status}}' "$backup")" = healthy ] || { "${COMPOSE[@]}" logs backup >&2; fail "backup never became healthy"; }

docker exec "$backup" backstop run || { "${COMPOSE[@]}" logs backup >&2; fail "backstop run failed"; }
docker exec "$backup" backstop list
docker exec "$backup" backstop status

sql=$(ls -t "$E2E_BACKUPS"/mysql/*.app.sql.gz | head -n 1)
db=$(ls -t "$E2E_BACKUPS"/app/*.db.gz | head -n 1)
[ -s "$sql" ] && [ -s "$db" ] || fail "expected a .sql.gz and a .db.gz in the volume"
[ "$(stat -c %a "$sql")" = 600 ] || fail "backup files must be 0600"
log "restoring $sql into a new database"
mysql_e2e() { docker exec -i "$("${COMPOSE[@]}" ps -q mariadb)" mysql -h127.0.0.1 -P13306 -uroot -pe2e-root "$@"; }
mysql_e2e -e "DROP DATABASE IF EXISTS restored; CREATE DATABASE restored"
gunzip < "$sql" | mysql_e2e restored
[ "$(mysql_e2e -N -e 'SELECT count(*) FROM restored.items')" = 50000 ] || fail "restored MySQL row count differs"
log "restoring $db"
gunzip -c "$db" > "$WORK/restored.db"
[ "$(sqlite3 "$WORK/restored.db" 'PRAGMA integrity_check')" = ok ] || fail "restored SQLite database is not sound"
orders=$(sqlite3 "$WORK/restored.db" 'SELECT count(*) FROM orders')
notes=$(sqlite3 "$WORK/restored.db" 'SELECT count(*) FROM order_log')
[ "$orders" -gt 0 ] && [ "$orders" = "$notes" ] || fail "restored SQLite counts differ: $orders orders, $notes log rows"

log "restoring through the CLI in the container"
run_id=$(docker exec "$backup" backstop list mysql | awk '$3 == "SUCCEEDED" && !found {print $1; found = 1}')
docker exec "$backup" backstop restore "$run_id" --database restored_cli || fail "backstop restore failed"
[ "$(mysql_e2e -N -e 'SELECT count(*) FROM restored_cli.items')" = 50000 ] || fail "backstop restore: row count differs"
if docker exec "$backup" backstop restore "$run_id" --database restored_cli 2>"$WORK/refused.txt"; then
  fail "restoring over a non-empty database without --force must be refused"
fi
grep -q -- "--force" "$WORK/refused.txt" || fail "the refusal does not say how to overwrite"

log "point-in-time restore from the captured binlog, in the container"
for _ in $(seq 1 60); do docker exec "$backup" backstop list --binlog mysql >"$WORK/window.txt" 2>&1 && break; sleep 2; done
cat "$WORK/window.txt"
grep -q 'restorable to any second' "$WORK/window.txt" || fail "list --binlog mysql shows no recoverable window"
mysql_e2e -e "UPDATE app.items SET price = price + 1 WHERE id <= 100; INSERT INTO app.items VALUES (50001, 'after the dump', 1.00)"
read -r binlog position <<<"$(mysql_e2e -N -e 'SHOW MASTER STATUS' | awk '{print $1, $2}')"
for _ in $(seq 1 60); do
  [ "$(stat -c %s "$E2E_BACKUPS/mysql/binlog/$binlog" 2>/dev/null || echo 0)" -ge "$position" ] && break
  sleep 1
done
[ "$(stat -c %s "$E2E_BACKUPS/mysql/binlog/$binlog" 2>/dev/null || echo 0)" -ge "$position" ] \
  || fail "the capture did not reach $binlog:$position"
pitr=$(docker exec "$backup" backstop restore mysql --at latest --database app_pitr) || fail "backstop restore --at latest failed"
echo "$pitr"
grep -q 'replayed the binlog' <<<"$pitr" || fail "restore --at did not replay the binlog"
[ "$(mysql_e2e -N -e 'CHECKSUM TABLE app.items' | awk '{print $2}')" = "$(mysql_e2e -N -e 'CHECKSUM TABLE app_pitr.items' | awk '{print $2}')" ] \
  || fail "restore --at latest differs from the live table"
for _ in $(seq 1 30); do ls "$S3_STORE"/backstop/mysql/binlog/*.manifest.json >/dev/null 2>&1 && break; sleep 1; done
ls "$S3_STORE"/backstop/mysql/binlog/*.manifest.json >/dev/null 2>&1 || fail "no binlog piece reached S3"

log "PostgreSQL: the dump restores with psql alone, and through backstop restore; full verification"
pg_e2e() { docker exec -i -e PGPASSWORD=e2e-pg-password "$("${COMPOSE[@]}" ps -q postgres)" \
  psql -q -h 127.0.0.1 -p 15432 -U postgres --set=ON_ERROR_STOP=1 "$@"; }
pgsql=$(ls -t "$E2E_BACKUPS"/postgres/*.app.sql.gz | head -n 1)
globals=$(ls -t "$E2E_BACKUPS"/postgres/*._globals.sql.gz | head -n 1)
[ -s "$pgsql" ] && [ -s "$globals" ] || fail "expected the app database's .sql.gz and the globals in the volume"
pg_e2e -d postgres -c "DROP DATABASE IF EXISTS restored" -c "CREATE DATABASE restored"
gunzip < "$pgsql" | pg_e2e -d restored
[ "$(pg_e2e -At -d restored -c 'SELECT count(*) FROM items')" = 40000 ] || fail "restored PostgreSQL row count differs"
pg_run=$(docker exec "$backup" backstop list postgres | awk '$3 == "SUCCEEDED" && !found {print $1; found = 1}')
docker exec "$backup" backstop restore "$pg_run" --database restored_cli || fail "backstop restore of the PostgreSQL backup failed"
[ "$(pg_e2e -At -d restored_cli -c 'SELECT count(*) FROM items')" = 40000 ] || fail "backstop restore (PostgreSQL): row count differs"
verified=$(docker exec "$backup" backstop verify --full postgres) || fail "backstop verify --full postgres failed"
grep -q 'public.items=40000' <<<"$verified" || fail "the PostgreSQL full verification did not count the restored rows: $verified"

log "MongoDB in both modes from inside the container, restored with backstop restore"
mongo_manifest=$(ls -t "$E2E_BACKUPS"/mongodb/*.manifest.json | head -n 1)
grep -q '"writer":"mongodump"' "$mongo_manifest" || fail "the image's mongodump did not write the MongoDB backup: $(cat "$mongo_manifest")"
docker exec -e MONGO_MODE=native -e BACKUP_HTTP_PORT=1 "$backup" backstop run mongodb >/dev/null 2>&1 \
  || fail "a native-mode MongoDB backup in the container failed"
mongo_manifest=$(ls -t "$E2E_BACKUPS"/mongodb/*.manifest.json | head -n 1)
grep -q '"writer":"backstop native"' "$mongo_manifest" || fail "the native writer did not write the second MongoDB backup"
mongo_runs=$(docker exec "$backup" backstop list mongodb | awk '$3 == "SUCCEEDED" {print $1}')
native_run=$(sed -n 1p <<<"$mongo_runs")
dump_run=$(sed -n 2p <<<"$mongo_runs")
[ -n "$native_run" ] && [ -n "$dump_run" ] || fail "expected two MongoDB backups, got: $mongo_runs"
docker exec "$backup" backstop restore "$dump_run" --database shop:restored_dump >/dev/null || fail "restoring the mongodump backup failed"
docker exec "$backup" backstop restore "$native_run" --database shop:restored_native >/dev/null || fail "restoring the native backup failed"
for copy in restored_dump restored_native; do  # not $db: that names the SQLite backup checked on S3 below
  restored=$(mongo_java count "$E2E_MONGO_PORT" "$copy" items)
  [ "$restored" = 2000 ] || fail "$copy.items holds $restored documents, not 2000"
done

log "full verification in the container: a throwaway mariadbd of the image's own"
verified=$(docker exec "$backup" backstop verify --full mysql) || fail "backstop verify --full failed"
echo "$verified"
grep -q '^PASSED  full mysql' <<<"$verified" || fail "the full verification did not pass"
grep -q 'items=50000' <<<"$verified" || fail "the full verification did not count the restored rows"
[ "$(mysql_e2e -N -e "SELECT count(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'backstop_verify%'")" = 0 ] \
  || fail "the full verification touched the production server"

log "checking the copies on S3"
for file in "$sql" "$db"; do
  target=$(basename "$(dirname "$file")")
  object=$S3_STORE/backstop/$target/$(basename "$file")
  [ -f "$object" ] && [ -f "$object.manifest.json" ] || { ls -R "$S3_STORE" >&2; fail "$(basename "$file") is not on S3"; }
  [ "$(sha256sum <"$object")" = "$(sha256sum <"$file")" ] || fail "the S3 copy of $(basename "$file") differs"
done
# captured first: grep -q ending the pipe early would fail docker exec with SIGPIPE under pipefail
listed=$(docker exec "$backup" backstop list mysql)
grep -q ' both ' <<<"$listed" || fail "backstop list does not show the S3 copy"
log "restoring from S3 after the local file is gone"
rm -f "$sql" "$sql.manifest.json"
restored=$(docker exec "$backup" backstop restore "$run_id" --database restored_s3) || fail "backstop restore from S3 failed"
echo "$restored"
grep -q 'restored s3://e2e-backups/' <<<"$restored" || fail "backstop restore did not fetch the backup from S3"
[ "$(mysql_e2e -N -e 'SELECT count(*) FROM restored_s3.items')" = 50000 ] || fail "restore from S3: row count differs"

log "metrics and a failure notification from inside the container"
metrics=$(curl -fsS http://127.0.0.1:18080/prometheus) || fail "/prometheus does not answer"
grep -q '^backstop_backup_last_run_success{target="mysql"} 1' <<<"$metrics" || fail "/prometheus lacks the mysql target's last run"
grep -q '^backstop_backup_size_bytes{part="app",target="mysql"} [1-9]' <<<"$metrics" || fail "/prometheus lacks the dump's size"
# a view over a dropped table makes mysqldump fail: the run fails and the webhook hears of it
mysql_e2e -e "CREATE TABLE app.doomed (id INT); CREATE VIEW app.broken AS SELECT id FROM app.doomed; DROP TABLE app.doomed"
if docker exec "$backup" backstop run mysql >/dev/null 2>&1; then fail "a dump of a broken view must fail"; fi
for _ in $(seq 1 30); do grep -q '"event":"failure"' "$WORK/webhook.jsonl" 2>/dev/null && break; sleep 1; done
grep -q '"event":"failure","target":"mysql"' "$WORK/webhook.jsonl" || fail "no failure notification reached the webhook"
mysql_e2e -e "DROP VIEW app.broken"
docker exec "$backup" backstop run mysql >/dev/null || fail "the run after the repair failed"
for _ in $(seq 1 30); do grep -q '"event":"recovery"' "$WORK/webhook.jsonl" && break; sleep 1; done
grep -q '"event":"recovery","target":"mysql"' "$WORK/webhook.jsonl" || fail "no recovery notification reached the webhook"
[ "$(grep -c . "$WORK/webhook.jsonl")" = 2 ] || { cat "$WORK/webhook.jsonl" >&2; fail "expected exactly one failure and one recovery"; }
if "${COMPOSE[@]}" logs backup 2>&1 | grep -q e2e-token; then fail "the webhook's token appears in the log"; fi

log "5. SIGTERM during a dump that cannot finish"
mysql_e2e -e "LOCK TABLES app.items WRITE; SELECT SLEEP(120)" >/dev/null 2>&1 &
locker=$!
sleep 2
docker exec "$backup" backstop run mysql >"$WORK/blocked-run.log" 2>&1 &
for _ in $(seq 1 150); do ls "$E2E_BACKUPS"/mysql/*.partial >/dev/null 2>&1 && break; sleep 0.2; done
if ! ls "$E2E_BACKUPS"/mysql/*.partial >/dev/null 2>&1; then
  cat "$WORK/blocked-run.log" >&2; ls -la "$E2E_BACKUPS"/mysql >&2; "${COMPOSE[@]}" logs --tail=30 backup >&2
  fail "the blocked dump never started"
fi
"${COMPOSE[@]}" stop -t 60 backup
kill "$locker" 2>/dev/null || true
if ls "$E2E_BACKUPS"/mysql/*.partial "$E2E_BACKUPS"/mysql/.scratch-* >/dev/null 2>&1; then
  fail "a partial file was left after SIGTERM"
fi
"${COMPOSE[@]}" start backup
for _ in $(seq 1 60); do docker exec "$backup" backstop list mysql >"$WORK/list.txt" 2>/dev/null && break; sleep 2; done
grep -q INTERRUPTED "$WORK/list.txt" || { cat "$WORK/list.txt" >&2; fail "the aborted run is not recorded as interrupted"; }

log "passed"
