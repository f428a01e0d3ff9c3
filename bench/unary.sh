#!/usr/bin/env bash
# Unary req/s side by side in one run: the grpc-dotnet echo server, the gateway's GetOperation,
# the grpc-go and C++ gRPC reference servers, a raw Kestrel HTTP/2 endpoint (this stack's
# ceiling) and, optionally, an older echo server build to compare against (OLD_ECHO_DLL).
#   bench/unary.sh [ROUNDS=5] [N=200000] [C=16] [M=8]
# env: PEERS (default ../shared/peers: the reference servers' sources and build scripts; used
#      only to measure, never by the product), SERVERS (default "go cpp echo raw gateway",
#      plus "old" when OLD_ECHO_DLL is set), WARMUP (calls per server before the rounds,
#      default 300000), SERVER_CPUS (default 1), LOAD_CPUS (default 0).
# On a 2-core machine every server is pinned to one core and h2load to the other. All servers
# start first and each is warmed up once (.NET reaches its steady state only after tiered
# compilation and dynamic PGO settle); then the rounds are interleaved (go, cpp, echo, ...)
# so drift on this shared machine hits every server alike. The table shows medians and ratios.
# Every call is checked: DATA bytes received must equal N x the expected response frame.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
ROUNDS="${1:-5}" N="${2:-200000}" C="${3:-16}" M="${4:-8}"
SERVERS="${SERVERS:-go cpp echo raw gateway${OLD_ECHO_DLL:+ old}}"
WARMUP="${WARMUP:-300000}"
SERVER_CPUS="${SERVER_CPUS:-1}" LOAD_CPUS="${LOAD_CPUS:-0}"
PEERS="${PEERS:-$ROOT/../shared/peers}"
WORK="$HERE/.build"; mkdir -p "$WORK/results"
command -v h2load >/dev/null || { echo "h2load missing: apt-get install nghttp2-client" >&2; exit 2; }

frame() { python3 -c 'import sys; b=sys.stdin.buffer.read(); sys.stdout.buffer.write(b"\0"+len(b).to_bytes(4,"big")+b)'; }
# Msg{text:"hi", n:1} as one length-prefixed frame: 00 00000006 0a026869 1001; echoed back.
printf '\x0a\x02hi\x10\x01' | frame > "$WORK/echo.bin"

build_refs() {
  if [ ! -x "$WORK/peers/build/bin/go_server" ] || [ ! -x "$WORK/peers/build/bin/cpp_server" ]; then
    [ -d "$PEERS" ] || { echo "reference servers not found at $PEERS (set PEERS)" >&2; exit 2; }
    rm -rf "$WORK/peers"; cp -r "$PEERS" "$WORK/peers"
    "$WORK/peers/gen.sh" go cpp >/dev/null
  fi
}
case " $SERVERS " in *" go "*|*" cpp "*) build_refs ;; esac
case " $SERVERS " in *" echo "*) dotnet build -c Release "$HERE/EchoServer" -v q -nologo >/dev/null ;; esac
case " $SERVERS " in *" raw "*) dotnet build -c Release "$HERE/RawKestrel" -v q -nologo >/dev/null ;; esac
case " $SERVERS " in *" gateway "*) dotnet build -c Release "$ROOT/src/CancelGateway.Demo" -v q -nologo >/dev/null ;; esac

declare -A PID PORT URL BODY FRAME
wait_port() { for _ in $(seq 1 200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 did not open" >&2; exit 1; }
stop_all() { for s in "${!PID[@]}"; do kill "${PID[$s]}" 2>/dev/null || true; wait "${PID[$s]}" 2>/dev/null || true; done; }
trap stop_all EXIT
# exec: the background job becomes the server itself, so its PID is the one to stop.
pin() { exec taskset -c "$SERVER_CPUS" timeout 3600 "$@"; }

start() { # NAME PORT
  local s="$1" port="$2"
  PORT[$s]="$port" URL[$s]="http://127.0.0.1:$port/bench.v1.Echo/Unary" BODY[$s]="$WORK/echo.bin" FRAME[$s]=11
  case "$s" in
    go) pin "$WORK/peers/build/bin/go_server" -port "$port" >/dev/null 2>&1 & ;;
    cpp) pin "$WORK/peers/build/bin/cpp_server" --port "$port" >/dev/null 2>&1 & ;;
    echo) pin dotnet "$HERE/EchoServer/bin/Release/net10.0/EchoServer.dll" --port "$port" >/dev/null 2>&1 & ;;
    old) pin dotnet "$OLD_ECHO_DLL" --port "$port" >/dev/null 2>&1 & ;;
    raw) pin dotnet "$HERE/RawKestrel/bin/Release/net10.0/RawKestrel.dll" --port "$port" >/dev/null 2>&1 & ;;
    gateway)
      # The demo launcher (emulators in-process, SQLite in the work dir); REST listener off.
      rm -f "$WORK/gateway.db"*
      pin dotnet "$ROOT/src/CancelGateway.Demo/bin/Release/net10.0/CancelGateway.Demo.dll" "--Gateway:Listen=127.0.0.1:$port" \
        --Gateway:HttpListen= "--Storage:Sqlite:Path=$WORK/gateway.db" --Logging:LogLevel:Default=Warning >"$WORK/gateway.log" 2>&1 & ;;
  esac
  PID[$s]=$!
  wait_port "$port"
  if [ "$s" = gateway ]; then gateway_operation "$port"; fi
}

