using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Testing;

/// <summary>Keeps every log entry so tests can assert on them (and on the absence of errors and secrets).</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> entries = new();

    public IReadOnlyList<CapturedLog> Entries => [.. entries];

    /// <summary>What was logged at Error or above.</summary>
    public IEnumerable<CapturedLog> Errors => entries.Where(e => e.Level >= LogLevel.Error);

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, entries);

    public void Dispose()
    {
    }

    /// <summary>Everything logged, rendered with exceptions, for secret checks.</summary>
    public string AllText() => string.Join('\n', entries.Select(e => $"{e.Category} {e.Level} {e.Message} {e.Exception}"));
}
