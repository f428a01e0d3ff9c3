namespace CancelGateway.Testing;

/// <summary>
/// Paths inside the repository, found from the test assembly's location so tests work from any
/// working directory (dotnet test, an IDE, CI).
/// </summary>
public static class RepoPaths
{
    private const string SolutionFile = "CancelGateway.sln";

    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The directory holding CancelGateway.sln.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The contract and the wire-compatible google/longrunning.</summary>
    public static string Protos => Path.Combine(Root, "protos");

    /// <summary>
    /// google/rpc and google/api .proto files, from the Google.Api.CommonProtos package the
    /// gateway is built with (the repository keeps no copies).
    /// </summary>
    public static string CommonProtos { get; } = typeof(RepoPaths).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), inherit: false)
        .Cast<System.Reflection.AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "CommonProtos").Value!;

    /// <summary>The test-only protos (probe.v1).</summary>
    public static string TestProtos => Path.Combine(Root, "tests", "protos");

    /// <summary>The foreign-client scripts and the npm project that pins grpc-js and buf.</summary>
    public static string ForeignClients => Path.Combine(Root, "tests", "ForeignClients");

    /// <summary>This project's Python client scripts.</summary>
    public static string PythonClients => Path.Combine(Root, "tests", "CancelGateway.Tests", "python");

    /// <summary>The build configuration of the running tests (Debug, Release), from the output path bin/{Configuration}/{tfm}/.</summary>
    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>The gateway's own build output, of the same configuration as the tests.</summary>
    public static string GatewayDll
    {
        get
        {
            var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
            var path = Path.Combine(Root, "src", "CancelGateway", "bin", Configuration, tfm, "CancelGateway.dll");
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException($"The gateway is not built at {path}; build the solution ({Configuration}) before running the tests: dotnet build -c {Configuration}.");
        }
    }

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
