using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CancelGateway.Transport.Tests.Support;

/// <summary>
/// Assertions on a server's captured logs. A client that has exited may still have calls the
/// server is winding down (a killed process, a cancelled stream), and whatever those log
/// belongs to the test that caused them; so every check first waits for the server to go idle.
/// Each error is reported once, by the first check after it was logged: with one server per
/// test class, one bad call fails one test rather than every test after it.
/// </summary>
public static class ServerLogs
{
    /// <summary>The minimum level a server's logging must keep for <see cref="WaitForIdleAsync"/> to see requests.</summary>
    public const LogLevel RequiredLevel = LogLevel.Information;

    // ASP.NET Core's hosting diagnostics log one "Request starting" and, however the request
    // ends (aborted included), one "Request finished"; equal counts mean nothing is in flight.
    private const string HostingCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";
    private const int RequestStartingEventId = 1;
    private const int RequestFinishedEventId = 2;

    private static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(10);

    private static readonly ConditionalWeakTable<CapturingLoggerProvider, StrongBox<int>> CheckedLineCounts = [];

    /// <summary>Waits until every request the server has started has finished; false on timeout.</summary>
    public static async Task<bool> WaitForIdleAsync(CapturingLoggerProvider logs, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (InFlight(logs) > 0)
        {
            try
            {
                await Task.Delay(20, cts.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Waits for the server to go idle, then fails if it logged an error since the last check,
    /// other than those <paramref name="expected"/> accepts.
    /// </summary>
    public static async Task AssertNoErrorsAsync(CapturingLoggerProvider logs, string server = "The server", Func<CapturedLog, bool>? expected = null)
    {
        var idle = await WaitForIdleAsync(logs, DefaultIdleTimeout);
        var lines = logs.Entries.ToList();
        var checkedCount = CheckedLineCounts.GetOrCreateValue(logs);
        var errors = lines.Skip(Interlocked.Exchange(ref checkedCount.Value, lines.Count)).Where(l => l.Level >= LogLevel.Error && expected?.Invoke(l) != true).ToList();
        Assert.True(errors.Count == 0, $"{server} logged errors:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
        Assert.True(idle, $"{server} still had {InFlight(logs)} request(s) in flight {DefaultIdleTimeout.TotalSeconds} s after the client was done.");
    }

    private static int InFlight(CapturingLoggerProvider logs)
    {
        var started = 0;
        var finished = 0;
        foreach (var line in logs.Entries)
        {
            if (line.Category == HostingCategory)
            {
                started += line.EventId.Id == RequestStartingEventId ? 1 : 0;
                finished += line.EventId.Id == RequestFinishedEventId ? 1 : 0;
            }
        }

        return started - finished;
    }
}
