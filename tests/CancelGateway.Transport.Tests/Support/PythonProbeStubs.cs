namespace CancelGateway.Transport.Tests.Support;

/// <summary>
/// grpcio stubs for probe.v1 and google.rpc, generated once per test run from the repository's
/// protos, so the Python client can never drift from the contract the server was built from.
/// </summary>
public static class PythonProbeStubs
{
    /// <summary>Debian's grpcio is installed for the system interpreter only, not for a pyenv one on PATH.</summary>
    public const string Python = "/usr/bin/python3";

    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(1);

    private static readonly Lazy<Task<string>> LazyStubs = new(GenerateAsync);

    /// <summary>The directory to put on sys.path.</summary>
    public static Task<string> EnsureGeneratedAsync() => LazyStubs.Value;

    private static async Task<string> GenerateAsync()
    {
        Toolchain.Require(Python, "apt-get install -y python3");
        var protoc = Toolchain.Require("protoc", "apt-get install -y protobuf-compiler");
        var plugin = Toolchain.Require("/usr/bin/grpc_python_plugin", "apt-get install -y protobuf-compiler-grpc");

        var imports = await ProcessRunner.RunAsync(Python, ["-c", "import grpc, google.protobuf"], ToolTimeout);
        if (!imports.Succeeded)
        {
            throw new InvalidOperationException($"{Python} cannot import grpc: apt-get install -y python3-grpcio python3-protobuf{Environment.NewLine}{imports.Describe()}");
        }

        var output = TestRunDirectory.GetSubdirectory("python-stubs");
        var result = await ProcessRunner.RunAsync(
            protoc,
            [
                "-I", RepoPaths.TestProtos,
                "-I", RepoPaths.CommonProtos,
                $"--python_out={output}",
                $"--grpc_out={output}",
                $"--plugin=protoc-gen-grpc={plugin}",
                "probe/v1/probe.proto",
                "google/rpc/status.proto",
                "google/rpc/error_details.proto",
                "google/rpc/code.proto",
            ],
            ToolTimeout);
        return result.Succeeded
            ? output
            : throw new InvalidOperationException($"Generating the Python stubs failed:{Environment.NewLine}{result.Describe()}");
    }
}
