namespace CancelGateway.Tests.Support;

/// <summary>
/// grpcio stubs of the gateway's contract (cancelgateway.v1, google.longrunning, google.rpc, google.api),
/// generated once per test run from the repository's protos with protoc and Debian's
/// grpc_python_plugin, so the Python client can never drift from what the gateway serves.
/// </summary>
internal static class PythonGatewayStubs
{
    /// <summary>Debian's grpcio is installed for the system interpreter only, not for a pyenv one on PATH.</summary>
    public const string Python = "/usr/bin/python3";

    private const string Plugin = "/usr/bin/grpc_python_plugin";

    /// <summary>Where Debian's protobuf-compiler keeps the well-known types (google/protobuf/*.proto).</summary>
    private const string WellKnownTypes = "/usr/include";

    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(1);

    private static readonly Lazy<Task<string>> LazyStubs = new(GenerateAsync);

    /// <summary>The directory to put on sys.path.</summary>
    public static Task<string> EnsureGeneratedAsync() => LazyStubs.Value;

    private static async Task<string> GenerateAsync()
    {
        Require(Python, "python3");
        Require(Plugin, "protobuf-compiler-grpc");
        Require(Path.Combine(WellKnownTypes, "google", "protobuf", "any.proto"), "libprotobuf-dev (the well-known types)");
        var protoc = FindOnPath("protoc") ?? throw new InvalidOperationException("protoc was not found on PATH: apt-get install -y protobuf-compiler.");

        var imports = await ProcessRunner.RunAsync(Python, ["-c", "import grpc, google.protobuf"], ToolTimeout);
        if (!imports.Succeeded)
        {
            throw new InvalidOperationException($"{Python} cannot import grpc: apt-get install -y python3-grpcio python3-protobuf{Environment.NewLine}{imports.Describe()}");
        }

        var output = TestRunDirectory.GetSubdirectory("python-gateway-stubs");
        var result = await ProcessRunner.RunAsync(
            protoc,
            [
                "-I", RepoPaths.Protos,
                "-I", RepoPaths.CommonProtos,
                "-I", WellKnownTypes,
                $"--python_out={output}",
                $"--grpc_out={output}",
                $"--plugin=protoc-gen-grpc={Plugin}",
                "cancelgateway/v1/pipeline_control.proto",
                "google/longrunning/operations.proto",
                "google/rpc/status.proto",
                "google/rpc/error_details.proto",
                "google/rpc/code.proto",

                // The contract's google.api.http options (REST routes) import these.
                "google/api/annotations.proto",
                "google/api/http.proto",
            ],
            ToolTimeout);
        return result.Succeeded
            ? output
            : throw new InvalidOperationException($"Generating the Python stubs failed:{Environment.NewLine}{result.Describe()}");
    }

    private static void Require(string path, string package)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} was not found: apt-get install -y {package}.");
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
