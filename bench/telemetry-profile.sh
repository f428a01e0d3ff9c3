#!/usr/bin/env bash
# Where a telemetry variant's time goes under GetOperation load: one demo gateway (the same
# settings as bench/telemetry.sh) on core SERVER_CPUS, its /metrics scraped once a second, warmed
# up with WARM_GET calls, then a dotnet-trace cpu-sampling session of SECONDS while h2load sends
# GetOperation (core LOAD_CPUS). Writes the .nettrace and a speedscope file under
# bench/.build/telemetry-profile/ and prints the frames with the most samples (inclusive and
# exclusive) from bench/telemetry-profile.py. Run it under the machine's benchmark lock:
#   flock /tmp/bench.lock bash bench/telemetry-profile.sh VARIANT [SECONDS=10] [WARM_GET=600000]
# VARIANT: traces (OTLP/HTTP to a collector stub), metrics (the defaults), off; any further
# arguments are more gateway settings. Env GATEWAY_DLL: run that build of the demo launcher
# instead of building this tree's (to profile an earlier build).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
VARIANT="${1:?traces|metrics|off}" SECONDS_="${2:-10}" WARM_GET="${3:-600000}"; shift $(( $# < 3 ? $# : 3 ))
SERVER_CPUS="${SERVER_CPUS:-1}" LOAD_CPUS="${LOAD_CPUS:-0}"
WORK="$HERE/.build/telemetry-profile"; mkdir -p "$WORK"; rm -f "$WORK/$VARIANT".*
export PATH="$PATH:$HOME/.dotnet/tools"
command -v dotnet-trace >/dev/null || { echo "dotnet-trace missing: dotnet tool install --global dotnet-trace" >&2; exit 2; }
# shellcheck source=bench/telemetry-common.sh
. "$HERE/telemetry-common.sh"
DLL="$(telemetry_dll)"
PIDS=()
stop_all() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; }
trap stop_all EXIT
case "$VARIANT" in
  traces) collector_stub 50198 >/dev/null &
    PIDS+=($!); set -- --Telemetry:OtlpEndpoint=http://127.0.0.1:50198 "$@" ;;
  metrics) ;;
  off) set -- --Telemetry:Enabled=false "$@" ;;
  *) echo "VARIANT is traces, metrics or off" >&2; exit 2 ;;
esac
OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf taskset -c "$SERVER_CPUS" timeout 900 dotnet "$DLL" \
  --Gateway:Listen=127.0.0.1:50197 --Gateway:HttpListen=127.0.0.1:50196 "--Storage:Sqlite:Path=$WORK/$VARIANT.db" \
  --Logging:LogLevel:Default=Warning --Engine:ProviderRequestsPerSecond=1000000 --Engine:ProviderConcurrency=1024 "$@" >"$WORK/$VARIANT.log" 2>&1 &
SERVER=$!; PIDS+=("$SERVER")
for _ in $(seq 1 300); do (exec 3<>/dev/tcp/127.0.0.1/50197) 2>/dev/null && break; sleep 0.1; done
taskset -c "$LOAD_CPUS" timeout 900 bash -c 'while sleep 1; do curl -s -o /dev/null http://127.0.0.1:50196/metrics || true; done' &
PIDS+=($!)
get_request_for_new_operation 50197 "$WORK/get.bin"
get() { timeout 600 taskset -c "$LOAD_CPUS" h2load -n "$1" -c 16 -m 8 -t 1 -d "$WORK/get.bin" -H 'content-type: application/grpc' -H 'te: trailers' http://127.0.0.1:50197/cancelgateway.v1.PipelineControl/GetOperation; }
get "$WARM_GET" | grep 'finished in' >&2
# Enough calls to outlast the session; stopped once the trace is written.
get 100000000 >"$WORK/$VARIANT.h2load" 2>&1 &
LOAD=$!; PIDS+=("$LOAD")
sleep 1
# taskset execs timeout, which runs dotnet as its child: trace the child.
dotnet-trace collect -p "$(pgrep -P "$SERVER")" --profile dotnet-sampled-thread-time --duration "00:00:00:$(printf '%02d' "$SECONDS_")" \
  -o "$WORK/$VARIANT.nettrace" --format Speedscope >/dev/null
kill "$LOAD" 2>/dev/null || true
python3 "$HERE/telemetry-profile.py" "$WORK/$VARIANT.speedscope.json"
