namespace CancelGateway.Grpc.Tests.Support;

/// <summary>
/// Paths inside the repository, found from the test assembly's location so tests work from
/// any working directory (dotnet test, an IDE, CI).
/// </summary>
public static class RepoPaths
{
    private const string SolutionFile = "CancelGateway.sln";

    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The directory holding CancelGateway.sln.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The product's protos (google.rpc, grpc.health, grpc.reflection).</summary>
    public static string Protos => Path.Combine(Root, "protos");

    /// <summary>The test-only protos (probe.v1).</summary>
    public static string TestProtos => Path.Combine(Root, "tests", "protos");

    /// <summary>The foreign-client scripts and the npm project that pins grpc-js and buf.</summary>
    public static string ForeignClients => Path.Combine(Root, "tests", "ForeignClients");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No {SolutionFile} in {AppContext.BaseDirectory} or any parent: the tests must run from a build inside the repository.");
    }
}
