namespace CancelGateway.Transport.Tests.Support;

/// <summary>
/// The grpc-go probe client (tests/ForeignClients/go), built once per test run against Debian's
/// grpc-go 1.33.3 in GOPATH mode. The probe stubs are generated from the repository's proto;
/// google.rpc comes from Debian's genproto, which is what grpc-go's status package decodes with.
/// </summary>
public static class GoProbeClient
{
    private const string DebianGoPath = "/usr/share/gocode";

    private const string GoInstallHint =
        "apt-get install -y golang-go golang-google-grpc-dev golang-google-protobuf-dev golang-github-golang-protobuf-1-5-dev protoc-gen-go protoc-gen-go-grpc";

    private static readonly TimeSpan ProtocTimeout = TimeSpan.FromMinutes(1);

    // A cold build compiles grpc-go and protobuf from source; on two busy cores that takes a while.
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    private static readonly Lazy<Task<string>> LazyBinary = new(BuildAsync);

    /// <summary>The path of the built client binary.</summary>
    public static Task<string> EnsureBuiltAsync() => LazyBinary.Value;

    private static async Task<string> BuildAsync()
    {
        var go = Toolchain.Require("go", GoInstallHint);
        var protoc = Toolchain.Require("protoc", "apt-get install -y protobuf-compiler");
        Toolchain.Require("protoc-gen-go", "apt-get install -y protoc-gen-go");
        Toolchain.Require("protoc-gen-go-grpc", "apt-get install -y protoc-gen-go-grpc");
        Toolchain.RequirePath(Path.Combine(DebianGoPath, "src/google.golang.org/grpc/status"), "apt-get install -y golang-google-grpc-dev");
        Toolchain.RequirePath(Path.Combine(DebianGoPath, "src/google.golang.org/genproto/googleapis/rpc/errdetails"), "apt-get install -y golang-google-genproto-dev (a dependency of golang-google-grpc-dev)");
        Toolchain.RequirePath(Path.Combine(DebianGoPath, "src/github.com/golang/protobuf/ptypes"), "apt-get install -y golang-github-golang-protobuf-1-5-dev");

        var root = TestRunDirectory.GetSubdirectory("go");
        var source = Path.Combine(root, "gopath", "src");
        var main = Directory.CreateDirectory(Path.Combine(source, "probeclient")).FullName;
        File.Copy(Path.Combine(RepoPaths.ForeignClients, "go", "probe_client.go"), Path.Combine(main, "main.go"), overwrite: true);

        // go_package "probe/v1;probev1" puts the stubs at $GOPATH/src/probe/v1, the client's import path.
        var protocResult = await ProcessRunner.RunAsync(
            protoc,
            ["-I", RepoPaths.TestProtos, $"--go_out={source}", $"--go-grpc_out={source}", "probe/v1/probe.proto"],
            ProtocTimeout);
        if (!protocResult.Succeeded)
        {
            throw new InvalidOperationException($"Generating the Go stubs failed:{Environment.NewLine}{protocResult.Describe()}");
        }

        var binary = Path.Combine(root, "bin", "probe_client");
        var environment = new Dictionary<string, string?>
        {
            // Debian ships grpc-go as GOPATH sources, not as modules.
            ["GO111MODULE"] = "off",
            ["GOPATH"] = $"{Path.Combine(root, "gopath")}:{DebianGoPath}",
            ["GOFLAGS"] = string.Empty,
            ["GOCACHE"] = Path.Combine(root, "gocache"),
        };
        var buildResult = await ProcessRunner.RunAsync(go, ["build", "-o", binary, "probeclient"], BuildTimeout, workingDirectory: root, environment: environment);
        return buildResult.Succeeded
            ? binary
            : throw new InvalidOperationException($"Building the Go probe client failed ({GoInstallHint}):{Environment.NewLine}{buildResult.Describe()}");
    }
}
