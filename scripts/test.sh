#!/usr/bin/env bash
# Runs every test of the repository on a fresh Debian 12 machine with the .NET SDK:
# installs the foreign stacks the tests drive (apt: grpcio, ruby-grpc, grpc-go, protoc, botocore;
# npm: grpc-js, google-gax, buf, typescript), restores NuGet packages, runs `dotnet test`, and ends with the line
# "N passed, N failed". Exit status is non-zero when anything failed or nothing ran.
#   scripts/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Interop]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

APT_PACKAGES=(
  python3-grpcio python3-protobuf          # Python grpcio client (use /usr/bin/python3)
  python3-boto3                            # botocore: a real AWS SDK against the SageMaker emulator
  ruby-grpc                                # ships the official gRPC interop client
  protobuf-compiler protobuf-compiler-grpc # protoc + grpc_python_plugin
  golang-go golang-google-grpc-dev golang-google-protobuf-dev
  golang-github-golang-protobuf-1-5-dev protoc-gen-go protoc-gen-go-grpc
  golang-google-genproto-dev               # google/* for the Go client (clients/go maps onto it)
  grpc-proto                               # grpc.testing protos for the interop server
  curl                                     # REST/JSON tests call the gateway with the curl CLI
  postgresql                               # the PostgreSQL store's tests start a throwaway cluster of their own
  bsdutils                                 # script(1): the CLI's live progress on a pseudo-terminal
  openssl                                  # scripts/dev-jwt.py and the security tests: keys, certificates, tokens
)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node may come from outside Debian (the machine image has its own); install Debian's only when absent.
command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "installing apt packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm install, not npm ci: buf's optional packages for other platforms are missing from the
# registry copy here, so the lock file lacks them and npm ci refuses.
(cd tests/ForeignClients && timeout 600 npm install --no-audit --no-fund --loglevel=error >/dev/null)
# The TypeScript client (clients/typescript): grpc-js, proto-loader, google-gax's protos, tsc.
(cd clients/typescript && timeout 600 npm install --no-audit --no-fund --loglevel=error >/dev/null)

dotnet restore CancelGateway.sln --nologo -v q
dotnet build CancelGateway.sln --no-restore --nologo -v q -clp:ErrorsOnly

results="$ROOT/.build/test-results"; rm -rf "$results"; mkdir -p "$results"
set +e
dotnet test CancelGateway.sln --no-build --nologo --logger "trx" --results-directory "$results" "$@" 2>&1 | tee "$results/output.txt"
status=${PIPESTATUS[0]}
set -e

# Count from the TRX files (one per test assembly), not from console text.
read -r passed failed < <(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
print(passed, failed)
PY
)
echo "$passed passed, $failed failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
