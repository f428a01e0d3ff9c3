using System.Diagnostics;

namespace CancelGateway.Bench.Gateway;

/// <summary>Runs N calls at a fixed concurrency and summarizes their latencies.</summary>
internal static class Load
{
    public static readonly HttpClient Http = new();

    public static async Task<Summary> RunAsync(int calls, int concurrency, Func<int, Task> call)
    {
        var latencies = new double[calls];
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < calls)
            {
                var t = Stopwatch.GetTimestamp();
                await call(i);
                latencies[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            }
        });
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        Array.Sort(latencies);
        return new Summary(Percentile(latencies, 0.50), Percentile(latencies, 0.99), calls / elapsed.TotalSeconds);
    }

    public static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    internal sealed record Summary(double P50, double P99, double PerSecond);
}
