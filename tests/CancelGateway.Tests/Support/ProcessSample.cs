using System.Globalization;

namespace CancelGateway.Tests.Support;

/// <summary>A process's resident memory and open file descriptors, read from /proc.</summary>
internal sealed record ProcessSample(long ResidentBytes, int OpenFiles, string FileKinds)
{
    public static ProcessSample Of(int pid)
    {
        var rssLine = File.ReadLines($"/proc/{pid}/status").First(line => line.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kilobytes = long.Parse(rssLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        var targets = Directory.GetFileSystemEntries($"/proc/{pid}/fd").Select(Target).ToList();

        // What the descriptors are (sockets, pipes, eventfds, files), for reading a failure.
        var kinds = string.Join(", ", targets.GroupBy(Kind).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"));
        return new ProcessSample(kilobytes * 1024, targets.Count, kinds);
    }

    public override string ToString() => $"RSS {ResidentBytes / (1024 * 1024)} MiB, {OpenFiles} open files ({FileKinds})";

    private static string Target(string fd)
    {
        try
        {
            return new FileInfo(fd).LinkTarget ?? "?";
        }
        catch (IOException)
        {
            return "closed";
        }
    }

    private static string Kind(string target) =>
        target.StartsWith('/') ? (target.EndsWith(".dll", StringComparison.Ordinal) ? "dll" : "file") : target.Split(':')[0];
}
