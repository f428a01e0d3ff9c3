namespace CancelGateway.Tests.Support;

/// <summary>
/// The gateway's protos in one directory that <c>buf curl --schema</c> can compile: the
/// repository's protos plus google/api and google/rpc from Google.Api.CommonProtos. Needed over
/// HTTP/1.1, where buf cannot use server reflection (a bidirectional stream, which gRPC-Web does
/// not carry).
/// </summary>
internal static class GrpcWebSchema
{
    private static readonly Lazy<string> LazyDirectory = new(Create);

    public static string Directory => LazyDirectory.Value;

    private static string Create()
    {
        var root = TestRunDirectory.GetSubdirectory("grpcweb-schema");
        CopyTree(RepoPaths.Protos, root);
        foreach (var package in new[] { "api", "rpc" })
        {
            CopyTree(Path.Combine(RepoPaths.CommonProtos, "google", package), Path.Combine(root, "google", package));
        }

        return root;
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(from, "*.proto", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
