using System.Diagnostics;
using System.Globalization;

namespace CancelGateway.Testing;

/// <summary>
/// A scratch directory private to this test run (generated stubs, built client binaries), so
/// concurrent runs never share half-written files. It is removed when the test process exits;
/// since a test host can be killed before that, each run also sweeps the directories of runs
/// whose process is gone.
/// </summary>
public static class TestRunDirectory
{
    private const string Prefix = "cancelgateway-functional-";

    private static readonly Lazy<string> LazyPath = new(Create);

    public static string Path => LazyPath.Value;

    /// <summary>A subdirectory of the run directory, created if missing.</summary>
    public static string GetSubdirectory(string name) => Directory.CreateDirectory(System.IO.Path.Combine(Path, name)).FullName;

    private static string Create()
    {
        SweepAbandoned();
        var path = Directory.CreateTempSubdirectory($"{Prefix}{Environment.ProcessId}-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(path);
        return path;
    }

    private static void SweepAbandoned()
    {
        foreach (var directory in Directory.EnumerateDirectories(System.IO.Path.GetTempPath(), Prefix + "*"))
        {
            // The name is <prefix><pid>-<random>; anything else is not ours to touch.
            var parts = System.IO.Path.GetFileName(directory)[Prefix.Length..].Split('-');
            if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && !IsRunning(pid))
            {
                TryDelete(directory);
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover directory in the temp directory is harmless.
        }
    }
}
