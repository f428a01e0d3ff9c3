namespace CancelGateway.Transport.Tests.Support;

/// <summary>
/// Finds the external programs the functional tests drive. A missing one fails the test with
/// what to install: these tests are never skipped, because CI installs everything.
/// </summary>
public static class Toolchain
{
    public const string AptPackages =
        "python3-grpcio python3-protobuf ruby-grpc protobuf-compiler protobuf-compiler-grpc golang-go " +
        "golang-google-grpc-dev golang-google-protobuf-dev golang-github-golang-protobuf-1-5-dev " +
        "protoc-gen-go protoc-gen-go-grpc grpc-proto nodejs npm";

    /// <summary>The full path of <paramref name="name"/> (an absolute path, or a name on PATH).</summary>
    public static string Require(string name, string installHint)
    {
        if (System.IO.Path.IsPathRooted(name))
        {
            return File.Exists(name) ? name : throw Missing(name, installHint);
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw Missing(name, installHint);
    }

    /// <summary>Fails unless <paramref name="path"/> exists (a file or a directory).</summary>
    public static string RequirePath(string path, string installHint) =>
        File.Exists(path) || Directory.Exists(path) ? path : throw Missing(path, installHint);

    private static InvalidOperationException Missing(string what, string installHint) =>
        new($"{what} was not found. Install it: {installHint} (all functional-test prerequisites: apt-get install -y {AptPackages}).");
}
