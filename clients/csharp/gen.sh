#!/usr/bin/env bash
# Generates the C# client (Grpc.Tools, during the build) and builds the example. The project file
# lists what is generated: protos/cancelgateway/v1, plus google/longrunning, which no NuGet
# package served here provides (Google.LongRunning is not in the registry; where it is, reference
# it and drop that line). google/api and google/rpc come from Google.Api.CommonProtos: its .proto
# files for the import path, its compiled types for the code.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
dotnet build "$HERE/CancelGateway.Client.Example.csproj" --nologo -v q -clp:ErrorsOnly "$@"
