#!/usr/bin/env bash
# Benchmark: Backstop's MySQL/MariaDB backup against the shell pipelines a user would write, on ~1.5 GiB of dump.
#   floor:          mysqldump ... > /dev/null
#   gzip6 / pigz6:  mysqldump ... | gzip -6 > f,  | pigz -6 > f
#   zstd3:          mysqldump ... | zstd -3 -T0 > f
#   backstop_*:     java -jar target/backstop.jar run (whole JVM, start to exit, the quick read-back included) with
#                   gzip level 6, gzip level 1 and zstd level 3
# Interleaved, median of 3 (BENCH_ROUNDS). Prints each variant's median, size and peak RSS, then the goals' ratios.
# A benchmark, not a test: bash bench/mysql.sh. Needs a MariaDB/MySQL at 127.0.0.1:3306 (root, no password),
# mysqldump, gzip, pigz, zstd, bc and GNU time. BENCH_ROWS sets the size (default 5M rows, 1.5 GiB of SQL),
# BACKSTOP_JAVA_OPTS the JVM options of the Backstop runs (default: the container image's, from docker/backstop).
# BENCH_BEFORE_JAR=path/to/an/older/backstop.jar adds its three runs (before_*) to the rounds, to show a change's effect.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
ROWS=${BENCH_ROWS:-5000000}
ROUNDS=${BENCH_ROUNDS:-3}
DB=bs_bench_${ROWS}
JAVA_OPTS=${BACKSTOP_JAVA_OPTS:-$(image_java_opts)}
DUMP=(mysqldump -h127.0.0.1 -uroot --single-transaction --quick --routines --triggers --events --hex-blob
      --default-character-set=utf8mb4 --no-tablespaces "$DB")

for tool in mysql mysqldump gzip pigz zstd bc /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y pigz zstd bc time)" >&2; exit 2; }
done
[ -f target/backstop.jar ] || mvn -B -q package -DskipTests

mysql_dataset "$DB" "$ROWS"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

shell() { local name=$1 compress=$2; echo "$WORK/$name.out" > "$WORK/file.$name"; timed sh -c "\"\$@\" | $compress > '$WORK/$name.out'" - "${DUMP[@]}"; }
backstop() {
  local name=$1 compression=$2 level=$3 ext=sql.gz
  [ "$compression" = zstd ] && ext=sql.zst
  backstop_timed "$name" "$ext" MYSQL_HOST=127.0.0.1 MYSQL_USER=root MYSQL_DB="$DB" BACKUP_COMPRESSION="$compression" \
    BACKUP_GZIP_LEVEL="$level" BACKUP_ZSTD_LEVEL="$level"
}
run_floor() { timed sh -c '"$@" > /dev/null' - "${DUMP[@]}"; }
run_gzip6() { shell gzip6 "gzip -6"; }
run_pigz6() { shell pigz6 "pigz -6"; }
run_zstd3() { shell zstd3 "zstd -q -3 -T0"; }
run_backstop_gzip6() { backstop backstop_gzip6 gzip 6; }
run_backstop_gzip1() { backstop backstop_gzip1 gzip 1; }
run_backstop_zstd3() { backstop backstop_zstd3 zstd 3; }
run_before_gzip6() { JAR=$BENCH_BEFORE_JAR backstop before_gzip6 gzip 6; }
run_before_gzip1() { JAR=$BENCH_BEFORE_JAR backstop before_gzip1 gzip 1; }
run_before_zstd3() { JAR=$BENCH_BEFORE_JAR backstop before_zstd3 zstd 3; }
BEFORE=()
[ -n "${BENCH_BEFORE_JAR:-}" ] && BEFORE=(before_gzip6 before_gzip1 before_zstd3)

raw=$("${DUMP[@]}" | wc -c)
echo "dataset: $DB, $ROWS rows, $(( raw / 1024 / 1024 )) MiB of SQL; $(nproc) cores; $(mysqldump --version)"
echo "Backstop JVM options: $JAVA_OPTS"
bench_variants "$ROUNDS" floor gzip6 pigz6 zstd3 backstop_gzip6 backstop_gzip1 backstop_zstd3 "${BEFORE[@]}"
echo "goal ratios:"
echo "  backstop zstd-3 / floor:   $(ratio backstop_zstd3 floor) (goal <= 1.2; the shell's zstd -3 -T0 / floor: $(ratio zstd3 floor))"
echo "  backstop gzip-6 / pigz -6: $(ratio backstop_gzip6 pigz6) (goal <= 1.0); size $(echo "scale=4; ${BYTES[backstop_gzip6]} / ${BYTES[pigz6]}" | bc) of pigz's (goal <= 1.01)"
echo "  backstop gzip-1 / floor:   $(ratio backstop_gzip1 floor) (goal <= 2.0)"
echo "  backstop gzip-6 / gzip -6: $(ratio backstop_gzip6 gzip6)"
for name in "${BEFORE[@]}"; do
  echo "  ${name#before_} against the older jar: $(ratio "backstop_${name#before_}" "$name")"
done
echo "inside the last Backstop runs (their own log): the run's duration, and the quick read-back's:"
for name in backstop_gzip6 backstop_gzip1 backstop_zstd3 "${BEFORE[@]}"; do
  echo "  $name: $(sed -n 's/.*backup succeeded.* duration=\([0-9.]*s\).*/\1/p' "$WORK/log.$name"), read-back $(sed -n 's/.*verification passed.* duration=\([0-9.]*s\).*/\1/p' "$WORK/log.$name")"
done
