#!/usr/bin/env bash
# Benchmark: Backstop's PostgreSQL backup against the plain shell pipeline, on ~1 GiB of dump.
#   floor:    pg_dump ... > /dev/null
#   shell:    pg_dump ... | gzip -N > f            (same level as Backstop)
#   backstop: java -jar target/backstop.jar run    (whole JVM, start to exit; also dumps the globals)
# Interleaved, median of 3. Prints Backstop/floor, Backstop/shell and Backstop's peak RSS.
# A benchmark, not a test: bash bench/postgres.sh. Needs a PostgreSQL at 127.0.0.1:5432 (user postgres, no password),
# pg_dump, gzip, bc and GNU time. BENCH_ROWS sets the size (default 4M rows, about 1 GiB of SQL),
# BACKSTOP_JAVA_OPTS the JVM options of the Backstop run.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
ROWS=${BENCH_ROWS:-4000000}
LEVEL=${BACKUP_GZIP_LEVEL:-6}
DB=bs_bench_${ROWS}
RUNS=3
DUMP=(pg_dump -h 127.0.0.1 -U postgres --no-password "$DB")

for tool in psql pg_dump gzip bc /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done
[ -f target/backstop.jar ] || mvn -B -q package -DskipTests

pg_dataset "$DB" "$ROWS"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

floor_run() { local t0; t0=$(now); "${DUMP[@]}" > /dev/null; seconds_since "$t0"; }
shell_run() { local t0; t0=$(now); "${DUMP[@]}" | gzip -"$LEVEL" > "$WORK/shell.sql.gz"; seconds_since "$t0"; }
backstop_run() {
  rm -rf "$WORK/backups"
  local t0; t0=$(now)
  # port 1: no daemon there, so the CLI runs the backup in its own process
  PG_HOST=127.0.0.1 PG_USER=postgres PG_DB=$DB BACKUP_DIR=$WORK/backups BACKUP_GZIP_LEVEL=$LEVEL BACKUP_HTTP_PORT=1 \
    /usr/bin/time -f %M -o "$WORK/rss" java ${BACKSTOP_JAVA_OPTS:-} -jar target/backstop.jar run >/dev/null
  seconds_since "$t0"
}

raw=$("${DUMP[@]}" | wc -c)
echo "dataset: $DB, $ROWS rows, $(( raw / 1024 / 1024 )) MiB of SQL; gzip level $LEVEL; $(nproc) cores; $(pg_dump --version)"
compare_rounds "$RUNS" "$WORK/shell.sql.gz" "$WORK/backups/postgres/*.$DB.sql.gz"
