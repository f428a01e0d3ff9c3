# Sourced by the generation scripts of clients/python and clients/go.
#
# protoc must read every imported .proto to parse the contract, even the ones it is not asked to
# generate. google/protobuf/* comes with protoc (Debian: /usr/include); google/api and google/rpc
# from $GOOGLEAPIS_PROTOS when set (a googleapis checkout, or google-gax's build/protos), else
# from the Google.Api.CommonProtos NuGet package the gateway is built with; google/longrunning
# from protos/ (a wire-compatible copy of the public file: read for parsing, generated only where
# a language has no package for it).

# Prints the directory holding google/api and google/rpc.
common_protos() {
  local root="$1"
  if [ -n "${GOOGLEAPIS_PROTOS:-}" ]; then
    echo "$GOOGLEAPIS_PROTOS"
    return
  fi
  local version dir
  version=$(sed -n 's/.*"Google.Api.CommonProtos" Version="\([^"]*\)".*/\1/p' "$root/Directory.Packages.props")
  dir="${NUGET_PACKAGES:-$HOME/.nuget/packages}/google.api.commonprotos/$version/content/protos"
  if [ ! -f "$dir/google/rpc/status.proto" ]; then
    echo "google/api and google/rpc protos not found at $dir: run 'dotnet restore' in $root, or set GOOGLEAPIS_PROTOS to a directory holding google/api and google/rpc" >&2
    return 1
  fi
  echo "$dir"
}
