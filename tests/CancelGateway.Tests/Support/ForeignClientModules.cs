using System.Text.Json;

namespace CancelGateway.Tests.Support;

/// <summary>
/// The npm packages pinned in tests/ForeignClients/package.json (google-gax, buf, ...), installed
/// at most once per test run and only when missing or at another version (scripts/test.sh
/// installs them beforehand). The transport tests have their own copy of this, so each test
/// project stands alone.
/// </summary>
internal static class ForeignClientModules
{
    /// <summary>npm install on a cold cache, on two busy cores.</summary>
    public static readonly TimeSpan SetupTimeout = TimeSpan.FromMinutes(5);

    private static readonly Lazy<Task> Installed = new(InstallAsync);

    /// <summary>Installs the pinned packages if needed; bounded by <see cref="SetupTimeout"/>.</summary>
    public static Task EnsureInstalledAsync() => Installed.Value.WaitAsync(SetupTimeout);

    /// <summary>The buf CLI from the npm package; called directly because npx adds config warnings.</summary>
    public static async Task<string> BufAsync()
    {
        await EnsureInstalledAsync();
        var buf = Path.Combine(RepoPaths.ForeignClients, "node_modules", ".bin", "buf");
        return File.Exists(buf) ? buf : throw new InvalidOperationException($"{buf} is missing after npm install in {RepoPaths.ForeignClients}.");
    }

    private static async Task InstallAsync()
    {
        var folder = RepoPaths.ForeignClients;
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "package.json")));
        var stale = manifest.RootElement.GetProperty("dependencies").EnumerateObject()
            .Where(d => InstalledVersion(folder, d.Name) != d.Value.GetString())
            .Select(d => d.Name)
            .ToList();
        if (stale.Count == 0)
        {
            return;
        }

        // `npm install`, not `npm ci`: the lock file lacks buf's packages for other platforms.
        var result = await ProcessRunner.RunAsync("npm", ["install", "--no-audit", "--no-fund"], SetupTimeout, workingDirectory: folder);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"npm install in {folder} failed (needed for {string.Join(", ", stale)}).{Environment.NewLine}{result.Describe()}");
        }
    }

    private static string? InstalledVersion(string folder, string package)
    {
        var path = Path.Combine(folder, "node_modules", package, "package.json");
        if (!File.Exists(path))
        {
            return null;
        }

        using var installed = JsonDocument.Parse(File.ReadAllText(path));
        return installed.RootElement.TryGetProperty("version", out var version) ? version.GetString() : null;
    }
}
