# A MariaDB server for the end-to-end test, built from the same Debian base (no registry images here).
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends mariadb-server \
 && rm -rf /var/lib/apt/lists/* && mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
COPY mariadb-start.sh /usr/local/bin/mariadb-start
CMD ["/usr/local/bin/mariadb-start"]
