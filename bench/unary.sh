#!/usr/bin/env bash
# Unary req/s and latency of the project's echo server, side by side in one run with the
# grpc-go and C++ gRPC reference servers and a raw Kestrel HTTP/2 endpoint (this stack's ceiling).
#   bench/unary.sh [ROUNDS=3] [N=200000] [C=16] [M=8]
# env: PEERS (default ../shared/peers: the reference servers' sources and build scripts; used
#      only to measure, never by the product), SERVERS (default "go cpp echo raw").
# Rounds are interleaved (go, cpp, echo, raw, go, ...) so drift on this shared 2-core machine
# hits every server alike; the table shows medians and ratios. h2load runs with one thread.
# Every call is checked: DATA bytes received must equal N x the 11-byte echoed frame.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
ROUNDS="${1:-3}" N="${2:-200000}" C="${3:-16}" M="${4:-8}"
SERVERS="${SERVERS:-go cpp echo raw}"
PEERS="${PEERS:-$ROOT/../shared/peers}"
WORK="$HERE/.build"; mkdir -p "$WORK/results"
command -v h2load >/dev/null || { echo "h2load missing: apt-get install nghttp2-client" >&2; exit 2; }

# Msg{text:"hi", n:1} as one length-prefixed frame: 00 00000006 0a026869 1001.
printf '\x00\x00\x00\x00\x06\x0a\x02hi\x10\x01' > "$WORK/body.bin"
FRAME=11

build_refs() {
  if [ ! -x "$WORK/peers/build/bin/go_server" ] || [ ! -x "$WORK/peers/build/bin/cpp_server" ]; then
    [ -d "$PEERS" ] || { echo "reference servers not found at $PEERS (set PEERS)" >&2; exit 2; }
    rm -rf "$WORK/peers"; cp -r "$PEERS" "$WORK/peers"
    "$WORK/peers/gen.sh" go cpp >/dev/null
  fi
}
case " $SERVERS " in *" go "*|*" cpp "*) build_refs ;; esac
dotnet build -c Release "$HERE/EchoServer" -v q -nologo >/dev/null
dotnet build -c Release "$HERE/RawKestrel" -v q -nologo >/dev/null

pid=""
start() { # NAME PORT
  case "$1" in
    go) timeout 900 "$WORK/peers/build/bin/go_server" -port "$2" >/dev/null 2>&1 & ;;
    cpp) timeout 900 "$WORK/peers/build/bin/cpp_server" --port "$2" >/dev/null 2>&1 & ;;
    echo) timeout 900 dotnet "$HERE/EchoServer/bin/Release/net10.0/EchoServer.dll" --port "$2" >/dev/null 2>&1 & ;;
    raw) timeout 900 dotnet "$HERE/RawKestrel/bin/Release/net10.0/RawKestrel.dll" --port "$2" >/dev/null 2>&1 & ;;
  esac
  pid=$!
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "$1 did not start on port $2" >&2; exit 1
}
stop() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; }
trap stop EXIT

url() { echo "http://127.0.0.1:$1/bench.v1.Echo/Unary"; }
h2() { # PORT N -> h2load output
  timeout 300 h2load -n "$2" -c "$C" -m "$M" -t 1 -d "$WORK/body.bin" \
    -H 'content-type: application/grpc' -H 'te: trailers' "$(url "$1")"
}

declare -A RPS LAT
port=50090
for round in $(seq 1 "$ROUNDS"); do
  for s in $SERVERS; do
    port=$((port + 1))
    start "$s" "$port"
    h2 "$port" 20000 >/dev/null
    out="$(h2 "$port" "$N")"
    stop
    echo "$out" > "$WORK/results/$s-$round.txt"
    succ="$(echo "$out" | sed -n 's/.* \([0-9]*\) succeeded.*/\1/p')"
    data="$(echo "$out" | sed -n 's/.*(\([0-9]*\)) data.*/\1/p')"
    if [ "$succ" != "$N" ] || [ "$data" != "$((N * FRAME))" ]; then
      echo "INVALID run: $s round $round (succeeded=$succ data=$data)" >&2; exit 1
    fi
    RPS[$s]+="$(echo "$out" | sed -n 's/^finished in [^,]*, \([0-9.]*\) req\/s.*/\1/p') "
    LAT[$s]+="$(awk '/^time for request:/{print $4"/"$5"/"$6}' <<<"$out") "
    echo "round $round $s: $(echo "$out" | sed -n 's/^finished in [^,]*, \([0-9.]*\) req\/s.*/\1/p') req/s" >&2
  done
done

median() { tr ' ' '\n' | sed '/^$/d' | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
echo "| server | median req/s | runs (req/s) | mean latency (median run) |"
echo "| --- | ---: | --- | ---: |"
declare -A MED
for s in $SERVERS; do
  MED[$s]="$(echo "${RPS[$s]}" | median)"
  # the latency of the run whose req/s is the median
  i=0; lat=""
  for r in ${RPS[$s]}; do i=$((i + 1)); [ "$r" = "${MED[$s]}" ] && lat="$(echo "${LAT[$s]}" | cut -d' ' -f"$i" | cut -d/ -f3)"; done
  printf '| %s | %.0f | %s | %s |\n' "$s" "${MED[$s]}" "$(echo "${RPS[$s]}" | xargs printf '%.0f ')" "$lat"
done
ratio() { awk -v a="${MED[$1]:-0}" -v b="${MED[$2]:-0}" 'BEGIN{ if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
echo
echo "echo / go = $(ratio echo go), echo / cpp = $(ratio echo cpp), echo / raw = $(ratio echo raw), raw / go = $(ratio raw go)"
echo "settings: h2load -n $N -c $C -m $M -t 1, 20000 warm-up calls per run, $ROUNDS interleaved rounds, $(nproc) cores, unpinned"
