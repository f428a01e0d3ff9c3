#!/usr/bin/env bash
# GetOperation req/s served by the gateway (a done operation, answered from the store's
# in-memory cache of done operations) next to the echo server's Unary req/s, in one run.
#   bench/getoperation.sh [ROUNDS=3] [N=100000] [C=16] [M=8]
# The gateway runs on its embedded defaults (emulators in-process, SQLite in a temp dir).
# Every call is checked: DATA bytes received must equal N x the expected response frame.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
ROUNDS="${1:-3}" N="${2:-100000}" C="${3:-16}" M="${4:-8}"
WORK="$HERE/.build/getoperation"; rm -rf "$WORK"; mkdir -p "$WORK"
command -v h2load >/dev/null || { echo "h2load missing: apt-get install nghttp2-client" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl missing" >&2; exit 2; }
dotnet build -c Release "$ROOT/src/CancelGateway" -v q -nologo >/dev/null
dotnet build -c Release "$HERE/EchoServer" -v q -nologo >/dev/null

pid=""
wait_port() { for _ in $(seq 1 150); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 did not open" >&2; exit 1; }
stop() { [ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; pid=""; }
trap stop EXIT
frame() { python3 -c 'import sys; b=sys.stdin.buffer.read(); sys.stdout.buffer.write(b"\0"+len(b).to_bytes(4,"big")+b)'; }
h2() { timeout 300 h2load -n "$3" -c "$C" -m "$M" -t 1 -d "$2" -H 'content-type: application/grpc' -H 'te: trailers' "$1"; }
check() { # OUTPUT EXPECTED_BYTES NAME
  local succ data; succ="$(echo "$1" | sed -n 's/.* \([0-9]*\) succeeded.*/\1/p')"; data="$(echo "$1" | sed -n 's/.*(\([0-9]*\)) data.*/\1/p')"
  [ "$succ" = "$N" ] && [ "$data" = "$2" ] || { echo "INVALID $3 run: succeeded=$succ data=$data expected=$2" >&2; exit 1; }
}
rps() { echo "$1" | sed -n 's/^finished in [^,]*, \([0-9.]*\) req\/s.*/\1/p'; }

# One done operation to read: cancel a demo run that has already ended.
start_gateway() {
  timeout 900 dotnet "$ROOT/src/CancelGateway/bin/Release/net10.0/CancelGateway.dll" --Gateway:Listen=127.0.0.1:50095 \
    "--Storage:Sqlite:Path=$WORK/ops.db" --Logging:LogLevel:Default=Warning >"$WORK/gateway.log" 2>&1 &
  pid=$!; wait_port 50095
}
start_gateway
printf '\x0a\x47projects/demo-project/locations/us-central1/pipelineJobs/demo-succeeded' | frame > "$WORK/cancel.bin"
curl -s --http2-prior-knowledge -H 'content-type: application/grpc' -H 'te: trailers' --data-binary "@$WORK/cancel.bin" \
  -o "$WORK/cancel.out" http://127.0.0.1:50095/cancelgateway.v1.PipelineControl/Cancel
name="$(python3 -c 'import sys,re; print(re.search(rb"operations/[0-9a-f]{32}", open(sys.argv[1],"rb").read()).group().decode())' "$WORK/cancel.out")"
printf '\x0a\x2b%s' "$name" | frame > "$WORK/get.bin"
curl -s --http2-prior-knowledge -H 'content-type: application/grpc' -H 'te: trailers' --data-binary "@$WORK/get.bin" \
  -o "$WORK/get.out" http://127.0.0.1:50095/cancelgateway.v1.PipelineControl/GetOperation
GET_FRAME="$(stat -c %s "$WORK/get.out")"
stop
printf '\x00\x00\x00\x00\x06\x0a\x02hi\x10\x01' > "$WORK/echo.bin"

declare -A R
for round in $(seq 1 "$ROUNDS"); do
  start_gateway
  h2 "http://127.0.0.1:50095/cancelgateway.v1.PipelineControl/GetOperation" "$WORK/get.bin" 20000 >/dev/null
  out="$(h2 "http://127.0.0.1:50095/cancelgateway.v1.PipelineControl/GetOperation" "$WORK/get.bin" "$N")"; stop
  check "$out" "$((N * GET_FRAME))" getoperation; R[get]+="$(rps "$out") "
  timeout 900 dotnet "$HERE/EchoServer/bin/Release/net10.0/EchoServer.dll" --port 50096 >/dev/null 2>&1 & pid=$!; wait_port 50096
  h2 "http://127.0.0.1:50096/bench.v1.Echo/Unary" "$WORK/echo.bin" 20000 >/dev/null
  out="$(h2 "http://127.0.0.1:50096/bench.v1.Echo/Unary" "$WORK/echo.bin" "$N")"; stop
  check "$out" "$((N * 11))" echo; R[echo]+="$(rps "$out") "
  echo "round $round: getoperation $(echo "${R[get]}" | awk '{print $NF}') echo $(echo "${R[echo]}" | awk '{print $NF}')" >&2
done
median() { tr ' ' '\n' | sed '/^$/d' | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
g="$(echo "${R[get]}" | median)"; e="$(echo "${R[echo]}" | median)"
echo "| endpoint | median req/s | runs |"
echo "| --- | ---: | --- |"
printf '| gateway GetOperation (%s-byte response) | %.0f | %s|\n' "$GET_FRAME" "$g" "$(echo "${R[get]}" | xargs printf '%.0f ')"
printf '| echo Unary | %.0f | %s|\n' "$e" "$(echo "${R[echo]}" | xargs printf '%.0f ')"
echo
awk -v g="$g" -v e="$e" 'BEGIN{printf "GetOperation / echo = %.2f\n", g / e}'
echo "settings: h2load -n $N -c $C -m $M -t 1, 20000 warm-up calls, $ROUNDS interleaved rounds, $(nproc) cores"
