#!/usr/bin/env bash
# Benchmark: verification of a MySQL/MariaDB backup of the reference dataset of bench/mysql.sh (5M rows, ~1.5 GiB SQL).
#   backup: java -jar target/backstop.jar run            (its quick read-back included)
#   quick:  java -jar target/backstop.jar verify mysql
#   full:   java -jar target/backstop.jar verify mysql --full   (VERIFY_MYSQL=local: a throwaway mariadbd; and =server)
#   zcat:   zcat FILE | mysql SCRATCH                     (what a person would run to try a restore)
# Median of RUNS (default 3) for backup and quick, of FULL_RUNS (default 1: a restore takes minutes) for full and zcat.
# Prints quick/backup (goal <= 0.3) and full/zcat (goal <= 1.1), for each place a full verification can restore to.
# A benchmark, not a test: bash bench/verify.sh. Needs MariaDB at 127.0.0.1:3306 (root, no password), mysql, gzip, bc.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
ROWS=${BENCH_ROWS:-5000000}
DB=bs_bench_${ROWS}
RUNS=${RUNS:-3}
FULL_RUNS=${FULL_RUNS:-1}
[ -f target/backstop.jar ] || mvn -B -q package -DskipTests
mysql_dataset "$DB" "$ROWS"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"; mysql -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS bs_bench_zcat"' EXIT
# port 1: no daemon there, so every command works in its own process on $WORK/backups
export MYSQL_HOST=127.0.0.1 MYSQL_USER=root MYSQL_DB=$DB BACKUP_DIR=$WORK/backups BACKUP_HTTP_PORT=1
backstop() { java ${BACKSTOP_JAVA_OPTS:-} -jar target/backstop.jar "$@" >/dev/null 2>"$WORK/err" || { cat "$WORK/err" >&2; exit 1; }; }
timed() { local t0; t0=$(now); "$@"; seconds_since "$t0"; }

backups=() quicks=() fulls=() servers=() zcats=()
for ((i = 1; i <= RUNS; i++)); do
  rm -rf "$WORK/backups"
  backups+=("$(timed backstop run)")
  quicks+=("$(timed backstop verify mysql)")
  echo "round $i: backup ${backups[-1]} s, quick ${quicks[-1]} s"
done
file=$(ls "$WORK"/backups/mysql/*.sql.gz)
for ((i = 1; i <= FULL_RUNS; i++)); do
  fulls+=("$(VERIFY_MYSQL=local timed backstop verify mysql --full)")
  servers+=("$(VERIFY_MYSQL=server timed backstop verify mysql --full)")
  mysql -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS bs_bench_zcat; CREATE DATABASE bs_bench_zcat CHARACTER SET utf8mb4"
  zcats+=("$(timed sh -c "zcat '$file' | mysql -h127.0.0.1 -uroot bs_bench_zcat")")
  echo "full round $i: local ${fulls[-1]} s, server ${servers[-1]} s, zcat | mysql ${zcats[-1]} s"
done
b=$(median "${backups[@]}") q=$(median "${quicks[@]}") f=$(median "${fulls[@]}") s=$(median "${servers[@]}") z=$(median "${zcats[@]}")
echo "file: $(stat -c %s "$file") B; medians: backup $b s, quick $q s, full local $f s, full server $s s, zcat | mysql $z s"
echo "ratio quick/backup:        $(echo "scale=2; $q / $b" | bc) (goal <= 0.3)"
echo "ratio full (local)/zcat:   $(echo "scale=2; $f / $z" | bc) (goal <= 1.1)"
echo "ratio full (server)/zcat:  $(echo "scale=2; $s / $z" | bc) (goal <= 1.1)"
