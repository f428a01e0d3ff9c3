namespace CancelGateway.Transport.Tests.Support;

/// <summary>
/// The grpc-go probe client (tests/ForeignClients/go), built once per test run against Debian's
/// grpc-go 1.33.3 in GOPATH mode. The probe stubs are generated from the repository's proto;
/// google.rpc comes from Debian's genproto, which is what grpc-go's status package decodes with.
/// </summary>
public static class GoProbeClient
{
    private static readonly TimeSpan ProtocTimeout = TimeSpan.FromMinutes(1);

    private static readonly Lazy<Task<string>> LazyBinary = new(BuildAsync);

    /// <summary>The path of the built client binary.</summary>
    public static Task<string> EnsureBuiltAsync() => LazyBinary.Value;

    private static async Task<string> BuildAsync()
    {
        Toolchain.Require("go", DebianGo.InstallHint);
        var protoc = Toolchain.Require("protoc", "apt-get install -y protobuf-compiler");
        Toolchain.Require("protoc-gen-go", "apt-get install -y protoc-gen-go");
        Toolchain.Require("protoc-gen-go-grpc", "apt-get install -y protoc-gen-go-grpc");
        Toolchain.RequirePath(Path.Combine(DebianGo.GoPath, "src/google.golang.org/grpc/status"), "apt-get install -y golang-google-grpc-dev");
        Toolchain.RequirePath(Path.Combine(DebianGo.GoPath, "src/google.golang.org/genproto/googleapis/rpc/errdetails"), "apt-get install -y golang-google-genproto-dev (a dependency of golang-google-grpc-dev)");
        Toolchain.RequirePath(Path.Combine(DebianGo.GoPath, "src/github.com/golang/protobuf/ptypes"), "apt-get install -y golang-github-golang-protobuf-1-5-dev");

        return await DebianGo.BuildAsync("probeclient", Path.Combine(RepoPaths.ForeignClients, "go", "probe_client.go"), async source =>
        {
            // go_package "probe/v1;probev1" puts the stubs at $GOPATH/src/probe/v1, the client's import path.
            var protocResult = await ProcessRunner.RunAsync(
                protoc,
                ["-I", RepoPaths.TestProtos, $"--go_out={source}", $"--go-grpc_out={source}", "probe/v1/probe.proto"],
                ProtocTimeout);
            if (!protocResult.Succeeded)
            {
                throw new InvalidOperationException($"Generating the Go stubs failed:{Environment.NewLine}{protocResult.Describe()}");
            }
        });
    }
}
