#!/usr/bin/env bash
# PostgreSQL against SQLite (issue 12): Cancel -> done throughput at 64 callers in interleaved
# rounds, the statements each store sends per Cancel -> done, and the writes while runs stay
# CANCELLING (GatewayBench --store-compare). Starts a throwaway PostgreSQL cluster under a temp
# directory (loopback only, trust auth, pg_stat_statements preloaded, run as the postgres user
# when this runs as root) and stops and removes it at the end.
#   bench/stores.sh [CALLS=2000] [ROUNDS=5] [CONCURRENCY=64] [LATENCY_MS=20]
# WARMUP (default 3) sets the warm-up rounds, discarded (tiered compilation and dynamic PGO).
# PG_OPTS adds server settings, e.g. PG_OPTS="-c synchronous_commit=off" to see what the commit's
# WAL flush costs (the SQLite store runs WAL with synchronous=NORMAL: no fsync per commit).
# Not pinned: both gateways, the emulator and the callers share one process (one emulator, one
# run, interleaved rounds), so there is no gateway/load split to pin; and pinning the PostgreSQL
# server apart would give one store a core the other does not get. Everything shares both cores.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
CALLS="${1:-2000}" ROUNDS="${2:-5}" CONCURRENCY="${3:-64}" LATENCY_MS="${4:-20}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$BIN/initdb" ] || { echo "PostgreSQL not found: apt-get install -y postgresql" >&2; exit 2; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

DIR="$(mktemp -d /tmp/cancelgateway-stores-bench-XXXXXX)"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
stop() { as_pg "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$DIR"; }
trap stop EXIT
as_pg "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null
as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=top -c pg_stat_statements.track_utility=on ${PG_OPTS:-}" \
  start >/dev/null
as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres bench

dotnet build -c Release "$HERE/GatewayBench" -v q -nologo >/dev/null
timeout 900 dotnet "$HERE/GatewayBench/bin/Release/net10.0/GatewayBench.dll" --store-compare \
  --connection-string "Host=127.0.0.1;Port=$PORT;Username=postgres;Database=bench" \
  --calls "$CALLS" --rounds "$ROUNDS" --warmup-rounds "${WARMUP:-3}" --concurrency "$CONCURRENCY" --latency-ms "$LATENCY_MS"
