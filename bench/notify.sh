#!/usr/bin/env bash
# Notification latency between replicas: a change on replica A to the WatchRun snapshot on
# replica C, both gateways on one PostgreSQL database (GatewayBench --notify-latency). Starts a
# throwaway PostgreSQL cluster under a temp directory (loopback only, trust auth, run as the
# postgres user when this runs as root) and stops and removes it at the end.
#   bench/notify.sh [RUNS=300] [CONCURRENCY=4] [CANCELLING_MS=100]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
RUNS="${1:-300}" CONCURRENCY="${2:-4}" CANCELLING_MS="${3:-100}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$BIN/initdb" ] || { echo "PostgreSQL not found: apt-get install -y postgresql" >&2; exit 2; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

DIR="$(mktemp -d /tmp/cancelgateway-notify-bench-XXXXXX)"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
stop() { as_pg "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$DIR"; }
trap stop EXIT
as_pg "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null
as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1" start >/dev/null
as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres bench

dotnet build -c Release "$HERE/GatewayBench" -v q -nologo >/dev/null
timeout 1800 dotnet "$HERE/GatewayBench/bin/Release/net10.0/GatewayBench.dll" --notify-latency \
  --connection-string "Host=127.0.0.1;Port=$PORT;Username=postgres;Database=bench" \
  --runs "$RUNS" --concurrency "$CONCURRENCY" --cancelling-ms "$CANCELLING_MS"
