#!/usr/bin/env bash
# Benchmark for point-in-time recovery (issue 17), in one run:
# - RPO: from a commit to its event being (a) in the captured binlog on the volume, (b) in a shipped piece on the
#   volume, (c) in a piece on S3 (s3proxy on loopback), with the default BINLOG_SHIP_INTERVAL (60 s) unless set;
#   BENCH_PITR_SAMPLES commits, spread over time.
# - Restore time to a point "one hour of writes" (BENCH_PITR_WRITES single-row transactions, default 360000: 100 per
#   second for an hour, written as fast as the server takes them) after a dump of about 1 GiB of SQL
#   (BENCH_PITR_ROWS rows of bench/lib.sh's reference table), with `backstop restore --at` through the daemon, against
#   the shell pipeline an operator would type: `gunzip < dump | mysql` then `mariadb-binlog ... | mysql`.
#   Both restores must equal the source at that time (CHECKSUM TABLE), or the script fails.
# The server is a MariaDB of the script's own with the binlog on, its datadir on /dev/shm; the volume is on disk.
# A benchmark, not a test: run it by hand (bash bench/pitr.sh). Needs mariadbd, mariadb-install-db, mariadb-binlog,
# the mysql client, gzip, bc, curl, python3.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
ROWS=${BENCH_PITR_ROWS:-3400000}
WRITES=${BENCH_PITR_WRITES:-360000}
SAMPLES=${BENCH_PITR_SAMPLES:-5}
export BINLOG_SHIP_INTERVAL=${BINLOG_SHIP_INTERVAL:-60s}
JAVA_OPTS=${BACKSTOP_JAVA_OPTS:-$(image_java_opts)}

for tool in /usr/sbin/mariadbd mariadb-install-db mariadb-binlog mysql gzip bc curl python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y mariadb-server mariadb-client bc curl)" >&2; exit 2; }
done
[ -f target/backstop.jar ] || mvn -B -q package -DskipTests
. scripts/s3proxy.sh

DATA=$(mktemp -d /dev/shm/bench-pitr.XXXXXX)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-pitr.XXXXXX")
DAEMON_PID=
cleanup() { # never stops half-way: what stays on /dev/shm takes memory until reboot
  set +e
  [ -n "$DAEMON_PID" ] && kill "$DAEMON_PID" 2>/dev/null && wait "$DAEMON_PID" 2>/dev/null
  [ -f "$DATA/mariadbd.pid" ] && kill "$(cat "$DATA/mariadbd.pid")" 2>/dev/null
  s3proxy_stop
  sleep 2; rm -rf "$DATA" "$WORK"
}
trap cleanup EXIT

DB_PORT=$(free_port); HTTP_PORT=$(free_port); S3_PORT=$(free_port)
mariadb-install-db --no-defaults --datadir="$DATA/data" --auth-root-authentication-method=normal --skip-test-db \
  --user="$(id -un)" >"$DATA/install.log" 2>&1
mkdir -p "$DATA/tmp"
/usr/sbin/mariadbd --no-defaults --user="$(id -un)" --datadir="$DATA/data" --tmpdir="$DATA/tmp" --socket="$DATA/s.sock" \
  --pid-file="$DATA/mariadbd.pid" --port="$DB_PORT" --bind-address=127.0.0.1 --log-bin=mysql-bin --server-id=1 \
  --binlog-format=ROW --innodb-buffer-pool-size=2G --innodb-log-file-size=512M --max-allowed-packet=1G \
  >"$DATA/mariadbd.log" 2>&1 &
export MYSQL_TCP_PORT=$DB_PORT
for _ in $(seq 1 100); do mysql -h127.0.0.1 -uroot -e 'SELECT 1' >/dev/null 2>&1 && break; sleep 0.2; done
MYSQL=(mysql -h127.0.0.1 -uroot)
t0=$(now)
mysql_dataset bs_pitr "$ROWS"
echo "dataset: $ROWS rows loaded in $(seconds_since "$t0") s"
"${MYSQL[@]}" -e "FLUSH BINARY LOGS"

