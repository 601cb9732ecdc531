#!/usr/bin/env bash
# Benchmark: Backstop's MySQL/MariaDB backup against the plain shell pipeline, on ~1 GiB of dump.
#   floor:    mysqldump ... > /dev/null
#   shell:    mysqldump ... | gzip -N > f          (same level as Backstop; with BACKUP_COMPRESSION=zstd: zstd -N -T0)
#   backstop: java -jar target/backstop.jar run    (whole JVM, start to exit)
# Interleaved, median of 3. Prints Backstop/floor, Backstop/shell and Backstop's peak RSS.
# A benchmark, not a test: bash bench/mysql.sh. Needs a MariaDB/MySQL at 127.0.0.1:3306 (root, no password),
# mysqldump, gzip, bc and GNU time. BENCH_ROWS sets the size (default 5M rows, about 1 GiB of SQL),
# BACKSTOP_JAVA_OPTS the JVM options of the Backstop run.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
ROWS=${BENCH_ROWS:-5000000}
COMPRESSION=${BACKUP_COMPRESSION:-gzip}
if [ "$COMPRESSION" = zstd ]; then
  LEVEL=${BACKUP_ZSTD_LEVEL:-3}; EXT=zst; COMPRESS=(zstd -q -"$LEVEL" -T0)   # -T0: all cores, as Backstop's workers
else
  LEVEL=${BACKUP_GZIP_LEVEL:-6}; EXT=gz; COMPRESS=(gzip -"$LEVEL")
fi
DB=bs_bench_${ROWS}
RUNS=3
MYSQL=(mysql -h127.0.0.1 -uroot)
DUMP=(mysqldump -h127.0.0.1 -uroot --single-transaction --quick --routines --triggers --events --hex-blob
      --default-character-set=utf8mb4 --no-tablespaces "$DB")

for tool in mysql mysqldump gzip bc /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done
[ -f target/backstop.jar ] || mvn -B -q package -DskipTests

mysql_dataset "$DB" "$ROWS"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

floor_run() { local t0; t0=$(now); "${DUMP[@]}" > /dev/null; seconds_since "$t0"; }
shell_run() { local t0; t0=$(now); "${DUMP[@]}" | "${COMPRESS[@]}" > "$WORK/shell.sql.$EXT"; seconds_since "$t0"; }
backstop_run() {
  rm -rf "$WORK/backups"
  local t0; t0=$(now)
  # port 1: no daemon there, so the CLI runs the backup in its own process
  MYSQL_HOST=127.0.0.1 MYSQL_USER=root MYSQL_DB=$DB BACKUP_DIR=$WORK/backups BACKUP_COMPRESSION=$COMPRESSION \
    BACKUP_GZIP_LEVEL=$LEVEL BACKUP_ZSTD_LEVEL=$LEVEL BACKUP_HTTP_PORT=1 \
    /usr/bin/time -f %M -o "$WORK/rss" java ${BACKSTOP_JAVA_OPTS:-} -jar target/backstop.jar run >/dev/null
  seconds_since "$t0"
}

raw=$("${DUMP[@]}" | wc -c)
echo "dataset: $DB, $ROWS rows, $(( raw / 1024 / 1024 )) MiB of SQL; $COMPRESSION level $LEVEL; $(nproc) cores; $(mysqldump --version)"
compare_rounds "$RUNS" "$WORK/shell.sql.$EXT" "$WORK/backups/mysql/*.sql.$EXT"
