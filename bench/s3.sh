#!/usr/bin/env bash
# Benchmark: a Backstop run with the S3 copy on, against the plain shell pipeline
#   sqlite3 src.db ".backup dst" && gzip -1 dst && aws s3 cp dst.gz s3://bucket/key
# both against the same S3-compatible server on loopback (s3proxy on a filesystem store, started here).
# Also runs Backstop without S3, so the upload's own cost shows. 3 interleaved rounds; prints medians,
# ratios and Backstop's peak RSS. A benchmark, not a test: run it by hand (bash bench/s3.sh).
# Needs sqlite3, gzip, bc, GNU time and the AWS CLI (apt-get install -y awscli). BENCH_S3_MB sets the
# source size (incompressible data, so the upload is about as large).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
ROOT=$PWD
CACHE=$ROOT/bench/.cache
SIZE_MB=${BENCH_S3_MB:-1024}
RUNS=3

for tool in sqlite3 gzip bc aws /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y sqlite3 gzip bc time awscli)" >&2; exit 2; }
done
[ -f target/backstop.jar ] || mvn -B -q package -DskipTests
. scripts/s3proxy.sh

mkdir -p "$CACHE"
SRC=$CACHE/bench-s3-${SIZE_MB}mb.db
if [ ! -f "$SRC" ]; then
  echo "building a ${SIZE_MB} MB database of random blobs (once, cached in $CACHE)..."
  sqlite3 "$SRC.tmp" >/dev/null <<SQL
CREATE TABLE blobs (id INTEGER PRIMARY KEY, b BLOB);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $SIZE_MB)
INSERT INTO blobs (b) SELECT randomblob(1048576) FROM n;
SQL
  mv "$SRC.tmp" "$SRC"
fi

WORK=$(mktemp -d)
cleanup() { s3proxy_stop; rm -rf "$WORK"; }
trap cleanup EXIT

PORT=$(free_port)
s3proxy_start "$WORK" "$PORT" bench-access bench-secret-key bench-bucket || { echo "s3proxy did not start" >&2; exit 1; }

export AWS_ACCESS_KEY_ID=bench-access AWS_SECRET_ACCESS_KEY=bench-secret-key AWS_DEFAULT_REGION=us-east-1
echo "source: $SRC ($(du -m "$SRC" | cut -f1) MB), gzip level 1, $(nproc) cores, $(java -version 2>&1 | head -1), $(aws --version 2>&1)"
echo "s3proxy (filesystem store in $WORK/store) on 127.0.0.1:$PORT"


shell_run() {
  rm -f "$WORK/shell.db" "$WORK/shell.db.gz"
  local t0; t0=$(now)
  sqlite3 "$SRC" ".backup '$WORK/shell.db'"
  gzip -1 "$WORK/shell.db"
  aws --endpoint-url "http://127.0.0.1:$PORT" s3 cp --only-show-errors "$WORK/shell.db.gz" "s3://bench-bucket/shell/shell.db.gz"
  seconds_since "$t0"
}

# $1: with S3 (true/false). Port 1: no daemon there, so the CLI runs the backup (and its upload) itself.
backstop_run() {
  rm -rf "$WORK/backups"
  local t0 s3=()
  [ "$1" = true ] && s3=(S3_BUCKET=bench-bucket S3_ENDPOINT="http://127.0.0.1:$PORT" S3_PATH_STYLE=true)
  t0=$(now)
  env SQLITE_PATH="$SRC" BACKUP_DIR="$WORK/backups" BACKUP_GZIP_LEVEL=1 BACKUP_HTTP_PORT=1 "${s3[@]}" \
    /usr/bin/time -f %M -o "$WORK/rss" java ${BACKSTOP_JAVA_OPTS:-} -jar target/backstop.jar run >"$WORK/run.log"
  seconds_since "$t0"
}


shell_times=(); local_times=(); s3_times=(); rss=()
for i in $(seq 1 $RUNS); do
  shell_times+=("$(shell_run)")
  local_times+=("$(backstop_run false)")
  s3_times+=("$(backstop_run true)")
  rss+=("$(cat "$WORK/rss")")
  uploaded=$(find "$WORK/store/bench-bucket/backstop" -name '*.db.gz' -newer "$WORK/s3proxy.properties" | wc -l)
  echo "round $i: shell ${shell_times[-1]} s, backstop local only ${local_times[-1]} s, backstop with S3 ${s3_times[-1]} s" \
       "(objects on S3: $uploaded), peak RSS with S3 $(( ${rss[-1]} / 1024 )) MiB"
done

shell=$(median "${shell_times[@]}")
local_only=$(median "${local_times[@]}")
with_s3=$(median "${s3_times[@]}")
peak=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)
echo "median: shell pipeline ${shell} s, backstop local only ${local_only} s, backstop with S3 ${with_s3} s"
echo "ratio backstop with S3 / shell: $(echo "scale=2; $with_s3 / $shell" | bc)"
echo "upload cost inside backstop: $(echo "$with_s3 - $local_only" | bc) s"
echo "backstop peak RSS with S3: $(( peak / 1024 )) MiB; uploaded file $(stat -c %s "$WORK"/backups/*/*.db.gz) B"

# Memory: one part larger than the whole heap. Parts stream from the file, so this must succeed.
rm -rf "$WORK/backups"
if env SQLITE_PATH="$SRC" BACKUP_DIR="$WORK/backups" BACKUP_GZIP_LEVEL=1 BACKUP_HTTP_PORT=1 S3_BUCKET=bench-bucket \
     S3_ENDPOINT="http://127.0.0.1:$PORT" S3_PATH_STYLE=true S3_PART_SIZE=512MiB \
     java -Xmx128m -jar target/backstop.jar run 2>&1 | grep -q 'offsite=uploaded'; then
  echo "memory: uploaded with 512 MiB parts in a 128 MiB heap"
else
  echo "memory: the upload with 512 MiB parts in a 128 MiB heap FAILED"
fi
