#!/usr/bin/env bash
# What authentication and authorization cost, in one run: two gateways side by side, one with
# TLS alone (anonymous on loopback) and one with client certificates + bearer tokens (JWKS) +
# a policy file, both against one standalone Vertex AI emulator; GatewayBench --security-cost
# sends the same GetOperation load and Cancels to each in interleaved rounds.
#   bench/security.sh [ROUNDS=8] [SECONDS=5] [CONCURRENCY=32] [WARMUP=3]
# env: SERVER_CPUS (default 1: both gateways), LOAD_CPUS (default 0: load and emulator),
#      CANCELS (default 300: Cancels per gateway and round, for the latency percentiles),
#      CREDENTIALS (default "certificate+token"; "certificate": the secured calls carry no bearer
#      token, so the principal comes from the client certificate alone),
#      TRACE (a .nettrace path: dotnet-trace's dotnet-sampled-thread-time profile of the secured gateway for
#      TRACE_SECONDS (default 30) after TRACE_DELAY seconds of load (default 40, past the warm-up)).
# Certificates are made with openssl and the token with scripts/dev-jwt.py, in a temp directory.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
ROUNDS="${1:-8}" SECONDS_PER_ROUND="${2:-5}" CONCURRENCY="${3:-32}" WARMUP="${4:-3}"
SERVER_CPUS="${SERVER_CPUS:-1}" LOAD_CPUS="${LOAD_CPUS:-0}"
[ -n "${TRACE:-}" ] && TRACE="$(cd "$(dirname "$TRACE")" && pwd)/$(basename "$TRACE")"
WORK="$(mktemp -d)"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

dotnet build -c Release "$ROOT/src/CancelGateway" -v q -nologo >/dev/null
dotnet build -c Release "$ROOT/src/CancelGateway.Emulators" -v q -nologo >/dev/null
dotnet build -c Release "$HERE/GatewayBench" -v q -nologo >/dev/null
find_dll() { find "$ROOT/$1/bin/Release" -name "$2" -path '*net10.0*' | head -1; }
GATEWAY="$(find_dll src/CancelGateway CancelGateway.dll)"
EMULATORS="$(find_dll src/CancelGateway.Emulators CancelGateway.Emulators.dll)"
BENCH="$(find_dll bench/GatewayBench GatewayBench.dll)"

cd "$WORK"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -keyout ca.key -out ca.pem -subj "/CN=Bench CA" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign 2>/dev/null
leaf() { # name cn extensions
  openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "/CN=$2" 2>/dev/null
  printf "$3" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile "$1.ext" -out "$1.pem" 2>/dev/null
}
leaf server localhost 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n'
leaf client bench 'subjectAltName=URI:spiffe://bench/load\nextendedKeyUsage=clientAuth\n'
openssl genrsa -out idp.key 2048 2>/dev/null
python3 "$ROOT/scripts/dev-jwt.py" jwks --key idp.key --kid bench-1 > jwks.json
TOKEN="$(python3 "$ROOT/scripts/dev-jwt.py" token --key idp.key --kid bench-1 --iss https://idp.bench --aud cancelgateway --sub bench --ttl 7200)"
cat > policy.json <<'JSON'
{"principals": {
  "bench": {"runs": ["projects/demo-project/locations/*/pipelineJobs/*"]},
  "spiffe://bench/load": {"runs": ["projects/demo-project/**"]},
  "*": {"runs": ["projects/shared/**"]}
}}
JSON

taskset -c "$LOAD_CPUS" dotnet "$EMULATORS" > emulators.out 2>&1 & PIDS+=($!)
for _ in $(seq 1 100); do grep -q "key file:" emulators.out && break; sleep 0.2; done
VERTEX="$(sed -n 's/.*base URL: *\(http[^ ]*\).*/\1/p' emulators.out | head -1)"
KEYFILE="$(sed -n 's/.*key file: *\(\/[^ ]*\).*/\1/p' emulators.out | head -1)"
[ -n "$VERTEX" ] && [ -n "$KEYFILE" ] || { cat emulators.out; echo "the emulators did not start" >&2; exit 1; }

start_gateway() { # port store extra-args...
  local port="$1" store="$2"; shift 2
  taskset -c "$SERVER_CPUS" dotnet "$GATEWAY" --Gateway:Listen=127.0.0.1:"$port" --Gateway:HttpListen= \
    --Gateway:TlsCertificateFile=server.pem --Gateway:TlsKeyFile=server.key --Storage:Sqlite:Path="$store" \
    --Providers:VertexAi:Endpoint="$VERTEX" --Providers:VertexAi:CredentialsFile="$KEYFILE" \
    --Logging:LogLevel:Default=Warning "$@" > "$store.out" 2>&1 & PIDS+=($!)
}
start_gateway 50171 plain.db
start_gateway 50172 secured.db --Security:ClientCertificates:TrustedCaFile=ca.pem --Security:Jwt:Issuer=https://idp.bench \
  --Security:Jwt:Audience=cancelgateway --Security:Jwt:JwksFile=jwks.json --Security:PolicyFile=policy.json
sleep 8

SECURED_PID="${PIDS[-1]}"
TOKEN_ARG=(--token "$TOKEN"); [ "${CREDENTIALS:-certificate+token}" = certificate ] && TOKEN_ARG=()
if [ -n "${TRACE:-}" ]; then
  ( sleep "${TRACE_DELAY:-40}"; taskset -c "$LOAD_CPUS" dotnet-trace collect -p "$SECURED_PID" --profile dotnet-common,dotnet-sampled-thread-time \
      --duration "00:00:$(printf %02d "${TRACE_SECONDS:-30}")" -o "$TRACE" > "$TRACE.log" 2>&1 ) & PIDS+=($!)
fi
taskset -c "$LOAD_CPUS" dotnet "$BENCH" --security-cost --plain https://127.0.0.1:50171 --secured https://127.0.0.1:50172 \
  --ca ca.pem --cert client.pem --key client.key ${TOKEN_ARG[@]+"${TOKEN_ARG[@]}"} --rounds "$ROUNDS" --warmup "$WARMUP" --seconds "$SECONDS_PER_ROUND" --concurrency "$CONCURRENCY" --cancels "${CANCELS:-300}"
