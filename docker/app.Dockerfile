# The example application of docker-compose.yaml: keeps writing to an SQLite database in WAL mode.
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends sqlite3 \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data && chown 10001:10001 /data
COPY app-writer.sh /usr/local/bin/app-writer
VOLUME /data
CMD ["/usr/local/bin/app-writer"]