s3proxy_start "$WORK" "$S3_PORT" bench-access bench-secret-key bench-bucket || { echo "s3proxy did not start" >&2; exit 1; }
# the daemon's environment, which the CLI shares as in the container
SETTINGS=(MYSQL_HOST=127.0.0.1 MYSQL_PORT="$DB_PORT" MYSQL_USER=root MYSQL_DB=bs_pitr BINLOG_CAPTURE=true
  BACKUP_DIR="$WORK/backups" BACKUP_HTTP_PORT="$HTTP_PORT" BACKUP_SCHEDULE="0 0 1 1 *"
  S3_BUCKET=bench-bucket S3_ENDPOINT="http://127.0.0.1:$S3_PORT" S3_PATH_STYLE=true
  AWS_ACCESS_KEY_ID=bench-access AWS_SECRET_ACCESS_KEY=bench-secret-key AWS_REGION=us-east-1)
env "${SETTINGS[@]}" java $JAVA_OPTS -jar target/backstop.jar >"$WORK/daemon.log" 2>&1 &
DAEMON_PID=$!

capture() { curl -fsS "http://127.0.0.1:$HTTP_PORT/api/status" | python3 -c \
  'import json,sys; t=[t for t in json.load(sys.stdin)["targets"] if t["name"]=="mysql"][0]; c=t.get("logCapture") or {}; print(json.dumps(c))'; }
echo "waiting for the first full backup (the chain's start)..."
t0=$(now)
for _ in $(seq 1 1800); do
  if capture 2>/dev/null | grep -q '"from"'; then break; fi
  sleep 1
