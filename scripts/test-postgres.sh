#!/usr/bin/env bash
# A throw-away PostgreSQL for the test suite and benchmarks.
#
#   scripts/test-postgres.sh start     start (or find running) and print the URL
#   scripts/test-postgres.sh url       print the URL of the running server
#   scripts/test-postgres.sh stop [fast|immediate]
#                                      stop it (fast: sessions are terminated
#                                      cleanly; immediate: like a crash)
#   scripts/test-postgres.sh restart   stop, then start again on the same port
#   scripts/test-postgres.sh status    exit 0 when running
#   scripts/test-postgres.sh destroy   stop and delete the cluster
#
# The cluster lives in var/postgres/ of the repository (git-ignored), listens
# on 127.0.0.1 on a free port (remembered in var/postgres/port so a restart
# comes back where clients expect it), trusts local connections and holds a
# database `arena_test`. ARENA_TEST_POSTGRES_DIR=DIR puts a separate cluster
# in DIR instead (a test that stops its server must not stop everyone's).
# Only the URL goes to stdout, so callers can write
#   export ARENA_TEST_POSTGRES_URL=$(scripts/test-postgres.sh start)
# As root (Debian, CI) the server runs as the `postgres` user via runuser;
# otherwise as the calling user.
#
# Durability is switched off (fsync, synchronous_commit, full_page_writes):
# this server holds test data only, and tests should not wait on the disk.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE="${ARENA_TEST_POSTGRES_DIR:-$ROOT/var/postgres}"
DATA="$BASE/data"
SOCK="$BASE/run"
PORT_FILE="$BASE/port"
LOG="$BASE/server.log"
DB=arena_test

log() { echo "test-postgres: $*" >&2; }
die() { log "$*"; exit 1; }

# Debian's pg_config --bindir may be /usr/bin, which only holds client
# wrappers; the server binaries live in /usr/lib/postgresql/<major>/bin.
# Prefer the major version that matches pg_config, then the newest installed.
find_bindir() {
    local candidates=() dir major
    if command -v pg_config >/dev/null 2>&1; then
        candidates+=("$(pg_config --bindir)")
        major="$(pg_config --version | sed -E 's/^[^0-9]*([0-9]+).*/\1/')"
        candidates+=("/usr/lib/postgresql/$major/bin")
    fi
    while IFS= read -r dir; do candidates+=("$dir"); done \
        < <(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r)
    if command -v pg_ctl >/dev/null 2>&1; then
        candidates+=("$(dirname "$(readlink -f "$(command -v pg_ctl)")")")
    fi
    for dir in "${candidates[@]}"; do
        if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/postgres" ]]; then
            echo "$dir"
            return 0
        fi
    done
    die "no PostgreSQL server binaries (initdb, pg_ctl, postgres) found; install the 'postgresql' package (make deps)"
}

BINDIR="$(find_bindir)"

# Runs a server binary as the cluster owner.
as_owner() {
    if [[ "$(id -u)" == 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Asks the kernel for a free TCP port on 127.0.0.1.
free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
        return
    fi
    local port
    for _ in $(seq 1 200); do
        port=$((20000 + RANDOM % 40000))
        if port_is_free "$port"; then echo "$port"; return; fi
    done
    die "no free TCP port found"
}

# True when nothing accepts connections on 127.0.0.1:$1.
port_is_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# The server outlives this script, so it must not inherit the caller's file
# descriptors beyond stdin/stdout/stderr: a caller that waits for a pipe or
# socket to close (Foundation's Process watches one to notice its child
# exiting) would otherwise wait for as long as the server runs.
close_inherited_fds() {
    local fd
    for fd in $(ls /proc/$BASHPID/fd); do
        if (( fd > 2 )); then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
}

is_running() {
    [[ -f "$DATA/PG_VERSION" ]] && as_owner "$BINDIR/pg_ctl" status -D "$DATA" >/dev/null 2>&1
}

url() {
    echo "postgres://postgres@127.0.0.1:$(cat "$PORT_FILE")/$DB"
}

init_cluster() {
    mkdir -p "$BASE" "$SOCK"
    if [[ "$(id -u)" == 0 ]]; then
        id postgres >/dev/null 2>&1 || die "user 'postgres' does not exist; install the 'postgresql' package (make deps)"
        chown postgres: "$BASE" "$SOCK"
    fi
    if [[ ! -f "$DATA/PG_VERSION" ]]; then
        log "initialising a cluster in $DATA ($BINDIR)"
        as_owner "$BINDIR/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --no-locale >"$BASE/initdb.log" 2>&1 \
            || die "initdb failed; see $BASE/initdb.log"
    fi
}

start() {
    if is_running; then
        url
        return
    fi
    init_cluster
    local port=""
    # A restart keeps its port so clients reconnect where they were; only a
    # port taken by someone else in the meantime forces a new one.
    if [[ -f "$PORT_FILE" ]] && port_is_free "$(cat "$PORT_FILE")"; then
        port="$(cat "$PORT_FILE")"
    else
        port="$(free_port)"
        echo "$port" >"$PORT_FILE"
    fi
    log "starting on 127.0.0.1:$port"
    local opts="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$SOCK"
    opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
    touch "$LOG"
    [[ "$(id -u)" == 0 ]] && chown postgres: "$LOG"
    ( close_inherited_fds; as_owner "$BINDIR/pg_ctl" start -D "$DATA" -l "$LOG" -w -t 60 -o "$opts" >/dev/null ) \
        || die "the server did not start; see $LOG"
    local exists
    exists="$(as_owner "$BINDIR/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$DB'")"
    if [[ "$exists" != 1 ]]; then
        as_owner "$BINDIR/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE $DB" >/dev/null
    fi
    url
}

stop() {
    local mode="${1:-fast}"
    [[ "$mode" == fast || "$mode" == immediate ]] || die "stop mode must be fast or immediate, not $mode"
    if is_running; then
        log "stopping ($mode)"
        as_owner "$BINDIR/pg_ctl" stop -D "$DATA" -m "$mode" -w -t 60 >/dev/null
    fi
}

case "${1:-}" in
    start) start ;;
    url) is_running || die "not running; start it with: scripts/test-postgres.sh start"; url ;;
    stop) stop "${2:-fast}" ;;
    restart) stop "${2:-fast}"; start ;;
    status) is_running ;;
    destroy) stop immediate; rm -rf "$BASE" ;;
    *) die "usage: $0 start|url|stop [fast|immediate]|restart|status|destroy" ;;
esac
