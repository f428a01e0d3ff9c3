#!/usr/bin/env bash
# Several replicas on one PostgreSQL, measured by the replica tests themselves (three gateway
# processes, the emulators as their own process, a throwaway PostgreSQL cluster): the time from a
# SIGKILL to the first claim of the dead replica's operations, a thousand Cancels' answer and
# completion times, and the most API requests the emulator saw in one second under a shared
# 20 requests/s limit. Prints the measured lines of ROUNDS runs.
#   bench/replicas.sh [ROUNDS]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
ROUNDS="${1:-1}"
dotnet build tests/CancelGateway.Tests -v q -clp:ErrorsOnly >/dev/null
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round"
  timeout 1200 dotnet test tests/CancelGateway.Tests --no-build --filter "FullyQualifiedName~Functional.Replicas" \
      --logger "console;verbosity=detailed" 2>&1 \
    | grep -E "^ (Takeover|[0-9]+ Cancels answered|Every operation done|[0-9]+ runs in three)|^\s+(Passed|Failed) CancelGateway" || true
done
