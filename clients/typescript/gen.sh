#!/usr/bin/env bash
# Generates the TypeScript client of CancelGateway from protos/cancelgateway/v1 only, then
# compiles the example into dist/.
#
# @grpc/proto-loader reads the .proto files at run time; this script copies
# protos/cancelgateway/v1 into generated/protos and generates TypeScript types for it
# (proto-loader-gen-types). google/* is never copied: it resolves from google-gax's own protos
# (node_modules/google-gax/build/protos: google/api, google/rpc, google/longrunning, as Google
# publishes them), at generation and at run time alike.
#   needs: node and npm (npm install here first)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$HERE"
[ -d node_modules/@grpc/proto-loader ] || npm install --no-audit --no-fund --loglevel=error
GAX_PROTOS="$HERE/node_modules/google-gax/build/protos"

rm -rf generated dist && mkdir -p generated/protos/cancelgateway
cp -r "$ROOT/protos/cancelgateway/v1" generated/protos/cancelgateway/
node_modules/.bin/proto-loader-gen-types cancelgateway/v1/pipeline_control.proto \
  --grpcLib=@grpc/grpc-js --outDir=generated --longs=String --enums=String --defaults --oneofs --json \
  --includeDirs generated/protos "$GAX_PROTOS"
node_modules/.bin/tsc -p .
echo "generated into $HERE/generated, compiled into $HERE/dist"
