#!/usr/bin/env bash
# CancelMatching at scale: one request lists a Vertex AI location of 2*RUNS runs (half RUNNING) at
# the API's page size and cancels the RUNS matching ones, under a provider rate limit of RATE
# requests per second; prints the measured time, the bound the rate sets, and their ratio (goal:
# within 1.2x). Everything in one process on 127.0.0.1 (GatewayBench --selector).
#   bench/selector.sh [RUNS=5000] [RATE=200] [LATENCY_MS=20]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
RUNS="${1:-5000}" RATE="${2:-200}" LATENCY_MS="${3:-20}"
dotnet build -c Release "$HERE/GatewayBench" -v q -nologo >/dev/null
timeout 1800 dotnet "$HERE/GatewayBench/bin/Release/net10.0/GatewayBench.dll" --selector --runs "$RUNS" --rate "$RATE" --latency-ms "$LATENCY_MS"
