namespace CancelGateway.Testing;

/// <summary>
/// grpcio stubs generated at test time with protoc and Debian's grpc_python_plugin, from the
/// repository's protos and Google.Api.CommonProtos', so a Python client can never drift from
/// what the server was built from.
/// </summary>
public static class PythonGrpcStubs
{
    /// <summary>Debian's grpcio is installed for the system interpreter only, not for a pyenv one on PATH.</summary>
    public const string Python = "/usr/bin/python3";

    private const string Plugin = "/usr/bin/grpc_python_plugin";

    /// <summary>Where Debian's protobuf-compiler keeps the well-known types (google/protobuf/*.proto).</summary>
    private const string WellKnownTypes = "/usr/include";

    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(1);

    /// <summary>Generates <paramref name="files"/> (relative to <paramref name="protoRoot"/> or the CommonProtos) into a per-run directory named <paramref name="name"/>; returns it, for sys.path.</summary>
    public static async Task<string> GenerateAsync(string name, string protoRoot, IEnumerable<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        Require(Python, "python3");
        Require(Plugin, "protobuf-compiler-grpc");
        Require(Path.Combine(WellKnownTypes, "google", "protobuf", "any.proto"), "libprotobuf-dev (the well-known types)");
        var protoc = FindOnPath("protoc") ?? throw new InvalidOperationException("protoc was not found on PATH: apt-get install -y protobuf-compiler.");

        var imports = await ProcessRunner.RunAsync(Python, ["-c", "import grpc, google.protobuf"], ToolTimeout);
        if (!imports.Succeeded)
        {
            throw new InvalidOperationException($"{Python} cannot import grpc: apt-get install -y python3-grpcio python3-protobuf{Environment.NewLine}{imports.Describe()}");
        }

        var output = TestRunDirectory.GetSubdirectory(name);
        var result = await ProcessRunner.RunAsync(
            protoc,
            ["-I", protoRoot, "-I", RepoPaths.CommonProtos, "-I", WellKnownTypes, $"--python_out={output}", $"--grpc_out={output}", $"--plugin=protoc-gen-grpc={Plugin}", .. files],
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
