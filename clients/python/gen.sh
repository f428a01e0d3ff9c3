#!/usr/bin/env bash
# Generates the Python client of CancelGateway into generated/ from protos/cancelgateway/v1 only
# (messages and grpcio stubs).
#
# google/protobuf comes from python3-protobuf. google/api, google/rpc and google/longrunning come
# from googleapis-common-protos when the interpreter has it (pip). Debian has no package for it,
# so then this script generates the files the contract imports, as the very modules that package
# provides (google.api, google.rpc, google.longrunning): `google` is a namespace package, so
# they sit beside Debian's google.protobuf without shadowing it, and installing the package later
# replaces them. Nothing under grpc.* is generated: health and reflection are grpcio's own.
#   needs: protoc, grpc_python_plugin (Debian: protobuf-compiler protobuf-compiler-grpc),
#          python3-grpcio python3-protobuf
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
. "$ROOT/clients/common.sh"
PY="${PYTHON:-/usr/bin/python3}"
OUT="$HERE/generated"
COMMON="$(common_protos "$ROOT")"

rm -rf "$OUT" && mkdir -p "$OUT"
cd "$ROOT/protos"
protoc -I . -I "$COMMON" --python_out="$OUT" --grpc_out="$OUT" \
  --plugin=protoc-gen-grpc="$(command -v grpc_python_plugin)" cancelgateway/v1/*.proto
if "$PY" -c 'import google.api.annotations_pb2, google.rpc.status_pb2, google.rpc.error_details_pb2, google.longrunning.operations_pb2' 2>/dev/null; then
  echo "google.api, google.rpc, google.longrunning: from the installed googleapis-common-protos"
else
  protoc -I . -I "$COMMON" --python_out="$OUT" google/api/annotations.proto google/api/http.proto \
    google/rpc/status.proto google/rpc/error_details.proto google/longrunning/operations.proto
  echo "google.api, google.rpc, google.longrunning: generated (no googleapis-common-protos installed)"
fi
echo "generated into $OUT"
