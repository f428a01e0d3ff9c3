using System.Reflection;

namespace CancelGateway.Transport.Tests.Support;

/// <summary>
/// The .proto files Google.Api.CommonProtos ships (google/rpc, google/api, ...): the google.rpc
/// contract the foreign clients decode error details with, and buf's dependency module.
/// </summary>
public static class CommonProtos
{
    private static readonly Lazy<string> LazyDirectory = new(Find);

    /// <summary>The package's content/protos directory, as restored for this build.</summary>
    public static string Directory => LazyDirectory.Value;

    private static string Find()
    {
        var path = typeof(CommonProtos).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "CommonProtosDirectory").Value
            ?? throw new InvalidOperationException("The test assembly does not record where Google.Api.CommonProtos was restored.");
        Toolchain.RequirePath(Path.Combine(path, "google", "rpc", "status.proto"), "dotnet restore (the Google.Api.CommonProtos package)");
        return path;
    }
}
