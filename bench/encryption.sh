#!/usr/bin/env bash
# Benchmark: what age encryption costs a MySQL/MariaDB backup, on bench/mysql.sh's dataset.
#   plain:     java -jar target/backstop.jar run                                  (gzip only)
#   encrypted: the same with BACKUP_ENCRYPT_RECIPIENTS set (gzip, then age)
#   stock:     age -d -i key F | gunzip > /dev/null                               (decrypting with the stock tool)
# Interleaved, median of 3. Prints encrypted/plain and both peak RSS.
# A benchmark, not a test: bash bench/encryption.sh. Needs a MariaDB/MySQL at 127.0.0.1:3306 (root, no password),
# mysqldump, age, age-keygen, bc and GNU time. BENCH_ROWS sets the size (default 5M rows, as bench/mysql.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
ROWS=${BENCH_ROWS:-5000000}
DB=bs_bench_${ROWS}
RUNS=3

for tool in mysql mysqldump age age-keygen gunzip bc /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done
[ -f target/backstop.jar ] || mvn -B -q package -DskipTests

mysql_dataset "$DB" "$ROWS"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
age-keygen -o "$WORK/key.txt" 2>/dev/null
RECIPIENT=$(grep '^# public key: ' "$WORK/key.txt" | cut -d' ' -f4)

backstop_run() {  # $1: recipients, empty for none; $2: a name for the RSS file
  rm -rf "$WORK/backups"
  local t0; t0=$(now)
  # port 1: no daemon there, so the CLI runs the backup in its own process
  MYSQL_HOST=127.0.0.1 MYSQL_USER=root MYSQL_DB=$DB BACKUP_DIR=$WORK/backups BACKUP_HTTP_PORT=1 \
    BACKUP_ENCRYPT_RECIPIENTS=$1 /usr/bin/time -f %M -o "$WORK/rss-$2" java ${BACKSTOP_JAVA_OPTS:-} -jar target/backstop.jar run >/dev/null
  seconds_since "$t0"
}
stock_decrypt() {
  local t0; t0=$(now)
  age -d -i "$WORK/key.txt" "$WORK"/backups/mysql/*.sql.gz.age | gunzip > /dev/null
  seconds_since "$t0"
}

echo "dataset: $DB, $ROWS rows; $(nproc) cores; $(mysqldump --version); age $(age --version)"
plains=(); encrypteds=(); decrypts=()
for i in $(seq 1 $RUNS); do
  plains+=("$(backstop_run "" plain)")
  encrypteds+=("$(backstop_run "$RECIPIENT" encrypted)")
  decrypts+=("$(stock_decrypt)")
  echo "round $i: plain ${plains[-1]} s, encrypted ${encrypteds[-1]} s (RSS $(( $(cat "$WORK/rss-encrypted") / 1024 )) MiB), stock age -d | gunzip ${decrypts[-1]} s"
done
plain=$(median "${plains[@]}")
encrypted=$(median "${encrypteds[@]}")
echo "median: plain ${plain} s, encrypted ${encrypted} s, stock decrypt $(median "${decrypts[@]}") s"
echo "ratio encrypted/plain: $(echo "scale=3; $encrypted / $plain" | bc)"
echo "peak RSS: plain $(( $(cat "$WORK/rss-plain") / 1024 )) MiB, encrypted $(( $(cat "$WORK/rss-encrypted") / 1024 )) MiB"
