#!/usr/bin/env bash
# Benchmark: do the image's JVM options (docker/backstop, chosen for a small idle daemon) slow backups down?
# Backstop `run` at gzip-6 on bench/mysql.sh's dataset with the options the image had before them
# (BENCH_OLD_OPTS) and with docker/backstop's, interleaved, median of 3 (BENCH_ROUNDS), with each one's peak RSS.
# A benchmark, not a test: bash bench/jvm-options.sh. Needs what bench/mysql.sh needs.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
ROWS=${BENCH_ROWS:-5000000}
DB=bs_bench_${ROWS}
OLD_OPTS=${BENCH_OLD_OPTS:--XX:+UseSerialGC -Xmx256m -XX:+ExitOnOutOfMemoryError}
NEW_OPTS=$(image_java_opts)
[ -f target/backstop.jar ] || mvn -B -q package -DskipTests
mysql_dataset "$DB" "$ROWS"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

run_with() { JAVA_OPTS=$2 backstop_timed "$1" sql.gz "${@:3}" MYSQL_HOST=127.0.0.1 MYSQL_USER=root MYSQL_DB="$DB"; }
run_old_options() { run_with old_options "$OLD_OPTS"; }
run_image_options() { run_with image_options "$NEW_OPTS" MALLOC_ARENA_MAX=2; }

echo "old: $OLD_OPTS"
echo "image: $NEW_OPTS, MALLOC_ARENA_MAX=2"
bench_variants "${BENCH_ROUNDS:-3}" old_options image_options
echo "ratio image / old: $(ratio image_options old_options)"
