# Sourced by bench/s3.sh and docker/e2e.sh: s3proxy (from the test classpath) as an S3-compatible server
# on loopback, storing objects as files under a directory. Needs the project's test dependencies
# (mvn dependency:build-classpath fetches them) and python3 for a free port.
#
#   s3proxy_start DIR PORT ACCESS_KEY SECRET_KEY BUCKET   -> sets S3PROXY_PID; objects land in DIR/store/BUCKET
#   s3proxy_stop

s3proxy_start() {
  local dir=$1 port=$2 access=$3 secret=$4 bucket=$5 root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  mkdir -p "$dir/store/$bucket"
  (cd "$root" && mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$dir/classpath.txt" >/dev/null) \
    || (cd "$root" && mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$dir/classpath.txt" >/dev/null)
  cat >"$dir/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$access
s3proxy.credential=$secret
s3proxy.ignore-unknown-headers=true
jclouds.provider=filesystem
jclouds.filesystem.basedir=$dir/store
jclouds.identity=unused
jclouds.credential=unused
PROPS
  # without a logback configuration of its own, s3proxy logs every request at DEBUG (gigabytes per GB uploaded)
  cat >"$dir/logback.xml" <<'XML'
<configuration><appender name="out" class="ch.qos.logback.core.ConsoleAppender"><encoder><pattern>%d %-5level %logger - %msg%n</pattern></encoder></appender><root level="WARN"><appender-ref ref="out"/></root></configuration>
XML
  java -Dlogback.configurationFile="$dir/logback.xml" -cp "$(cat "$dir/classpath.txt")" \
    org.gaul.s3proxy.Main --properties "$dir/s3proxy.properties" >"$dir/s3proxy.log" 2>&1 &
  S3PROXY_PID=$!
  for _ in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:$port/" && return 0
    sleep 0.2
  done
  cat "$dir/s3proxy.log" >&2
  return 1
}

s3proxy_stop() {
  [ -n "${S3PROXY_PID:-}" ] && kill "$S3PROXY_PID" 2>/dev/null
  S3PROXY_PID=
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
