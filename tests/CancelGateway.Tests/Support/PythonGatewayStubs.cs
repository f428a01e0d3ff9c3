namespace CancelGateway.Tests.Support;

/// <summary>grpcio stubs of the gateway's contract (cancelgateway.v1, google.longrunning, google.rpc, google.api), generated once per test run.</summary>
internal static class PythonGatewayStubs
{
    /// <summary>The interpreter that has Debian's grpcio.</summary>
    public const string Python = PythonGrpcStubs.Python;

    private static readonly Lazy<Task<string>> LazyStubs = new(() => PythonGrpcStubs.GenerateAsync(
        "python-gateway-stubs",
        RepoPaths.Protos,
        [
            "cancelgateway/v1/pipeline_control.proto",
            "google/longrunning/operations.proto",
            "google/rpc/status.proto",
            "google/rpc/error_details.proto",
            "google/rpc/code.proto",

            // The contract's google.api.http options (REST routes) import these.
            "google/api/annotations.proto",
            "google/api/http.proto",
        ]));

    /// <summary>The directory to put on sys.path.</summary>
    public static Task<string> EnsureGeneratedAsync() => LazyStubs.Value;
}
