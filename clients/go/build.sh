#!/usr/bin/env bash
# Builds cmd/cancel-and-watch into bin/ against Debian's Go packages (golang-google-grpc-dev,
# golang-google-genproto-dev, golang-google-protobuf-dev), which are GOPATH sources, not
# modules: this module is linked into a GOPATH of its own under build/. With modules instead,
# run ./gen.sh, then `go mod tidy && go build ./cmd/cancel-and-watch`.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
MODULE=github.com/cancelgateway/cancelgateway/clients/go
GOPATH_DIR="$HERE/build/gopath"
mkdir -p "$GOPATH_DIR/src/$(dirname "$MODULE")" "$HERE/bin"
ln -sfn "$HERE" "$GOPATH_DIR/src/$MODULE"
export GO111MODULE=off GOPATH="$GOPATH_DIR:/usr/share/gocode" GOCACHE="${GOCACHE:-$HERE/build/cache}" GOFLAGS=
cd "$GOPATH_DIR/src/$MODULE"
go build -o "$HERE/bin/cancel-and-watch" ./cmd/cancel-and-watch
echo "built $HERE/bin/cancel-and-watch"
