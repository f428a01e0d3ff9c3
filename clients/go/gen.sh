#!/usr/bin/env bash
# Generates the Go client of CancelGateway into this module (cancelgateway/v1/*.pb.go) from
# protos/cancelgateway/v1 only. google/* is not generated: it is mapped onto the packages Go
# programs already link (Debian's golang-google-genproto-dev, or the google.golang.org/genproto
# module), so the program registers google.longrunning.Operation once, from genproto.
#   needs: protoc, protoc-gen-go (APIv2), protoc-gen-go-grpc (Debian: protobuf-compiler
#   protoc-gen-go protoc-gen-go-grpc)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
. "$ROOT/clients/common.sh"
MODULE=github.com/cancelgateway/cancelgateway/clients/go
# Debian's genproto (2020) has longrunning at its old path; with the newer modules that path is
# an alias of cloud.google.com/go/longrunning/autogen/longrunningpb, so it links either way.
LONGRUNNING="${LONGRUNNING_GO_PACKAGE:-google.golang.org/genproto/googleapis/longrunning}"
MAP="Mgoogle/longrunning/operations.proto=$LONGRUNNING"
MAP="$MAP,Mgoogle/api/annotations.proto=google.golang.org/genproto/googleapis/api/annotations"
MAP="$MAP,Mgoogle/rpc/status.proto=google.golang.org/genproto/googleapis/rpc/status"

rm -rf "$HERE/cancelgateway"
protoc -I "$ROOT/protos" -I "$(common_protos "$ROOT")" \
  --go_out="$HERE" --go_opt="module=$MODULE,$MAP" \
  --go-grpc_out="$HERE" --go-grpc_opt="module=$MODULE,$MAP" \
  "$ROOT"/protos/cancelgateway/v1/*.proto
echo "generated $(cd "$HERE" && ls cancelgateway/v1/*.go | tr '\n' ' ')"
