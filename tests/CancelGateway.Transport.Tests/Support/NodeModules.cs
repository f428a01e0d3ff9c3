using System.Text.Json;

namespace CancelGateway.Transport.Tests.Support;

/// <summary>
/// The npm packages pinned in tests/ForeignClients/package.json (grpc-js, proto-loader, buf).
/// <c>dotnet test</c> installs them itself when they are missing or at another version, so the
/// tests need nothing beyond the apt packages.
/// </summary>
public static class NodeModules
{
    // `npm ci` is not an option: the registry copy lacks buf's packages for other platforms, so
    // the lock file lacks them too and `npm ci` refuses it. `npm install` keeps the pinned versions.
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    private static readonly Lazy<Task<string>> LazyInstall = new(InstallAsync);

    public static string Directory => Path.Combine(RepoPaths.ForeignClients, "node_modules");

    /// <summary>Installs the pinned packages if needed, once per test run; returns the node executable.</summary>
    public static Task<string> EnsureInstalledAsync() => LazyInstall.Value;

    /// <summary>The buf CLI from the npm package; called directly because npx adds config warnings.</summary>
    public static async Task<string> EnsureBufAsync()
    {
        await EnsureInstalledAsync();
        return Toolchain.RequirePath(Path.Combine(Directory, ".bin", "buf"), "npm install --no-audit --no-fund in tests/ForeignClients");
    }

    private static async Task<string> InstallAsync()
    {
        var node = Toolchain.Require("node", "apt-get install -y nodejs");
        var stale = FindStalePackages();
        if (stale.Count == 0)
        {
            return node;
        }

        var npm = Toolchain.Require("npm", "apt-get install -y npm");
        var result = await ProcessRunner.RunAsync(
            npm,
            ["install", "--no-audit", "--no-fund"],
            InstallTimeout,
            workingDirectory: RepoPaths.ForeignClients);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"npm install in {RepoPaths.ForeignClients} failed (needed for {string.Join(", ", stale)}):{Environment.NewLine}{result.Describe()}");
        }

        stale = FindStalePackages();
        return stale.Count == 0
            ? node
            : throw new InvalidOperationException($"After npm install, these packages are still missing or at the wrong version: {string.Join(", ", stale)}");
    }

    private static List<string> FindStalePackages()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.ForeignClients, "package.json")));
        var stale = new List<string>();
        foreach (var dependency in manifest.RootElement.GetProperty("dependencies").EnumerateObject())
        {
            var pinned = dependency.Value.GetString();
            var installedManifest = Path.Combine(Directory, dependency.Name, "package.json");
            string? installed = null;
            if (File.Exists(installedManifest))
            {
                using var installedDocument = JsonDocument.Parse(File.ReadAllText(installedManifest));
                installed = installedDocument.RootElement.TryGetProperty("version", out var version) ? version.GetString() : null;
            }

            if (!string.Equals(installed, pinned, StringComparison.Ordinal))
            {
                stale.Add($"{dependency.Name}@{pinned} (installed: {installed ?? "none"})");
            }
        }

        return stale;
    }
}
