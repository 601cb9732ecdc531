#!/usr/bin/env bash
# Benchmark: Backstop's backup of a ~500 MB SQLite file against the plain shell pipelines
#   sqlite3 src.db ".backup dst" && gzip -6 dst      (and && zstd -3 -T0 dst, against Backstop with zstd)
# and the same again with a busy writer (a transaction every 0.2 s, the demo's pattern), where the shell also gets
#   sqlite3 src.db "VACUUM INTO 'dst'" && gzip -6 dst
# Interleaved, median of 3 (BENCH_ROUNDS); prints each variant's median, size and peak RSS, and the ratios.
# A benchmark, not a test: run it by hand (bash bench/sqlite.sh). Needs sqlite3, gzip, zstd, bc and GNU time.
# BENCH_SQLITE_MB sets the size, BACKSTOP_JAVA_OPTS the JVM options of the Backstop runs (default: the image's).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
ROOT=$PWD
CACHE=$ROOT/bench/.cache
SIZE_MB=${BENCH_SQLITE_MB:-500}
LEVEL=${BACKUP_GZIP_LEVEL:-6}
RUNS=${BENCH_ROUNDS:-3}
SHELL_TIMEOUT=${BENCH_SHELL_TIMEOUT:-300}
JAVA_OPTS=${BACKSTOP_JAVA_OPTS:-$(image_java_opts)}

for tool in sqlite3 gzip zstd bc /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y sqlite3 gzip zstd bc time)" >&2; exit 2; }
done
[ -f target/backstop.jar ] || mvn -B -q package -DskipTests

mkdir -p "$CACHE"
SRC=$CACHE/bench-${SIZE_MB}mb.db
if [ ! -f "$SRC" ]; then
  echo "building a ${SIZE_MB} MB reference database (once, cached in $CACHE)..."
  rows=$((SIZE_MB * 1024 * 1024 / 385))
  sqlite3 "$SRC.tmp" >/dev/null <<SQL
PRAGMA journal_mode=WAL;
CREATE TABLE events (id INTEGER PRIMARY KEY, user_id INTEGER, kind TEXT, amount REAL, created_at TEXT, body TEXT, blob BLOB);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows)
INSERT INTO events (user_id, kind, amount, created_at, body, blob)
SELECT abs(random()) % 100000, 'kind-' || (i % 17), (abs(random()) % 1000000) / 100.0,
       datetime(1700000000 + i, 'unixepoch'),
       'event ' || i || ' ' || substr(hex(randomblob(120)), 1, 200) || ' lorem ipsum dolor sit amet',
       randomblob(64)
FROM n;
CREATE INDEX events_user ON events (user_id);
SQL
  mv "$SRC.tmp" "$SRC"
fi
echo "source: $SRC ($(du -m "$SRC" | cut -f1) MB), gzip level $LEVEL, zstd level 3, $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "Backstop JVM options: $JAVA_OPTS"

WORK=$(mktemp -d)
WRITER=
trap '[ -n "$WRITER" ] && kill "$WRITER" 2>/dev/null; rm -rf "$WORK"' EXIT

# the demo's writer pattern (docker/app-writer.sh): a transaction of two inserts every 0.2 s, in the source database
start_writer() {
  sqlite3 "$SRC" "CREATE TABLE IF NOT EXISTS bench_orders (id INTEGER PRIMARY KEY, amount INTEGER, at TEXT)" >/dev/null
  ( while true; do
      sqlite3 "$SRC" "PRAGMA busy_timeout=5000; BEGIN; INSERT INTO bench_orders (amount, at) VALUES (abs(random()) % 1000, datetime('now'));
        INSERT INTO bench_orders (amount, at) VALUES (1, datetime('now')); COMMIT;" >/dev/null
      sleep 0.2
    done ) &
  WRITER=$!
}
stop_writer() { kill "$WRITER" 2>/dev/null; wait "$WRITER" 2>/dev/null || true; WRITER=; }

# sqlite3's .backup copies 100 pages per step and starts over whenever another connection writes: under the busy
# writer it may never end, so it gets BENCH_SHELL_TIMEOUT seconds (a time of about that much means it never finished)
shell() {
  local name=$1 copy=$2 compress=$3 ext=$4
  rm -f "$WORK/$name".db*
  echo "$WORK/$name.db.$ext" > "$WORK/file.$name"
  timed sh -c "$copy && $compress '$WORK/$name.db'"
}
backup_copy() { echo "timeout $SHELL_TIMEOUT sqlite3 '$SRC' \".backup '$WORK/$1.db'\""; }
vacuum_copy() { echo "sqlite3 '$SRC' \"VACUUM INTO '$WORK/$1.db'\""; }
backstop() {
  local name=$1 compression=$2 level=$3 ext=db.gz
  [ "$compression" = zstd ] && ext=db.zst
  backstop_timed "$name" "$ext" SQLITE_PATH="$SRC" BACKUP_COMPRESSION="$compression" BACKUP_GZIP_LEVEL="$level" \
    BACKUP_ZSTD_LEVEL="$level"
}
busy() { start_writer; "$@"; stop_writer; }

run_shell_gzip() { shell shell_gzip "$(backup_copy shell_gzip)" "gzip -$LEVEL" gz; }
run_backstop_gzip() { backstop backstop_gzip gzip "$LEVEL"; }
run_shell_zstd() { shell shell_zstd "$(backup_copy shell_zstd)" "zstd -q --rm -3 -T0" zst; }
run_backstop_zstd() { backstop backstop_zstd zstd 3; }
run_busy_shell_backup() { busy shell busy_shell_backup "$(backup_copy busy_shell_backup)" "gzip -$LEVEL" gz; }
run_busy_shell_vacuum() { busy shell busy_shell_vacuum "$(vacuum_copy busy_shell_vacuum)" "gzip -$LEVEL" gz; }
run_busy_backstop() { busy backstop busy_backstop gzip "$LEVEL"; }

bench_variants "$RUNS" shell_gzip backstop_gzip shell_zstd backstop_zstd busy_shell_backup busy_shell_vacuum busy_backstop
echo "ratios:"
echo "  backstop / (sqlite3 .backup && gzip -$LEVEL):   $(ratio backstop_gzip shell_gzip)"
echo "  backstop zstd / (sqlite3 .backup && zstd -3): $(ratio backstop_zstd shell_zstd)"
echo "  with the busy writer, backstop / (sqlite3 .backup && gzip): $(ratio busy_backstop busy_shell_backup); / (VACUUM INTO && gzip): $(ratio busy_backstop busy_shell_vacuum)"
