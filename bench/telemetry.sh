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
# line, "NAME|ENV=V ...|--Setting=V ...|DLL" (e.g. "off2||--Telemetry:Enabled=false", an A/A
# control; $COLLECTOR in the settings is the stub's address; DLL, optional, another build of the
# demo launcher, to compare code changes in one run). Env SKIP_VARIANTS: names not to run
# ("traces" when only metrics are being compared; "off" is always needed).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
ROUNDS="${1:-7}" N_GET="${2:-100000}" N_CANCEL="${3:-4000}" WARMUP="${4:-4}" BLOCKS="${5:-1}"
SERVER_CPUS="${SERVER_CPUS:-1}" LOAD_CPUS="${LOAD_CPUS:-0}"
WORK="$HERE/.build/telemetry"; rm -rf "$WORK"; mkdir -p "$WORK"
command -v h2load >/dev/null || { echo "h2load missing: apt-get install nghttp2-client" >&2; exit 2; }
# shellcheck source=bench/telemetry-common.sh
. "$HERE/telemetry-common.sh"
DLL="$(telemetry_dll)"
cancel_request > "$WORK/cancel.bin"

declare -A PID PORT HTTP_PORT CGROUP
CGROUPS=""; [ -w /sys/fs/cgroup/cpuacct ] && [ -z "${NO_CGROUP:-}" ] && CGROUPS=/sys/fs/cgroup/cpuacct
stop_all() {
  for s in "${!PID[@]}"; do kill "${PID[$s]}" 2>/dev/null || true; wait "${PID[$s]}" 2>/dev/null || true; done
  for g in "${CGROUP[@]}"; do [ -z "$g" ] || rmdir "$g" 2>/dev/null || true; done
}
stop_servers() { for s in "${!PID[@]}"; do [ "$s" = collector ] && continue; kill "${PID[$s]}" 2>/dev/null || true; wait "${PID[$s]}" 2>/dev/null || true; unset "PID[$s]"; done; }
trap stop_all EXIT
wait_port() { for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 did not open" >&2; exit 1; }
# The collector stub: OTLP/HTTP (protobuf) on 127.0.0.1, answers every export with an empty
# (successful) response and counts requests and bytes.
COLLECTOR_PORT=20999
taskset -c "$LOAD_CPUS" timeout 3600 bash -c "$(declare -f collector_stub); collector_stub $COLLECTOR_PORT" >"$WORK/collector.log" 2>&1 &
PID[collector]=$!

start() { # NAME PORT HTTP_PORT EXTRA...   (env VARIANT_ENV: more environment for this server; VARIANT_DLL: another build)
  local s="$1" port="$2" http_port="$3"; shift 3
  # shellcheck disable=SC2086
  # The server runs in a cpuacct cgroup of its own when one can be made (its CPU time in ns,
  # threads that ended included); otherwise its CPU time is read from /proc in clock ticks.
  local group="$CGROUPS/telemetry-bench-$s"
  if [ -n "$CGROUPS" ] && { [ -d "$group" ] || mkdir "$group" 2>/dev/null; }; then CGROUP[$s]="$group"; else CGROUP[$s]=""; fi
  # shellcheck disable=SC2086
  CG="${CGROUP[$s]}" env ${VARIANT_ENV:-} OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf bash -c '[ -z "$CG" ] || echo $$ > "$CG/cgroup.procs"; exec "$@"' cg \
    taskset -c "$SERVER_CPUS" timeout 3600 dotnet "${VARIANT_DLL:-$DLL}" \
    "--Gateway:Listen=127.0.0.1:$port" "--Gateway:HttpListen=127.0.0.1:$http_port" "--Storage:Sqlite:Path=$WORK/$s-$block.db" \
    --Logging:LogLevel:Default=Warning --Engine:ProviderRequestsPerSecond=1000000 --Engine:ProviderConcurrency=1024 "$@" \
    >"$WORK/$s.log" 2>&1 &
  PID[$s]=$! PORT[$s]=$port HTTP_PORT[$s]=$http_port
  wait_port "$port"
  # Prometheus' side: /metrics once a second for as long as the server runs.
  taskset -c "$LOAD_CPUS" timeout 3600 bash -c 'while sleep 1; do curl -s -o /dev/null -w "%{http_code} %{size_download}\n" "$1" >>"$2" || true; done' \
    scrape "http://127.0.0.1:$http_port/metrics" "$WORK/$s.scrapes" &
  PID[$s-scraper]=$!
  get_request_for_new_operation "$port" "$WORK/$s.get.bin"
}
get() { timeout 600 taskset -c "$LOAD_CPUS" h2load -n "$2" -c 16 -m 8 -t 1 -d "$WORK/$1.get.bin" -H 'content-type: application/grpc' -H 'te: trailers' "http://127.0.0.1:${PORT[$1]}/cancelgateway.v1.PipelineControl/GetOperation"; }
cancel() { timeout 600 taskset -c "$LOAD_CPUS" h2load -n "$2" -c 8 -m 1 -t 1 --log-file="$3" -d "$WORK/cancel.bin" -H 'content-type: application/grpc' -H 'te: trailers' "http://127.0.0.1:${PORT[$1]}/cancelgateway.v1.PipelineControl/Cancel"; }
# The server's CPU time so far, in µs: a GetOperation's CPU cost is the difference over a round
# divided by its requests, which other load on the machine changes far less than it changes
# req/s. From the server's cgroup (ns) when it has one, else from /proc (user + system, clock
# ticks: 10 ms, 0.2 µs per call over 50 000 calls). PID[s] is timeout's; the gateway is its child.
cpu_us() {
  if [ -n "${CGROUP[$1]}" ]; then echo $(( $(cat "${CGROUP[$1]}/cpuacct.usage") / 1000 ))
  else awk -v tick="$TICK_US" '{ split(substr($0, index($0, ")") + 2), f, " "); print (f[12] + f[13]) * tick }' "/proc/$(pgrep -P "${PID[$1]}" -n)/stat"; fi
}
check() { # OUT N
  local succ; succ="$(echo "$1" | sed -n 's/.* \([0-9]*\) succeeded.*/\1/p')"
  [ "$succ" = "$2" ] || { echo "INVALID: $succ of $2 succeeded" >&2; echo "$1" >&2; exit 1; }
}
pct() { python3 -c '
import sys
d = sorted(int(l.split()[2]) for l in open(sys.argv[1]) if l.strip())
print(d[len(d)//2] / 1000, d[min(len(d)-1, int(len(d)*0.99))] / 1000)' "$1"; }

declare -A RPS P50 P99 CPU BLOCK
shuffled() { python3 -c 'import random, sys; v = sys.argv[2:]; random.Random(sys.argv[1]).shuffle(v); print(*v)' "$@"; }
TICK_US=$((1000000 / $(getconf CLK_TCK)))
COLLECTOR="http://127.0.0.1:$COLLECTOR_PORT"
# The variants, one a line: NAME|ENV|SETTINGS|DLL.
NAMES=() ENVS=() SETTINGS=() DLLS=()
while IFS='|' read -r name variant_env settings dll; do
  [ -n "$name" ] || continue
  case " ${SKIP_VARIANTS:-} " in *" $name "*) continue ;; esac
  NAMES+=("$name") ENVS+=("$variant_env") SETTINGS+=("$settings") DLLS+=("$dll")
done <<< "traces||--Telemetry:OtlpEndpoint=\$COLLECTOR ${EXTRA_TRACES:-}
metrics||${EXTRA_METRICS:-}
off||--Telemetry:Enabled=false
${EXTRA_VARIANTS:-}"
VARIANTS="${NAMES[*]}"
# Whether any variant exports spans over OTLP (then each round waits for its last batch).
EXPORTING=""; for settings in "${SETTINGS[@]}"; do case "$settings" in *OtlpEndpoint*) EXPORTING=1 ;; esac; done
declare -A GOT
for block in $(seq 1 "$BLOCKS"); do
  # New processes (and stores) for each block, on ports of their own, below the ephemeral range
  # (a client connection of the block before could hold a port in it).
  base=$((21000 + 20 * block))
  # Started in a shuffled order too (each block its own): a gateway started while the others
  # sit idle is not quite the same process as one started first, and the control "off2",
  # always started last, came out 2-8 % cheaper than "off" in four blocks in a row.
  for i in $(shuffled "start.$block" "${!NAMES[@]}"); do
    # shellcheck disable=SC2086
    VARIANT_ENV="${ENVS[$i]}" VARIANT_DLL="${DLLS[$i]}" start "${NAMES[$i]}" $((base + 1 + i)) $((base + 11 + i)) $(eval echo "${SETTINGS[$i]}")
  done

  for round in $(seq $((1 - WARMUP)) "$ROUNDS"); do
    # Each round runs the variants in a new order (shuffled, reproducibly from the block and
    # round), so that no variant always follows the same one: the servers share a core, and the
    # work a server does after its run (a GC, the OTLP exporter's next batch) lands in the run
    # after it. A fixed rotation kept the successors fixed: "off2" always followed "off", and
    # came out 1-22 % faster than that identical gateway in every block.
    # GetOperation first, every variant, then the Cancels: the spans of a traced gateway's
    # Cancels (several per call) are exported in batches, the last one up to 5 s after them, and
    # that export belongs to the Cancels, not to the next GetOperation run's CPU per call.
    read -r -a ROUND_ORDER <<< "$(shuffled "get.$block.$round" "${NAMES[@]}")"
    for s in "${ROUND_ORDER[@]}"; do
      before="$(cpu_us "$s")"
      out="$(get "$s" "$N_GET")"; check "$out" "$N_GET"
      cpu="$(python3 -c "print(round(($(cpu_us "$s") - $before) / $N_GET, 3))")"
      rps="$(echo "$out" | sed -n 's/^finished in [^,]*, \([0-9.]*\) req\/s.*/\1/p')"
      GOT[$s]="$rps $cpu"
    done
    read -r -a ROUND_ORDER <<< "$(shuffled "cancel.$block.$round" "${NAMES[@]}")"
    for s in "${ROUND_ORDER[@]}"; do
      out="$(cancel "$s" "$N_CANCEL" "$WORK/$s-$block-$round.log")"; check "$out" "$N_CANCEL"
      read -r p50 p99 < <(pct "$WORK/$s-$block-$round.log")
      read -r rps cpu <<< "${GOT[$s]}"
      if [ "$round" -ge 1 ]; then
        RPS[$s]+="$rps " P50[$s]+="$p50 " P99[$s]+="$p99 " CPU[$s]+="$cpu " BLOCK[$s]+="$block "
        echo "block $block round $round $s: GetOperation $rps req/s ($cpu µs CPU each), Cancel p50 $p50 ms p99 $p99 ms" >&2
      else
        echo "block $block warm-up $((round + WARMUP)) $s: GetOperation $rps req/s ($cpu µs CPU each), Cancel p50 $p50 ms p99 $p99 ms (discarded)" >&2
      fi
    done
    # The last Cancels' spans are exported before the next round's GetOperations.
    [ -z "$EXPORTING" ] || sleep "${EXPORT_SETTLE:-6}"
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
    print("%s rounds: req/s %s; CPU µs %s; Cancel p99 ms %s" % (name, " ".join("%.0f" % x for x in rps), " ".join("%.2f" % x for x in cpu), " ".join("%.1f" % x for x in p99)))
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
