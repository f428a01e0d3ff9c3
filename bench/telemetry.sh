#!/usr/bin/env bash
# Telemetry on vs off, side by side in one run: three gateways (the demo launcher: emulators
# in-process, SQLite): "traces" (--Telemetry:OtlpEndpoint set: spans and metrics exported over
# OTLP/HTTP to a local collector stub, plus /metrics), "metrics" (the defaults: metrics and
# /metrics, no spans) and "off" (--Telemetry:Enabled=false). Every gateway's /metrics is scraped
# once a second during the whole run (on "off" it answers 404: the same scraper load everywhere).
# Measures GetOperation req/s (a done operation, from memory) and the Cancel RPC's latency
# (p50/p99 from h2load's per-request log: a Cancel of an ended run stores a new operation, calls
# the emulator, and answers done).
#   bench/telemetry.sh [ROUNDS=7] [N_GET=100000] [N_CANCEL=4000] [WARMUP=4] [BLOCKS=1]
# Servers pinned to core SERVER_CPUS (1); h2load, the scrapers and the collector stub to
# LOAD_CPUS (0). WARMUP interleaved rounds (every variant once, in a new shuffled order each
# round) are run and discarded (tiered compilation and dynamic PGO need several), then ROUNDS
# counted rounds; medians and each variant's ratio to "off". BLOCKS > 1 repeats the whole
# (start, warm-up, counted rounds, stop) with new processes each time and pools the rounds: two
# processes of one build can differ by several per cent for the whole of their lives (JIT and
# GC decisions, memory placement), so one process per variant cannot resolve a few per cent.
# Env EXTRA_TRACES / EXTRA_METRICS: more settings for those two gateways (e.g. to try an opt-in
# setting). Env GATEWAY_DLL: run that build of the demo launcher instead of building this
# tree's (to measure an earlier build). Env EXTRA_VARIANTS: more gateways in the same run, one a
# line, "NAME|ENV=V ...|--Setting=V ..." (e.g. "off2||--Telemetry:Enabled=false", an A/A
# control; $COLLECTOR in the settings is the stub's address).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
ROUNDS="${1:-7}" N_GET="${2:-100000}" N_CANCEL="${3:-4000}" WARMUP="${4:-4}" BLOCKS="${5:-1}"
SERVER_CPUS="${SERVER_CPUS:-1}" LOAD_CPUS="${LOAD_CPUS:-0}"
WORK="$HERE/.build/telemetry"; rm -rf "$WORK"; mkdir -p "$WORK"
command -v h2load >/dev/null || { echo "h2load missing: apt-get install nghttp2-client" >&2; exit 2; }
DLL="${GATEWAY_DLL:-$ROOT/src/CancelGateway.Demo/bin/Release/net10.0/CancelGateway.Demo.dll}"
[ -n "${GATEWAY_DLL:-}" ] || dotnet build -c Release "$ROOT/src/CancelGateway.Demo" -v q -nologo >/dev/null

frame() { python3 -c 'import sys; b=sys.stdin.buffer.read(); sys.stdout.buffer.write(b"\0"+len(b).to_bytes(4,"big")+b)'; }
printf '\x0a\x47projects/demo-project/locations/us-central1/pipelineJobs/demo-succeeded' | frame > "$WORK/cancel.bin"

