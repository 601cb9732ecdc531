# Sourced by the benchmarks: timing and the median of a column of numbers.

now() { date +%s.%N; }

# seconds since a time taken with now
seconds_since() { echo "$(now) - $1" | bc; }

# the JVM options the image's daemon runs backups with (docker/backstop: the defaults and the daemon's own)
image_java_opts() {
  echo "$(sed -n 's/^DEFAULT_JAVA_OPTS="\(.*\)"$/\1/p' docker/backstop) $(sed -n 's/^DAEMON_JAVA_OPTS="\(.*\)"$/\1/p' docker/backstop)"
}

# runs a command and prints how many seconds it took
timed() { local t0; t0=$(now); "$@"; seconds_since "$t0"; }

# backstop_timed NAME EXT [VAR=VALUE...]: one `java $JAVA_OPTS -jar $JAR run` (JAR: target/backstop.jar unless set) in its
# own process (port 1:
# no daemon there) with the given settings and BACKUP_DIR=$WORK/backups; prints its seconds, leaves its peak RSS in
# $WORK/rss.NAME, its log in $WORK/log.NAME, and its file ending in .EXT as $WORK/NAME.out (named in $WORK/file.NAME)
backstop_timed() {
  local name=$1 ext=$2 t0; shift 2
  rm -rf "$WORK/backups"
  t0=$(now)
  env "$@" BACKUP_DIR="$WORK/backups" BACKUP_HTTP_PORT=1 \
    /usr/bin/time -f %M -o "$WORK/rss.$name" java $JAVA_OPTS -jar "${JAR:-target/backstop.jar}" run >"$WORK/log.$name" 2>&1
  seconds_since "$t0"
  mv "$WORK"/backups/*/*."$ext" "$WORK/$name.out" && echo "$WORK/$name.out" > "$WORK/file.$name"
}

# median of the numbers given as arguments
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }

# the reference MySQL dataset of bench/mysql.sh and bench/verify.sh: ROWS rows of ints, decimals, varchar, text and
# datetimes in database DB (5M rows are about 1.5 GiB of SQL); built once and kept in the server
mysql_dataset() {
  local DB=$1 ROWS=$2 have batch n start
  local MYSQL=(mysql -h127.0.0.1 -uroot)
  have=$("${MYSQL[@]}" -N -e "SELECT count(*) FROM $DB.events" 2>/dev/null || echo 0)
  [ "$have" = "$ROWS" ] && return
  echo "building the reference dataset: $ROWS rows in $DB (once; kept in the server)..."
  "${MYSQL[@]}" -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB CHARACTER SET utf8mb4;
    CREATE TABLE $DB.events (id BIGINT PRIMARY KEY, user_id INT NOT NULL, kind SMALLINT NOT NULL,
      amount DECIMAL(12,2), price DECIMAL(10,4), title VARCHAR(120), body TEXT, created DATETIME, updated DATETIME NULL,
      KEY (user_id)) ENGINE=InnoDB;"
  batch=500000
  for ((start = 0; start < ROWS; start += batch)); do
    n=$(( ROWS - start < batch ? ROWS - start : batch ))
    "${MYSQL[@]}" -e "SET SESSION max_recursive_iterations = 100000000;
      INSERT INTO $DB.events WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $n)
      SELECT $start + i, (i * 7919) % 100000, i % 17, ((i * 104729) % 10000000) / 100, ((i * 31) % 1000000) / 10000,
             CONCAT('event title ', i, ' ', SUBSTRING(SHA2(i, 256), 1, 40)),
             CONCAT('body of event ', $start + i, ': ', SHA2(i, 512), ' lorem ipsum dolor sit amet'),
             TIMESTAMP('2020-01-01') + INTERVAL i SECOND, IF(i % 3 = 0, NULL, TIMESTAMP('2024-01-01') + INTERVAL i MINUTE)
      FROM s;"
  done
}

# the PostgreSQL counterpart of mysql_dataset: the same columns in table events of database DB (4M rows are about
# 1 GiB of pg_dump output); built once and kept in the server at 127.0.0.1:5432 (user postgres)
pg_dataset() {
  local DB=$1 ROWS=$2 have batch n start
  local PSQL=(psql -h 127.0.0.1 -U postgres -q -v ON_ERROR_STOP=1)
  have=$("${PSQL[@]}" -d "$DB" -Atc "SELECT count(*) FROM events" 2>/dev/null || echo 0)
  [ "$have" = "$ROWS" ] && return
  echo "building the reference dataset: $ROWS rows in $DB (once; kept in the server)..."
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
  "${PSQL[@]}" -d "$DB" -c "CREATE TABLE events (id bigint PRIMARY KEY, user_id int NOT NULL, kind smallint NOT NULL,
      amount numeric(12,2), price numeric(10,4), title varchar(120), body text, created timestamp, updated timestamp)"
  batch=500000
  for ((start = 0; start < ROWS; start += batch)); do
    n=$(( ROWS - start < batch ? ROWS - start : batch ))
    "${PSQL[@]}" -d "$DB" -c "INSERT INTO events SELECT $start + i, (i::bigint * 7919) % 100000, i % 17,
        ((i::bigint * 104729) % 10000000) / 100.0, ((i::bigint * 31) % 1000000) / 10000.0,
        'event title ' || i || ' ' || substr(md5(i::text), 1, 40),
        'body of event ' || ($start + i) || ': ' || md5(i::text) || md5((i + 1)::text) || md5((i + 2)::text) || ' lorem ipsum dolor sit amet',
        timestamp '2020-01-01' + i * interval '1 second', CASE WHEN i % 3 = 0 THEN NULL ELSE timestamp '2024-01-01' + i * interval '1 minute' END
      FROM generate_series(1, $n) i"
  done
  "${PSQL[@]}" -d "$DB" -c "VACUUM ANALYZE events"
}

# The rounds of bench/mysql.sh and bench/postgres.sh: floor_run, shell_run and backstop_run (the caller's; backstop_run
# leaves its peak RSS in $WORK/rss) interleaved $1 times, then the medians, the ratios and Backstop's peak RSS and size.
# $2: the shell's output file; $3: a glob for Backstop's.
compare_rounds() {
  local rounds=$1 shell_file=$2 backstop_glob=$3 i floor shell backstop peak
  local floors=() shells=() backstops=() rss=()
  for i in $(seq 1 "$rounds"); do
    floors+=("$(floor_run)")
    shells+=("$(shell_run)")
    backstops+=("$(backstop_run)")
    rss+=("$(cat "$WORK/rss")")
    echo "round $i: floor ${floors[-1]} s, shell ${shells[-1]} s, backstop ${backstops[-1]} s, backstop peak RSS $(( ${rss[-1]} / 1024 )) MiB"
  done
  floor=$(median "${floors[@]}")
  shell=$(median "${shells[@]}")
  backstop=$(median "${backstops[@]}")
  peak=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)
  echo "median: floor ${floor} s, shell ${shell} s, backstop ${backstop} s"
  echo "ratio backstop/floor: $(echo "scale=2; $backstop / $floor" | bc)"
  echo "ratio backstop/shell: $(echo "scale=2; $backstop / $shell" | bc)"
  # shellcheck disable=SC2086 # the glob is meant to expand
  echo "backstop peak RSS: $(( peak / 1024 )) MiB; sizes: shell $(stat -c %s "$shell_file") B, backstop $(stat -c %s $backstop_glob) B"
}

# Rounds over several variants: bench_variants ROUNDS NAME... runs the shell function run_NAME of each, in turn, ROUNDS
# times (interleaved, so drift hits every variant alike). run_NAME prints its seconds and may leave a peak RSS in KiB
# in $WORK/rss.NAME and its output file's path in $WORK/file.NAME. Afterwards MEDIAN[NAME], PEAK_KB[NAME] and
# BYTES[NAME] hold the results; ratio A B prints MEDIAN[A] / MEDIAN[B].
declare -A MEDIAN PEAK_KB BYTES
bench_variants() {
  local rounds=$1 i name line; shift
  declare -A times=()
  for i in $(seq 1 "$rounds"); do
    line="round $i:"
    for name in "$@"; do
      rm -f "$WORK/rss.$name"
      times[$name]+="$(run_"$name") "
      line+=" $name $(echo "${times[$name]}" | awk '{print $NF}') s,"
      if [ -f "$WORK/rss.$name" ]; then
        PEAK_KB[$name]=$(( $(cat "$WORK/rss.$name") > ${PEAK_KB[$name]:-0} ? $(cat "$WORK/rss.$name") : ${PEAK_KB[$name]:-0} ))
      fi
      if [ -f "$WORK/file.$name" ] && [ -f "$(cat "$WORK/file.$name")" ]; then
        BYTES[$name]=$(stat -c %s "$(cat "$WORK/file.$name")")
      fi
    done
    echo "${line%,}"
  done
  printf '%-16s %10s %14s %10s\n' variant "median s" bytes "peak RSS"
  for name in "$@"; do
    # shellcheck disable=SC2086 # the times are words
    MEDIAN[$name]=$(median ${times[$name]})
    printf '%-16s %10s %14s %10s\n' "$name" "${MEDIAN[$name]}" "${BYTES[$name]:--}" \
      "$([ -n "${PEAK_KB[$name]:-}" ] && echo "$(( PEAK_KB[$name] / 1024 )) MiB" || echo -)"
  done
}
ratio() { echo "scale=2; ${MEDIAN[$1]} / ${MEDIAN[$2]}" | bc; }

# a MySQL dataset of about GIB GiB of SQL in few, wide rows (4 KiB of text each), for memory at scale, not speed:
# table docs of database DB, built once and kept in the server
mysql_wide_dataset() {
  local DB=$1 GIB=$2 rows have start batch=100000
  local MYSQL=(mysql -h127.0.0.1 -uroot)
  rows=$(( GIB * 1024 * 1024 / 4 ))
  have=$("${MYSQL[@]}" -N -e "SELECT count(*) FROM $DB.docs" 2>/dev/null || echo 0)
  [ "$have" = "$rows" ] && return
  echo "building a ${GIB} GiB dataset: $rows rows of 4 KiB in $DB (once; kept in the server)..."
  "${MYSQL[@]}" -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB;
    CREATE TABLE $DB.docs (id BIGINT PRIMARY KEY, body MEDIUMTEXT) ENGINE=InnoDB;"
  for ((start = 0; start < rows; start += batch)); do
    "${MYSQL[@]}" "$DB" -e "INSERT INTO docs SELECT $start + seq, CONCAT(SHA2($start + seq, 512),
        REPEAT(CONCAT(MD5($start + seq), ' lorem ipsum dolor sit amet, consectetur adipiscing '), 47))
      FROM seq_1_to_$(( rows - start < batch ? rows - start : batch ))"
  done
}
