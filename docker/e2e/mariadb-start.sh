#!/bin/sh
# MariaDB for the end-to-end test: root password, the app database and its rows, on every start
# (idempotent, so a restarted container keeps its data), with its binary log.
set -eu
port=${MARIADB_PORT:-13306}
[ -d /var/lib/mysql/mysql ] || mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null
cat > /tmp/init.sql <<SQL
ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('${MARIADB_ROOT_PASSWORD}');
CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '${MARIADB_ROOT_PASSWORD}';
GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
CREATE DATABASE IF NOT EXISTS app CHARACTER SET utf8mb4;
CREATE TABLE IF NOT EXISTS app.items (id INT PRIMARY KEY, name VARCHAR(100), price DECIMAL(10,2)) ENGINE=InnoDB;
SET SESSION max_recursive_iterations = 1000000;
INSERT IGNORE INTO app.items WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000)
  SELECT i, CONCAT('item ', i), i / 100 FROM n;
SQL
chown mysql /tmp/init.sql
# the binary log on, as point-in-time recovery needs it (the backup service captures it)
exec mariadbd --user=mysql --datadir=/var/lib/mysql --port="$port" --bind-address=127.0.0.1 \
  --socket=/run/mysqld/e2e.sock --init-file=/tmp/init.sql --log-bin=mysql-bin --server-id=1 --binlog-format=ROW
