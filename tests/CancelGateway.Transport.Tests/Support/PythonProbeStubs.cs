namespace CancelGateway.Transport.Tests.Support;

/// <summary>grpcio stubs for probe.v1 and google.rpc, generated once per test run.</summary>
public static class PythonProbeStubs
{
    /// <summary>The interpreter that has Debian's grpcio.</summary>
    public const string Python = PythonGrpcStubs.Python;

    private static readonly Lazy<Task<string>> LazyStubs = new(() => PythonGrpcStubs.GenerateAsync(
        "python-stubs",
        RepoPaths.TestProtos,
        ["probe/v1/probe.proto", "google/rpc/status.proto", "google/rpc/error_details.proto", "google/rpc/code.proto"]));

    /// <summary>The directory to put on sys.path.</summary>
    public static Task<string> EnsureGeneratedAsync() => LazyStubs.Value;
}