done
capture | grep -q '"from"' || { echo "no recoverable window; daemon log:" >&2; tail -20 "$WORK/daemon.log" >&2; exit 1; }
DUMP=$(ls "$WORK"/backups/mysql/*.sql.gz)
echo "full backup: $(du -m "$DUMP" | cut -f1) MiB compressed, $(python3 -c "import json;print(json.load(open('$DUMP.manifest.json'))['rawBytes']//1048576)") MiB of SQL; window after $(seconds_since "$t0") s"

# RPO: a marker row per sample; poll for its bytes in the raw capture, a local piece and a piece on S3
contains() { # DIR GLOB MARKER: whether a file (gunzipped if .gz) under DIR holds MARKER
  local f
  for f in $(find "$1" -name "$2" 2>/dev/null); do
    case $f in *.gz) zcat "$f" 2>/dev/null | grep -aq "$3" && return 0 ;; *) grep -aq "$3" "$f" && return 0 ;; esac
  done
  return 1
}
"${MYSQL[@]}" bs_pitr -e "CREATE TABLE IF NOT EXISTS markers (m VARCHAR(64))"  # with a default database, so it is replayed
raw=(); piece=(); s3=()
for i in $(seq 1 "$SAMPLES"); do
  marker="rpo-marker-$i-$RANDOM$RANDOM"
  t0=$(now)
  "${MYSQL[@]}" -e "INSERT INTO bs_pitr.markers VALUES ('$marker')"
  r= p= s=
  while [ -z "$s" ]; do
    [ -z "$r" ] && contains "$WORK/backups/mysql/binlog" 'mysql-bin.*' "$marker" && r=$(seconds_since "$t0")
    [ -z "$p" ] && contains "$WORK/backups/mysql/binlog/shipped" '*.gz' "$marker" && p=$(seconds_since "$t0")
    [ -z "$s" ] && contains "$WORK/store/bench-bucket" '*.gz' "$marker" && s=$(seconds_since "$t0")
    sleep 0.2
  done
  raw+=("$r"); piece+=("$p"); s3+=("$s")
  echo "RPO sample $i: captured after $r s, in a shipped piece after $p s, on S3 after $s s"
  sleep $(( RANDOM % 20 ))
done
[ "$SAMPLES" -gt 0 ] && echo "RPO median (BINLOG_SHIP_INTERVAL=$BINLOG_SHIP_INTERVAL): captured $(median "${raw[@]}") s," \
     "shipped on the volume $(median "${piece[@]}") s, on S3 $(median "${s3[@]}") s; worst on S3 $(printf '%s\n' "${s3[@]}" | sort -n | tail -1) s"

echo "writing $WRITES single-row transactions (an hour at 100/s)..."
"${MYSQL[@]}" bs_pitr <<SQL
DELIMITER //
CREATE PROCEDURE hour_of_writes(n INT) BEGIN
  DECLARE i INT DEFAULT 0;
  WHILE i < n DO
    IF i % 3 = 0 THEN
      INSERT INTO events (id, user_id, kind, amount, title, created) VALUES (100000000 + i, i % 1000, 1, i / 100, CONCAT('w', i), NOW());
    ELSE
      UPDATE events SET amount = amount + 1, updated = NOW() WHERE id = 1 + (i * 7919) % $ROWS;
    END IF;
    SET i = i + 1;
  END WHILE;
END //
DELIMITER ;
SQL
t0=$(now)
"${MYSQL[@]}" bs_pitr -e "CALL hour_of_writes($WRITES)"
echo "writes took $(seconds_since "$t0") s"
# nothing is written between the end of the writes and the update after AT: the checksum now is the state at AT
at=$("${MYSQL[@]}" -N -e "CHECKSUM TABLE bs_pitr.events" | cut -f2)
AT_EPOCH=$(( $(date +%s) + 1 ))
AT=$(date -u -d "@$AT_EPOCH" +%Y-%m-%dT%H:%M:%SZ)
sleep 2.5
"${MYSQL[@]}" bs_pitr -e "UPDATE events SET amount = 0 WHERE id < 1000"   # after AT: must not be restored
for _ in $(seq 1 600); do capture | grep -Eq '"lagSeconds": ?0[,}]' && break; sleep 1; done
sleep 2

echo "restoring to $AT with backstop (through the daemon)..."
t0=$(now)
env "${SETTINGS[@]}" java $JAVA_OPTS -jar target/backstop.jar restore mysql --at "$AT" --database bs_pitr_backstop | tee "$WORK/restore.log"
backstop_s=$(seconds_since "$t0")

echo "restoring to $AT with the shell pipeline..."
POS=$(python3 -c "import json;m=json.load(open('$DUMP.manifest.json'))['logPosition'];print(m['file'], m['offset'])")
FIRST=${POS% *}; OFFSET=${POS#* }
FILES=$(ls "$WORK"/backups/mysql/binlog/mysql-bin.[0-9]* | awk -v f="$FIRST" '{ n=$0; sub(".*/", "", n); if (n >= f) print }')
t0=$(now)
"${MYSQL[@]}" -e "CREATE DATABASE bs_pitr_shell CHARACTER SET utf8mb4"
gunzip < "$DUMP" | "${MYSQL[@]}" bs_pitr_shell
TZ=UTC mariadb-binlog --skip-gtid-strict-mode --start-position="$OFFSET" --stop-datetime="$(date -u -d "@$AT_EPOCH" '+%F %T')" --database=bs_pitr \
  --rewrite-db='bs_pitr->bs_pitr_shell' $FILES 2>/dev/null | sed -E '/SET @@session.(gtid_seq_no|server_id)=/d' \
  | "${MYSQL[@]}" bs_pitr_shell
shell_s=$(seconds_since "$t0")

got_backstop=$("${MYSQL[@]}" -N -e "CHECKSUM TABLE bs_pitr_backstop.events" | cut -f2)
got_shell=$("${MYSQL[@]}" -N -e "CHECKSUM TABLE bs_pitr_shell.events" | cut -f2)
[ "$got_backstop" = "$got_shell" ] || { echo "FAILED: backstop's restore ($got_backstop) differs from the shell's ($got_shell)"; exit 1; }
[ "$got_backstop" = "$at" ] || { echo "FAILED: the restore ($got_backstop) is not the state at $AT ($at)"; exit 1; }
echo "both restores equal the source at $AT (CHECKSUM TABLE $at)"
echo "restore to a point $WRITES transactions after a $(du -m "$DUMP" | cut -f1) MiB dump: backstop ${backstop_s} s," \
     "shell pipeline ${shell_s} s, ratio $(echo "scale=2; $backstop_s / $shell_s" | bc)"
