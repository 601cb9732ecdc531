#!/usr/bin/env bash
# Benchmark: Backstop's backup of a ~500 MB SQLite file against the plain shell pipeline
#   sqlite3 src.db ".backup dst" && gzip -6 dst
# Runs both interleaved, 3 times each, and prints the medians, the ratio and Backstop's peak RSS.
# A benchmark, not a test: run it by hand (bash bench/sqlite.sh). Needs sqlite3, gzip, bc and GNU time.
# BENCH_SQLITE_MB sets the size, BACKSTOP_JAVA_OPTS the JVM options of the Backstop run.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
ROOT=$PWD
CACHE=$ROOT/bench/.cache
SIZE_MB=${BENCH_SQLITE_MB:-500}
LEVEL=${BACKUP_GZIP_LEVEL:-6}
RUNS=3

for tool in sqlite3 gzip /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y sqlite3 gzip time)" >&2; exit 2; }
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
echo "source: $SRC ($(du -m "$SRC" | cut -f1) MB), gzip level $LEVEL, $(nproc) cores, $(java -version 2>&1 | head -1)"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT


shell_run() {
  rm -f "$WORK/shell.db" "$WORK/shell.db.gz"
  local t0; t0=$(now)
  sqlite3 "$SRC" ".backup '$WORK/shell.db'"
  gzip -"$LEVEL" "$WORK/shell.db"
  seconds_since "$t0"
}

backstop_run() {
  rm -rf "$WORK/backups"
  local t0; t0=$(now)
  # port 1: no daemon there, so the CLI runs the backup in its own process
  SQLITE_PATH=$SRC BACKUP_DIR=$WORK/backups BACKUP_GZIP_LEVEL=$LEVEL BACKUP_HTTP_PORT=1 \
    /usr/bin/time -f %M -o "$WORK/rss" java ${BACKSTOP_JAVA_OPTS:-} -jar target/backstop.jar run >/dev/null
  seconds_since "$t0"
}


shell_times=(); backstop_times=(); rss=()
for i in $(seq 1 $RUNS); do
  shell_times+=("$(shell_run)")
  backstop_times+=("$(backstop_run)")
  rss+=("$(cat "$WORK/rss")")
  echo "round $i: shell ${shell_times[-1]} s, backstop ${backstop_times[-1]} s, backstop peak RSS $(( ${rss[-1]} / 1024 )) MiB"
done

shell=$(median "${shell_times[@]}")
backstop=$(median "${backstop_times[@]}")
peak=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)
echo "median: shell pipeline ${shell} s, backstop ${backstop} s (whole JVM start to exit)"
echo "ratio backstop/shell: $(echo "scale=2; $backstop / $shell" | bc)"
echo "backstop peak RSS: $(( peak / 1024 )) MiB; file sizes: shell $(stat -c %s "$WORK/shell.db.gz") B, backstop $(stat -c %s "$WORK"/backups/*/*.db.gz) B"
