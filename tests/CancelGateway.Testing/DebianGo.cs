namespace CancelGateway.Testing;

/// <summary>
/// Builds a Go program against Debian's grpc-go and protobuf sources (GOPATH mode: Debian ships
/// them as sources under /usr/share/gocode, not as modules), once per test run and name.
/// </summary>
public static class DebianGo
{
    public const string GoPath = "/usr/share/gocode";

    public const string InstallHint =
        "apt-get install -y golang-go golang-google-grpc-dev golang-google-protobuf-dev golang-github-golang-protobuf-1-5-dev protoc-gen-go protoc-gen-go-grpc";

    // A cold build compiles grpc-go and protobuf from source; on two busy cores that takes a while.
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Builds <paramref name="mainSource"/> as package <paramref name="name"/> and returns the
    /// binary's path. <paramref name="prepare"/> may generate code into the GOPATH source
    /// directory it is given first (stubs whose go_package import path the program uses).
    /// </summary>
    public static async Task<string> BuildAsync(string name, string mainSource, Func<string, Task>? prepare = null)
    {
        if (!Directory.Exists(Path.Combine(GoPath, "src/google.golang.org/grpc")))
        {
            throw new InvalidOperationException($"Debian's grpc-go sources are missing; install them: {InstallHint}");
        }

        var root = TestRunDirectory.GetSubdirectory("go-" + name);
        var source = Path.Combine(root, "gopath", "src");
        var main = Directory.CreateDirectory(Path.Combine(source, name)).FullName;
        File.Copy(mainSource, Path.Combine(main, "main.go"), overwrite: true);
        if (prepare is not null)
        {
            await prepare(source);
        }

        var binary = Path.Combine(root, "bin", name);
        var environment = new Dictionary<string, string?>
        {
            ["GO111MODULE"] = "off",
            ["GOPATH"] = $"{Path.Combine(root, "gopath")}:{GoPath}",
            ["GOFLAGS"] = string.Empty,
            ["GOCACHE"] = Path.Combine(TestRunDirectory.GetSubdirectory("go-cache")),
        };
        var result = await ProcessRunner.RunAsync("go", ["build", "-o", binary, name], BuildTimeout, workingDirectory: root, environment: environment);
        return result.Succeeded
            ? binary
            : throw new InvalidOperationException($"Building the Go program {name} failed ({InstallHint}):{Environment.NewLine}{result.Describe()}");
    }
}
