# A stand-in for postgres:16-bookworm, for `make test-containers` on a machine
# that reaches no container registry (scripts/test-containers.sh,
# docker/podman/compose.podman.yaml). Debian 12's own PostgreSQL, which is
# 15, not 16: the version the project's tests run on (`make test` installs
# Debian's postgresql). It does what compose.yaml needs of the official image:
#   - POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB: on an empty data folder,
#     initdb with that superuser and password (scram-sha-256 over TCP, trust
#     on the Unix socket inside the container), then that database;
#   - the data in /var/lib/postgresql/data (the compose volume pgdata);
#   - listens on 5432 on every interface; pg_isready on the PATH for the health check.
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}
# postgresql-common would create a cluster of its own (15/main) on install: the
# entrypoint makes the one in PGDATA instead.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-common \
    && sed -ri 's/^#?[[:space:]]*create_main_cluster[[:space:]]*=.*/create_main_cluster = false/' /etc/postgresql-common/createcluster.conf \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-15 \
    && rm -rf /var/lib/apt/lists/*
ENV PATH=/usr/lib/postgresql/15/bin:$PATH \
    PGDATA=/var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/postgres-entrypoint.sh
EXPOSE 5432
# Fast shutdown (the official image's choice too).
STOPSIGNAL SIGINT
ENTRYPOINT ["/usr/local/bin/postgres-entrypoint.sh"]
