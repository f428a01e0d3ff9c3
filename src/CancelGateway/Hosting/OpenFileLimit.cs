using System.Globalization;

namespace CancelGateway.Hosting;

/// <summary>The process's soft limit on open files (RLIMIT_NOFILE), where the platform tells it.</summary>
internal static class OpenFileLimit
{
    /// <summary>The soft limit, or null when it is unknown or unlimited (Linux reports it in /proc/self/limits).</summary>
    public static long? Read()
    {
        const string limits = "/proc/self/limits";
        if (!File.Exists(limits))
        {
            return null;
        }

        // "Max open files            1024                 1048576              files"
        var line = File.ReadLines(limits).FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var soft = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
