#!/usr/bin/env bash
# Benchmark: how fast the CLI answers with a daemon running, and how much memory the idle daemon holds.
#   - a daemon with one MySQL target on a 6-hour schedule (its catch-up backup at start, then idle), with the
#     container image's JVM options (docker/backstop);
#   - `backstop list` and `backstop status` wall time, median of 5, and `backstop health` (the full CLI path, which
#     starts the application context) for comparison;
#   - the daemon's RSS after 1 minute and after BENCH_IDLE_MINUTES (default 10).
# With BACKSTOP_CONTAINER=<name> it measures a running container instead (docker exec; RSS from the host's /proc).
# A benchmark, not a test: bash bench/cli.sh. Needs a MariaDB at 127.0.0.1:3306 (root, no password) for the local
# daemon, bc and GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
IDLE_MINUTES=${BENCH_IDLE_MINUTES:-10}
CONTAINER=${BACKSTOP_CONTAINER:-}
WORK=$(mktemp -d)
DAEMON=
trap '[ -n "$DAEMON" ] && kill "$DAEMON" 2>/dev/null; rm -rf "$WORK"' EXIT

if [ -n "$CONTAINER" ]; then
  cli() { docker exec "$CONTAINER" backstop "$@"; }
  tini=$(docker inspect -f '{{.State.Pid}}' "$CONTAINER")
  JAVA_PID=$(pgrep -P "$tini" java)
  echo "container $CONTAINER, daemon pid $JAVA_PID (host), $(nproc) cores"
else
  [ -f target/backstop.jar ] || mvn -B -q package -DskipTests
  mysql -h127.0.0.1 -uroot -e "CREATE DATABASE IF NOT EXISTS bench_cli; CREATE TABLE IF NOT EXISTS bench_cli.t (id INT PRIMARY KEY, v VARCHAR(40));
    INSERT IGNORE INTO bench_cli.t SELECT seq, CONCAT('row ', seq) FROM bench_cli.seq_1_to_10000;"
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  cli() { BACKUP_HTTP_PORT=$PORT BACKSTOP_JAR=target/backstop.jar sh docker/backstop "$@"; }
  MYSQL_HOST=127.0.0.1 MYSQL_USER=root MYSQL_DB=bench_cli BACKUP_SCHEDULE="0 */6 * * *" BACKUP_DIR=$WORK/backups \
    BACKUP_HTTP_PORT=$PORT BACKSTOP_JAR=target/backstop.jar sh docker/backstop >"$WORK/daemon.log" 2>&1 &
  DAEMON=$!
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.5; done
  JAVA_PID=$DAEMON
  echo "local daemon (docker/backstop's JVM options) on port $PORT, pid $JAVA_PID, $(nproc) cores, $(java -version 2>&1 | head -1)"
fi
rss_mib() { echo $(( $(awk '/VmRSS/{print $2}' "/proc/$JAVA_PID/status") / 1024 )); }

quietly() { "$@" >/dev/null 2>&1 || true; }
for verb in list status health; do
  times=()
  for _ in 1 2 3 4 5; do times+=("$(timed quietly cli "$verb")"); done
  echo "backstop $verb: median $(median "${times[@]}") s (of ${times[*]})"
done

start=$(now)
wait_until() { while [ "$(echo "$(now) - $start < $1 * 60" | bc)" = 1 ]; do sleep 5; done; }
wait_until 1
echo "daemon RSS after 1 minute of this benchmark: $(rss_mib) MiB"
wait_until "$IDLE_MINUTES"
echo "daemon RSS after $IDLE_MINUTES minutes: $(rss_mib) MiB"
