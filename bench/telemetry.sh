#!/usr/bin/env bash
# Telemetry on vs off, side by side in one run: three gateways (the demo launcher: emulators
# in-process, SQLite): "traces" (--Telemetry:Traces=true: spans recorded, no exporter, plus
# metrics), "metrics" (the defaults without an OTLP endpoint: metrics and /metrics, no spans)
# and "off" (--Telemetry:Enabled=false). Measures GetOperation req/s (a done operation, from memory)
# and the Cancel RPC's latency (p50/p99 from h2load's per-request log: a Cancel of an ended
# run stores a new operation, calls the emulator, and answers done).
#   bench/telemetry.sh [ROUNDS=5] [N_GET=100000] [N_CANCEL=4000]
# Servers pinned to core SERVER_CPUS (1), h2load to LOAD_CPUS (0); each server warmed up once,
# then rounds interleaved (traces, metrics, off, traces, ...); medians of the rounds.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
ROUNDS="${1:-5}" N_GET="${2:-100000}" N_CANCEL="${3:-4000}"
SERVER_CPUS="${SERVER_CPUS:-1}" LOAD_CPUS="${LOAD_CPUS:-0}"
WORK="$HERE/.build/telemetry"; rm -rf "$WORK"; mkdir -p "$WORK"
command -v h2load >/dev/null || { echo "h2load missing: apt-get install nghttp2-client" >&2; exit 2; }
dotnet build -c Release "$ROOT/src/CancelGateway.Demo" -v q -nologo >/dev/null

frame() { python3 -c 'import sys; b=sys.stdin.buffer.read(); sys.stdout.buffer.write(b"\0"+len(b).to_bytes(4,"big")+b)'; }
printf '\x0a\x47projects/demo-project/locations/us-central1/pipelineJobs/demo-succeeded' | frame > "$WORK/cancel.bin"

declare -A PID PORT
stop_all() { for s in "${!PID[@]}"; do kill "${PID[$s]}" 2>/dev/null || true; wait "${PID[$s]}" 2>/dev/null || true; done; }
trap stop_all EXIT
wait_port() { for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 did not open" >&2; exit 1; }
start() { # NAME PORT EXTRA...
  local s="$1" port="$2"; shift 2
  taskset -c "$SERVER_CPUS" timeout 3600 dotnet "$ROOT/src/CancelGateway.Demo/bin/Release/net10.0/CancelGateway.Demo.dll" \
    "--Gateway:Listen=127.0.0.1:$port" --Gateway:HttpListen=127.0.0.1:0 "--Storage:Sqlite:Path=$WORK/$s.db" \
    --Logging:LogLevel:Default=Warning --Engine:ProviderRequestsPerSecond=1000000 --Engine:ProviderConcurrency=1024 "$@" \
    >"$WORK/$s.log" 2>&1 &
  PID[$s]=$! PORT[$s]=$port
  wait_port "$port"
  curl -s --http2-prior-knowledge -H 'content-type: application/grpc' -H 'te: trailers' --data-binary "@$WORK/cancel.bin" \
    -o "$WORK/$s.cancel.out" "http://127.0.0.1:$port/cancelgateway.v1.PipelineControl/Cancel"
  local name; name="$(python3 -c 'import sys,re; print(re.search(rb"operations/[0-9a-f]{32}", open(sys.argv[1],"rb").read()).group().decode())' "$WORK/$s.cancel.out")"
  printf '\x0a\x2b%s' "$name" | frame > "$WORK/$s.get.bin"
}
get() { timeout 600 taskset -c "$LOAD_CPUS" h2load -n "$2" -c 16 -m 8 -t 1 -d "$WORK/$1.get.bin" -H 'content-type: application/grpc' -H 'te: trailers' "http://127.0.0.1:${PORT[$1]}/cancelgateway.v1.PipelineControl/GetOperation"; }
cancel() { timeout 600 taskset -c "$LOAD_CPUS" h2load -n "$2" -c 8 -m 1 -t 1 --log-file="$3" -d "$WORK/cancel.bin" -H 'content-type: application/grpc' -H 'te: trailers' "http://127.0.0.1:${PORT[$1]}/cancelgateway.v1.PipelineControl/Cancel"; }
check() { # OUT N
  local succ; succ="$(echo "$1" | sed -n 's/.* \([0-9]*\) succeeded.*/\1/p')"
  [ "$succ" = "$2" ] || { echo "INVALID: $succ of $2 succeeded" >&2; echo "$1" >&2; exit 1; }
}
pct() { python3 -c '
import sys
d = sorted(int(l.split()[2]) for l in open(sys.argv[1]) if l.strip())
print(d[len(d)//2] / 1000, d[min(len(d)-1, int(len(d)*0.99))] / 1000)' "$1"; }

VARIANTS="traces metrics off"
start traces 50191 --Telemetry:Traces=true
start metrics 50192
start off 50193 --Telemetry:Enabled=false
for s in $VARIANTS; do get "$s" 200000 >/dev/null; cancel "$s" "$N_CANCEL" "$WORK/warm.log" >/dev/null; echo "warmed up $s" >&2; done

declare -A RPS P50 P99
for round in $(seq 1 "$ROUNDS"); do
  for s in $VARIANTS; do
    out="$(get "$s" "$N_GET")"; check "$out" "$N_GET"
    rps="$(echo "$out" | sed -n 's/^finished in [^,]*, \([0-9.]*\) req\/s.*/\1/p')"
    out="$(cancel "$s" "$N_CANCEL" "$WORK/$s-$round.log")"; check "$out" "$N_CANCEL"
    read -r p50 p99 < <(pct "$WORK/$s-$round.log")
    RPS[$s]+="$rps " P50[$s]+="$p50 " P99[$s]+="$p99 "
    echo "round $round $s: GetOperation $rps req/s, Cancel p50 $p50 ms p99 $p99 ms" >&2
  done
done
median() { tr ' ' '\n' | sed '/^$/d' | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
echo "| telemetry | GetOperation req/s (median) | rounds | Cancel p50 ms (median) | Cancel p99 ms (median) | p99 rounds |"
echo "| --- | ---: | --- | ---: | ---: | --- |"
for s in $VARIANTS; do
  printf '| %s | %.0f | %s | %.2f | %.2f | %s |\n' "$s" "$(echo "${RPS[$s]}" | median)" "$(echo "${RPS[$s]}" | xargs printf '%.0f ')" \
    "$(echo "${P50[$s]}" | median)" "$(echo "${P99[$s]}" | median)" "$(echo "${P99[$s]}" | xargs printf '%.2f ')"
done
echo
echo "settings: GetOperation h2load -n $N_GET -c 16 -m 8; Cancel -n $N_CANCEL -c 8 -m 1; servers on core $SERVER_CPUS, h2load on core $LOAD_CPUS; $ROUNDS interleaved rounds after one warm-up each; $(nproc) cores"
