#!/usr/bin/env bash
# Memory allocated per GetOperation for each telemetry variant: unlike req/s or CPU time, this
# does not move with the machine's load, so it shows per-request costs of a few per cent that
# the timing bench (bench/telemetry.sh) cannot resolve. For each round and variant (off,
# metrics, traces: the same settings as bench/telemetry.sh) one demo gateway on core SERVER_CPUS
# is warmed up with WARM_GET GetOperations, then dotnet-counters records the runtime's
# dotnet.gc.heap.total_allocated while h2load sends N_GET more; the sum of its per-second
# increments over the run divided by N_GET is the figure (the idle gateway's own allocations,
# about 60 KB/s over the WINDOW seconds (default 45) of the collection, add a few bytes to it).
#   bench/telemetry-alloc.sh [ROUNDS=2] [N_GET=400000] [WARM_GET=300000]
# Env GATEWAY_DLL: another build of the demo launcher; EXTRA_VARIANTS: more "NAME|--Setting=V ..." lines.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
ROUNDS="${1:-2}" N_GET="${2:-400000}" WARM_GET="${3:-300000}" WINDOW="${WINDOW:-45}"
SERVER_CPUS="${SERVER_CPUS:-1}" LOAD_CPUS="${LOAD_CPUS:-0}"
WORK="$HERE/.build/telemetry-alloc"; rm -rf "$WORK"; mkdir -p "$WORK"
export PATH="$PATH:$HOME/.dotnet/tools"
command -v dotnet-counters >/dev/null || { echo "dotnet-counters missing: dotnet tool install --global dotnet-counters" >&2; exit 2; }
command -v h2load >/dev/null || { echo "h2load missing: apt-get install nghttp2-client" >&2; exit 2; }
# shellcheck source=bench/telemetry-common.sh
. "$HERE/telemetry-common.sh"
DLL="$(telemetry_dll)"
PIDS=()
stop_all() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; }
trap stop_all EXIT
taskset -c "$LOAD_CPUS" timeout 3600 bash -c "$(declare -f collector_stub); collector_stub 20998" >/dev/null &
PIDS+=($!)
PORT=20997 HTTP_PORT=20996

measure() { # NAME SETTINGS...
  local name="$1"; shift
  OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf taskset -c "$SERVER_CPUS" timeout 900 dotnet "$DLL" \
    "--Gateway:Listen=127.0.0.1:$PORT" "--Gateway:HttpListen=127.0.0.1:$HTTP_PORT" "--Storage:Sqlite:Path=$WORK/$name-$round.db" \
    --Logging:LogLevel:Default=Warning "$@" >"$WORK/$name.log" 2>&1 &
  local server=$!
  for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
  get_request_for_new_operation "$PORT" "$WORK/get.bin"
  get() { timeout 600 taskset -c "$LOAD_CPUS" h2load -n "$1" -c 16 -m 8 -t 1 -d "$WORK/get.bin" -H 'content-type: application/grpc' -H 'te: trailers' "http://127.0.0.1:$PORT/cancelgateway.v1.PipelineControl/GetOperation" | grep -o '[0-9]* succeeded'; }
  get "$WARM_GET" >/dev/null
  # A fixed window (a background job ignores SIGINT, so the collection cannot be stopped early):
  # the run must end inside it, or the sum would miss part of it.
  dotnet-counters collect -p "$(pgrep -P "$server" -n)" --counters 'System.Runtime[dotnet.gc.heap.total_allocated]' \
    --refresh-interval 1 --duration "00:00:$WINDOW" --format csv -o "$WORK/$name-$round.csv" >/dev/null 2>&1 &
  local counters=$! started=$SECONDS
  sleep 2
  local answered; answered="$(get "$N_GET")"
  local took=$((SECONDS - started))
  wait "$counters" || true
  [ "$answered" = "$N_GET succeeded" ] || { echo "INVALID: $answered of $N_GET" >&2; exit 1; }
  [ "$took" -lt $((WINDOW - 2)) ] || { echo "INVALID: the run took ${took} s of the ${WINDOW} s window" >&2; exit 1; }
  kill "$server"; wait "$server" 2>/dev/null || true
  python3 -c '
import csv, sys
total = sum(float(r[4]) for r in csv.reader(open(sys.argv[1])) if len(r) > 4 and "total_allocated" in r[2])
print("%.0f" % (total / int(sys.argv[2])))' "$WORK/$name-$round.csv" "$N_GET"
}

declare -A BYTES
VARIANTS="off metrics traces"
for round in $(seq 1 "$ROUNDS"); do
  BYTES[off]+="$(measure off --Telemetry:Enabled=false) "
  BYTES[metrics]+="$(measure metrics) "
  BYTES[traces]+="$(measure traces --Telemetry:OtlpEndpoint=http://127.0.0.1:20998) "
  while IFS='|' read -r name settings; do
    [ -n "$name" ] || continue
    [ "$round" -gt 1 ] || VARIANTS+=" $name"
    # shellcheck disable=SC2086
    BYTES[$name]+="$(measure "$name" $settings) "
  done <<< "${EXTRA_VARIANTS:-}"
  echo "round $round: $(for s in $VARIANTS; do printf '%s %s B  ' "$s" "$(echo ${BYTES[$s]} | awk '{print $NF}')"; done)" >&2
done
echo "| telemetry | bytes allocated per GetOperation (each round) | median | vs off |"
echo "| --- | --- | ---: | ---: |"
off_median="$(echo "${BYTES[off]}" | python3 -c 'import statistics,sys; print(statistics.median(map(float, sys.stdin.read().split())))')"
for s in $VARIANTS; do
  echo "${BYTES[$s]}" | python3 -c '
import statistics, sys
values = [float(x) for x in sys.stdin.read().split()]
print("| %s | %s | %.0f | %+.0f |" % (sys.argv[1], " ".join("%.0f" % v for v in values), statistics.median(values), statistics.median(values) - float(sys.argv[2])))' "$s" "$off_median"
done
echo "settings: $WARM_GET GetOperations to warm up, then $N_GET counted (h2load -c 16 -m 8), server on core $SERVER_CPUS, h2load on core $LOAD_CPUS; $ROUNDS round(s)"
