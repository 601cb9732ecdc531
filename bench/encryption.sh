#!/usr/bin/env bash
# Benchmark: what age encryption costs a MySQL/MariaDB backup, on bench/mysql.sh's dataset.
#   plain:     java -jar target/backstop.jar run                                  (gzip only)
#   encrypted: the same with BACKUP_ENCRYPT_RECIPIENTS set (gzip, then age), as a sidecar runs it: without the private
#              key, so the read-back after the run checks only the file's SHA-256, not its content
#   with key:  encrypted, with BACKUP_DECRYPT_IDENTITY_FILE too: the read-back decrypts and checks the content, the same
#              work as the plain run's read-back plus decryption
#   stock:     age -d -i key F | gunzip > /dev/null                               (decrypting with the stock tool)
# Interleaved, median of 3, each Backstop run after an untimed mysqldump that warms the caches the same way (without
# it, whichever run follows the stock decrypt reads the table from disk). Prints encrypted/plain and both peak RSS.
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

backstop_run() {  # $1: recipients, empty for none; $2: a name for the RSS file; $3: the identity file, or empty
  rm -rf "$WORK/backups"
  mysqldump -h127.0.0.1 -uroot --single-transaction --quick "$DB" > /dev/null
  local t0; t0=$(now)
  # port 1: no daemon there, so the CLI runs the backup in its own process
  MYSQL_HOST=127.0.0.1 MYSQL_USER=root MYSQL_DB=$DB BACKUP_DIR=$WORK/backups BACKUP_HTTP_PORT=1 \
    BACKUP_ENCRYPT_RECIPIENTS=$1 BACKUP_DECRYPT_IDENTITY_FILE=${3:-} /usr/bin/time -f %M -o "$WORK/rss-$2" java ${BACKSTOP_JAVA_OPTS:-} -jar target/backstop.jar run >/dev/null
  seconds_since "$t0"
}
stock_decrypt() {
  local t0; t0=$(now)
  age -d -i "$WORK/key.txt" "$WORK"/backups/mysql/*.sql.gz.age | gunzip > /dev/null
  seconds_since "$t0"
}

echo "dataset: $DB, $ROWS rows; $(nproc) cores; $(mysqldump --version); age $(age --version)"
plains=(); encrypteds=(); keyeds=(); decrypts=()
for i in $(seq 1 $RUNS); do
  plains+=("$(backstop_run "" plain)")
  encrypteds+=("$(backstop_run "$RECIPIENT" encrypted)")
  keyeds+=("$(backstop_run "$RECIPIENT" keyed "$WORK/key.txt")")
  decrypts+=("$(stock_decrypt)")
  echo "round $i: plain ${plains[-1]} s, encrypted ${encrypteds[-1]} s, with key ${keyeds[-1]} s, stock age -d | gunzip ${decrypts[-1]} s"
done
plain=$(median "${plains[@]}")
encrypted=$(median "${encrypteds[@]}")
keyed=$(median "${keyeds[@]}")
echo "median: plain ${plain} s, encrypted ${encrypted} s, encrypted with key ${keyed} s, stock decrypt $(median "${decrypts[@]}") s"
echo "ratio encrypted/plain: $(echo "scale=3; $encrypted / $plain" | bc) (the sidecar's read-back checks only the checksum)"
echo "ratio encrypted with key/plain: $(echo "scale=3; $keyed / $plain" | bc) (the same read-back, plus decryption)"
echo "peak RSS: plain $(( $(cat "$WORK/rss-plain") / 1024 )) MiB, encrypted $(( $(cat "$WORK/rss-encrypted") / 1024 )) MiB, with key $(( $(cat "$WORK/rss-keyed") / 1024 )) MiB"