# GetOperation of one done operation (a cancel of a demo run that had already ended), read
# through the gateway's in-memory cache of done operations: the API layer's own cost.
gateway_operation() {
  local port="$1" name
  printf '\x0a\x47projects/demo-project/locations/us-central1/pipelineJobs/demo-succeeded' | frame > "$WORK/cancel.bin"
  curl -s --http2-prior-knowledge -H 'content-type: application/grpc' -H 'te: trailers' --data-binary "@$WORK/cancel.bin" \
    -o "$WORK/cancel.out" "http://127.0.0.1:$port/cancelgateway.v1.PipelineControl/Cancel"
  name="$(python3 -c 'import sys,re; print(re.search(rb"operations/[0-9a-f]{32}", open(sys.argv[1],"rb").read()).group().decode())' "$WORK/cancel.out")"
  printf '\x0a\x2b%s' "$name" | frame > "$WORK/get.bin"
  curl -s --http2-prior-knowledge -H 'content-type: application/grpc' -H 'te: trailers' --data-binary "@$WORK/get.bin" \
    -o "$WORK/get.out" "http://127.0.0.1:$port/cancelgateway.v1.PipelineControl/GetOperation"
  URL[gateway]="http://127.0.0.1:$port/cancelgateway.v1.PipelineControl/GetOperation" BODY[gateway]="$WORK/get.bin"
  FRAME[gateway]="$(stat -c %s "$WORK/get.out")"
}

h2() { # NAME CALLS -> h2load output
  timeout 600 taskset -c "$LOAD_CPUS" h2load -n "$2" -c "$C" -m "$M" -t 1 -d "${BODY[$1]}" \
    -H 'content-type: application/grpc' -H 'te: trailers' "${URL[$1]}"
}

port=50090
for s in $SERVERS; do port=$((port + 1)); start "$s" "$port"; done
for s in $SERVERS; do h2 "$s" "$WARMUP" >/dev/null; echo "warmed up $s ($WARMUP calls)" >&2; done

declare -A RPS LAT
for round in $(seq 1 "$ROUNDS"); do
  for s in $SERVERS; do
    out="$(h2 "$s" "$N")"
    echo "$out" > "$WORK/results/$s-$round.txt"
    succ="$(echo "$out" | sed -n 's/.* \([0-9]*\) succeeded.*/\1/p')"
    data="$(echo "$out" | sed -n 's/.*(\([0-9]*\)) data.*/\1/p')"
    if [ "$succ" != "$N" ] || [ "$data" != "$((N * FRAME[$s]))" ]; then
      echo "INVALID run: $s round $round (succeeded=$succ data=$data expected=$((N * FRAME[$s])))" >&2; exit 1
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
  i=0; lat=""
  for r in ${RPS[$s]}; do i=$((i + 1)); [ "$r" = "${MED[$s]}" ] && lat="$(echo "${LAT[$s]}" | cut -d' ' -f"$i" | cut -d/ -f3)"; done
  printf '| %s | %.0f | %s | %s |\n' "$s" "${MED[$s]}" "$(echo "${RPS[$s]}" | xargs printf '%.0f ')" "$lat"
done
ratio() { awk -v a="${MED[$1]:-0}" -v b="${MED[$2]:-0}" 'BEGIN{ if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
echo
echo "echo / go = $(ratio echo go), echo / cpp = $(ratio echo cpp), echo / raw = $(ratio echo raw), raw / go = $(ratio raw go), gateway GetOperation / echo = $(ratio gateway echo), old echo / go = $(ratio old go), echo / old echo = $(ratio echo old)"
echo "settings: h2load -n $N -c $C -m $M -t 1 on core $LOAD_CPUS, servers on core $SERVER_CPUS, $WARMUP warm-up calls per server, $ROUNDS interleaved rounds, $(nproc) cores"
