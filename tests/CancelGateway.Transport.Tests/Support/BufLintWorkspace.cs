using System.Text;

namespace CancelGateway.Transport.Tests.Support;

/// <summary>
/// A throw-away buf workspace for linting the repository's protos without network access: the
/// repository's modules (<c>protos</c>, <c>tests/protos</c>) under the root buf.yaml's lint
/// configuration, plus the protos of Google.Api.CommonProtos as one more module that satisfies
/// their imports (google/rpc/status.proto, ...). From that module, files the repository declares
/// itself are left out, so the workspace never holds one file twice: it works while the
/// repository still carries copies of google.rpc and after they are gone.
/// </summary>
public static class BufLintWorkspace
{
    /// <summary>The workspace path of the dependency module.</summary>
    public const string DependencyModule = "third_party/commonprotos";

    /// <summary>The repository's own modules: the ones to lint.</summary>
    public static IReadOnlyList<string> RepositoryModules { get; } = ["protos", "tests/protos"];

    /// <summary>Creates the workspace under <paramref name="directory"/> from the repository at <paramref name="repositoryRoot"/>.</summary>
    /// <param name="repositoryRoot">The repository (the directory holding buf.yaml).</param>
    /// <param name="commonProtos">Google.Api.CommonProtos' protos directory.</param>
    /// <param name="directory">An empty directory for the workspace.</param>
    /// <param name="cancellationToken">Cancels the file writes.</param>
    public static async Task CreateAsync(string repositoryRoot, string commonProtos, string directory, CancellationToken cancellationToken)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var module in RepositoryModules)
        {
            var moduleRoot = Path.Combine(repositoryRoot, module);
            foreach (var file in EnumerateProtos(moduleRoot))
            {
                var relative = Path.GetRelativePath(moduleRoot, file);
                Copy(file, Path.Combine(directory, module, relative));
                declared.Add(relative);
            }
        }

        foreach (var file in EnumerateProtos(commonProtos))
        {
            var relative = Path.GetRelativePath(commonProtos, file);
            if (!declared.Contains(relative))
            {
                Copy(file, Path.Combine(directory, DependencyModule, relative));
            }
        }

        var rootConfig = await File.ReadAllLinesAsync(Path.Combine(repositoryRoot, "buf.yaml"), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "buf.yaml"), WithDependencyModule(rootConfig), Encoding.UTF8, cancellationToken);
    }

    // The root buf.yaml, with the dependency module appended to its `modules:` list; its lint
    // rules (and exemptions, which name workspace paths) apply unchanged.
    private static string WithDependencyModule(IReadOnlyList<string> rootConfig)
    {
        var modulesLine = rootConfig.ToList().FindIndex(line => line.TrimEnd() == "modules:");
        if (modulesLine < 0)
        {
            throw new InvalidOperationException("The root buf.yaml has no top-level `modules:` list.");
        }

        var lines = rootConfig.ToList();
        lines.Insert(modulesLine + 1, $"  - path: {DependencyModule}");
        return string.Join('\n', lines) + "\n";
    }

    private static void Copy(string file, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(file, target, overwrite: true);
    }

    private static IEnumerable<string> EnumerateProtos(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*.proto", SearchOption.AllDirectories) : [];
}
