#!/usr/bin/env bash
# Benchmark: Backstop's peak RSS at scale. One Backstop run (gzip, level BACKUP_GZIP_LEVEL, default 1) of a MySQL
# database of about BENCH_GIB GiB of SQL (default 5; wide rows, see mysql_wide_dataset), with the image's JVM options,
# prints its time, the dump's size and the process's peak RSS. The heap is bounded (-Xmx256m) and never holds the
# dump, so the peak should not depend on the size: compare with bench/mysql.sh's 1.5 GiB runs.
# A benchmark, not a test: bash bench/rss.sh. Needs a MariaDB at 127.0.0.1:3306 (root, no password) with the seq
# engine (MariaDB), bc and GNU time, and about 3 x BENCH_GIB GiB of disk.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
GIB=${BENCH_GIB:-5}
LEVEL=${BACKUP_GZIP_LEVEL:-1}
DB=bs_wide_${GIB}gib
JAVA_OPTS=${BACKSTOP_JAVA_OPTS:-$(image_java_opts)}
[ -f target/backstop.jar ] || mvn -B -q package -DskipTests
mysql_wide_dataset "$DB" "$GIB"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
echo "Backstop JVM options: $JAVA_OPTS"
took=$(backstop_timed wide sql.gz MYSQL_HOST=127.0.0.1 MYSQL_USER=root MYSQL_DB="$DB" BACKUP_GZIP_LEVEL="$LEVEL") \
  || { cat "$WORK/log.wide" >&2; exit 1; }
raw=$(sed -n 's/.*raw_bytes=\([0-9]*\).*/\1/p' "$WORK/log.wide" | head -1)
echo "dataset $DB: $(( raw / 1024 / 1024 )) MiB of SQL, gzip-$LEVEL file $(stat -c %s "$WORK/wide.out") B"
echo "backstop run: ${took} s, peak RSS $(( $(cat "$WORK/rss.wide") / 1024 )) MiB"
