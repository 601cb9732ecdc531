#!/bin/sh
# Every transaction adds one row to each of two tables, so a consistent copy has equal counts.
set -eu
db=${APP_DB:-/data/app.db}
sqlite3 "$db" "PRAGMA journal_mode=WAL;
  CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY, amount INTEGER, at TEXT);
  CREATE TABLE IF NOT EXISTS order_log (id INTEGER PRIMARY KEY, note TEXT);" >/dev/null
while true; do
  sqlite3 "$db" "PRAGMA busy_timeout=5000; BEGIN;
    INSERT INTO orders (amount, at) VALUES (abs(random()) % 1000, datetime('now'));
    INSERT INTO order_log (note) VALUES ('order ' || last_insert_rowid());
    COMMIT;"
  sleep 0.2
done
