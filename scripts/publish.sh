#!/usr/bin/env bash
# Publishes the production host exactly as the Dockerfile's build stage does (it runs this
# script): framework-dependent, Release, no apphost, into OUT (default .build/publish).
#   scripts/publish.sh [OUT]
# The output runs as the image does: `dotnet OUT/CancelGateway.dll` on the ASP.NET Core runtime.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${1:-$ROOT/.build/publish}"
dotnet publish "$ROOT/src/CancelGateway/CancelGateway.csproj" \
  --configuration Release \
  --output "$OUT" \
  --no-self-contained \
  -p:UseAppHost=false \
  -p:DebugType=none \
  --nologo -v q -clp:ErrorsOnly
echo "published to $OUT"
