#!/usr/bin/env bash
# Usage: source scripts/pg-throwaway.sh; pg_throwaway_start; ...; pg_throwaway_stop
# Starts a PostgreSQL cluster on 127.0.0.1 on a free port in a temporary directory,
# logging to a file, and exports TEST_DATABASE_URL.
pg_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$dir" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; return 1; }
    echo "$dir"
}

pg_throwaway_start() {
    local bin port
    bin=$(pg_bin) || return 1
    PG_TMP=$(mktemp -d /tmp/migrantscount-pg.XXXXXX)
    mkdir -p "$PG_TMP/data" "$PG_TMP/socket"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    local run=()
    if [ "$(id -u)" -eq 0 ]; then
        chown -R postgres:postgres "$PG_TMP"
        run=(runuser -u postgres --)
    fi
    "${run[@]}" "$bin/initdb" -D "$PG_TMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1 \
        || { cat "$PG_TMP/initdb.log" >&2; return 1; }
    "${run[@]}" "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_TMP/socket -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
        start >"$PG_TMP/pg_ctl.log" 2>&1 || { cat "$PG_TMP/server.log" >&2; return 1; }
    PG_RUN_AS=("${run[@]}")
    PG_BIN_DIR=$bin
    export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
    echo "PostgreSQL throwaway cluster on 127.0.0.1:$port (log: $PG_TMP/server.log)"
}

pg_throwaway_stop() {
    [ -n "${PG_TMP:-}" ] || return 0
    "${PG_RUN_AS[@]}" "$PG_BIN_DIR/pg_ctl" -D "$PG_TMP/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_TMP"
    PG_TMP=""
}