declare -A PID PORT HTTP_PORT
stop_all() { for s in "${!PID[@]}"; do kill "${PID[$s]}" 2>/dev/null || true; wait "${PID[$s]}" 2>/dev/null || true; done; }
stop_servers() { for s in "${!PID[@]}"; do [ "$s" = collector ] && continue; kill "${PID[$s]}" 2>/dev/null || true; wait "${PID[$s]}" 2>/dev/null || true; unset "PID[$s]"; done; }
trap stop_all EXIT
wait_port() { for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 did not open" >&2; exit 1; }
# The collector stub: OTLP/HTTP (protobuf) on 127.0.0.1, answers every export with an empty
# (successful) response and counts requests and bytes.
COLLECTOR_PORT=20999
taskset -c "$LOAD_CPUS" timeout 3600 python3 -c '
import http.server, signal, sys
counts = {"requests": 0, "bytes": 0}
class Stub(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        n = int(self.headers.get("content-length", "0")); self.rfile.read(n)
        counts["requests"] += 1; counts["bytes"] += n
        self.send_response(200); self.send_header("content-type", "application/x-protobuf"); self.send_header("content-length", "0"); self.end_headers()
    def log_message(self, *a): pass
def report(*_):
    print("collector stub: %d exports, %d bytes" % (counts["requests"], counts["bytes"]), flush=True); sys.exit(0)
signal.signal(signal.SIGTERM, report)
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Stub).serve_forever()' "$COLLECTOR_PORT" >"$WORK/collector.log" 2>&1 &
PID[collector]=$!

start() { # NAME PORT HTTP_PORT EXTRA...   (env VARIANT_ENV: more environment for this server)
  local s="$1" port="$2" http_port="$3"; shift 3
  # shellcheck disable=SC2086
  env ${VARIANT_ENV:-} OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf taskset -c "$SERVER_CPUS" timeout 3600 dotnet "$DLL" \
    "--Gateway:Listen=127.0.0.1:$port" "--Gateway:HttpListen=127.0.0.1:$http_port" "--Storage:Sqlite:Path=$WORK/$s-$block.db" \
    --Logging:LogLevel:Default=Warning --Engine:ProviderRequestsPerSecond=1000000 --Engine:ProviderConcurrency=1024 "$@" \
    >"$WORK/$s.log" 2>&1 &
  PID[$s]=$! PORT[$s]=$port HTTP_PORT[$s]=$http_port
  wait_port "$port"
  # Prometheus' side: /metrics once a second for as long as the server runs.
  taskset -c "$LOAD_CPUS" timeout 3600 bash -c 'while sleep 1; do curl -s -o /dev/null -w "%{http_code} %{size_download}\n" "$1" >>"$2" || true; done' \
    scrape "http://127.0.0.1:$http_port/metrics" "$WORK/$s.scrapes" &
  PID[$s-scraper]=$!
  curl -s --http2-prior-knowledge -H 'content-type: application/grpc' -H 'te: trailers' --data-binary "@$WORK/cancel.bin" \
    -o "$WORK/$s.cancel.out" "http://127.0.0.1:$port/cancelgateway.v1.PipelineControl/Cancel"
  local name; name="$(python3 -c 'import sys,re; print(re.search(rb"operations/[0-9a-f]{32}", open(sys.argv[1],"rb").read()).group().decode())' "$WORK/$s.cancel.out")"
  printf '\x0a\x2b%s' "$name" | frame > "$WORK/$s.get.bin"
}
get() { timeout 600 taskset -c "$LOAD_CPUS" h2load -n "$2" -c 16 -m 8 -t 1 -d "$WORK/$1.get.bin" -H 'content-type: application/grpc' -H 'te: trailers' "http://127.0.0.1:${PORT[$1]}/cancelgateway.v1.PipelineControl/GetOperation"; }
cancel() { timeout 600 taskset -c "$LOAD_CPUS" h2load -n "$2" -c 8 -m 1 -t 1 --log-file="$3" -d "$WORK/cancel.bin" -H 'content-type: application/grpc' -H 'te: trailers' "http://127.0.0.1:${PORT[$1]}/cancelgateway.v1.PipelineControl/Cancel"; }
# The server's CPU time (user + system, clock ticks) so far: a GetOperation's CPU cost is the
# difference over a round divided by its requests, which other load on the machine changes far
# less than it changes req/s. PID[s] is timeout's; the gateway is its child.
cpu_ticks() { awk '{ split(substr($0, index($0, ")") + 2), f, " "); print f[12] + f[13] }' "/proc/$(pgrep -P "${PID[$1]}" -n)/stat"; }
check() { # OUT N
  local succ; succ="$(echo "$1" | sed -n 's/.* \([0-9]*\) succeeded.*/\1/p')"
  [ "$succ" = "$2" ] || { echo "INVALID: $succ of $2 succeeded" >&2; echo "$1" >&2; exit 1; }
}
pct() { python3 -c '
import sys
d = sorted(int(l.split()[2]) for l in open(sys.argv[1]) if l.strip())
print(d[len(d)//2] / 1000, d[min(len(d)-1, int(len(d)*0.99))] / 1000)' "$1"; }

declare -A RPS P50 P99 CPU BLOCK
TICK_US=$((1000000 / $(getconf CLK_TCK)))
COLLECTOR="http://127.0.0.1:$COLLECTOR_PORT"
for block in $(seq 1 "$BLOCKS"); do
  # New processes (and stores) for each block, on ports of their own, below the ephemeral range
  # (a client connection of the block before could hold a port in it).
  base=$((21000 + 20 * block))
  VARIANTS="traces metrics off"
  # shellcheck disable=SC2086
  start traces $((base + 1)) $((base + 11)) "--Telemetry:OtlpEndpoint=$COLLECTOR" ${EXTRA_TRACES:-}
  # shellcheck disable=SC2086
  start metrics $((base + 2)) $((base + 12)) ${EXTRA_METRICS:-}
  start off $((base + 3)) $((base + 13)) --Telemetry:Enabled=false
  n=0
  while IFS='|' read -r name variant_env settings; do
    [ -n "$name" ] || continue
    n=$((n + 1)) VARIANTS+=" $name"
    # shellcheck disable=SC2086
    VARIANT_ENV="$variant_env" start "$name" $((base + 3 + n)) $((base + 13 + n)) $(eval echo "$settings")
  done <<< "${EXTRA_VARIANTS:-}"

  read -r -a ORDER <<< "$VARIANTS"
  for round in $(seq $((1 - WARMUP)) "$ROUNDS"); do
    # Each round runs the variants in a new order (shuffled, reproducibly from the block and
    # round), so that no variant always follows the same one: the servers share a core, and the
    # work a server does after its run (a GC, the OTLP exporter's next batch) lands in the run
    # after it. A fixed rotation kept the successors fixed: "off2" always followed "off", and
    # came out 1-22 % faster than that identical gateway in every block.
    read -r -a ROUND_ORDER <<< "$(python3 -c 'import random, sys; v = sys.argv[2:]; random.Random(sys.argv[1]).shuffle(v); print(*v)' "$block.$round" "${ORDER[@]}")"
    for s in "${ROUND_ORDER[@]}"; do
      before="$(cpu_ticks "$s")"
      out="$(get "$s" "$N_GET")"; check "$out" "$N_GET"
      cpu="$(python3 -c "print(round(($(cpu_ticks "$s") - $before) * $TICK_US / $N_GET, 2))")"
      rps="$(echo "$out" | sed -n 's/^finished in [^,]*, \([0-9.]*\) req\/s.*/\1/p')"
      out="$(cancel "$s" "$N_CANCEL" "$WORK/$s-$block-$round.log")"; check "$out" "$N_CANCEL"
      read -r p50 p99 < <(pct "$WORK/$s-$block-$round.log")
      if [ "$round" -ge 1 ]; then
        RPS[$s]+="$rps " P50[$s]+="$p50 " P99[$s]+="$p99 " CPU[$s]+="$cpu " BLOCK[$s]+="$block "
        echo "block $block round $round $s: GetOperation $rps req/s ($cpu µs CPU each), Cancel p50 $p50 ms p99 $p99 ms" >&2
      else
        echo "block $block warm-up $((round + WARMUP)) $s: GetOperation $rps req/s ($cpu µs CPU each), Cancel p50 $p50 ms p99 $p99 ms (discarded)" >&2
      fi
    done
  done
  for s in $VARIANTS; do echo "$s scrapes (block $block): $(sort "$WORK/$s.scrapes" | awk '{print $1}' | uniq -c | xargs)" >&2; done
  stop_servers
done
# The table: medians over the counted rounds, and each variant's cost as the median of its
# per-round ratios to "off" in the same round (a slow spell of the machine then moves both sides of
# one ratio, not a median). "min" is the least CPU per call over the rounds: noise only adds to
# it, so the ratio of minima is the intrinsic cost's estimate least moved by the machine.
for s in $VARIANTS; do echo "$s|${RPS[$s]}|${CPU[$s]}|${P50[$s]}|${P99[$s]}|${BLOCK[$s]}"; done | python3 -c '
import statistics as st, sys
rows = {}
for line in sys.stdin:
    name, *cols = line.rstrip("\n").split("|")
    rows[name] = [[float(x) for x in c.split()] for c in cols]
off = rows["off"]
def ratios(a, b, invert=False): return [(y / x) if invert else (x / y) for x, y in zip(a, b)]
print("| telemetry | GetOperation req/s (median) | vs off (median of rounds) | CPU µs per GetOperation (median) | CPU min | off / this (median of rounds) | off / this (minima) | Cancel p50 ms | Cancel p99 ms | p99 vs off (median of rounds) |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for name, (rps, cpu, p50, p99, _) in rows.items():
    print("| %s | %.0f | %.3f | %.2f | %.2f | %.3f | %.3f | %.2f | %.2f | %.3f |" % (
        name, st.median(rps), st.median(ratios(rps, off[0])), st.median(cpu), min(cpu),
        st.median(ratios(off[1], cpu)), min(off[1]) / min(cpu), st.median(p50), st.median(p99), st.median(ratios(p99, off[3]))))
print()
for name, (rps, cpu, p50, p99, _) in rows.items():
    print("%s rounds: req/s %s; CPU µs %s; Cancel p99 ms %s" % (name, " ".join("%.0f" % x for x in rps), " ".join("%.1f" % x for x in cpu), " ".join("%.1f" % x for x in p99)))
blocks = sorted(set(off[4]))
if len(blocks) > 1:
    # Each block is a new set of processes: the spread of these per-block figures is what one
    # process per variant would have reported, and the median over blocks the pooled estimate.
    print()
    for name, (rps, cpu, _, p99, block) in rows.items():
        def per_block(a, b, invert=False):
            return [st.median(ratios([x for x, k in zip(a, block) if k == n], [y for y, k in zip(b, off[4]) if k == n], invert)) for n in blocks]
        cpu_ratios = per_block(cpu, off[1], invert=True)
        rps_ratios = per_block(rps, off[0])
        print("%s per block: req/s vs off %s (median %.3f); CPU off / this %s (median %.3f)" % (
            name, " ".join("%.3f" % x for x in rps_ratios), st.median(rps_ratios), " ".join("%.3f" % x for x in cpu_ratios), st.median(cpu_ratios)))
'
echo
kill "${PID[collector]}"; wait "${PID[collector]}" 2>/dev/null || true; unset 'PID[collector]'; cat "$WORK/collector.log"
echo "settings: GetOperation h2load -n $N_GET -c 16 -m 8; Cancel -n $N_CANCEL -c 8 -m 1; servers on core $SERVER_CPUS, h2load, scrapers and collector stub on core $LOAD_CPUS; $BLOCKS block(s) of new processes, each with $WARMUP warm-up rounds discarded and $ROUNDS interleaved rounds counted; $(nproc) cores"
