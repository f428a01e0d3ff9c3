using System.Diagnostics;
using System.Globalization;
using CancelGateway.Emulators.Vertex;
using CancelGateway.Hosting;
using CancelGateway.V1;
using Google.LongRunning;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Bench.Gateway;

/// <summary>
/// How long a change made on replica A takes to reach a WatchRun on replica C: two gateways in
/// this process on one PostgreSQL database (the poll fallback set to a minute, so only the
/// notifications count), one Vertex emulator. Each run is cancelled on A and watched on both
/// replicas at once; every snapshot after the first (the one current when the watch began) is
/// timed on arrival at both watchers, and the latency is C's arrival minus A's. A's watcher is
/// fed from A's memory right after the write commits, so the figure is the notification, C's
/// read of the operation and its publication: it leaves out only A's own gRPC write to its
/// watcher, a fraction of a millisecond.
///   GatewayBench --notify-latency --connection-string CS [--runs 300] [--concurrency 4] [--cancelling-ms 100]
/// </summary>
internal static class NotifyLatency
{
    public static async Task RunAsync(string[] args)
    {
        var connectionString = Text(args, "--connection-string") ?? throw new ArgumentException("--connection-string is required (a PostgreSQL database of the benchmark's own).");
        var runCount = Arg(args, "--runs", 300);
        var concurrency = Arg(args, "--concurrency", 4);
        var cancelling = TimeSpan.FromMilliseconds(Arg(args, "--cancelling-ms", 100));
        var work = Directory.CreateTempSubdirectory("gateway-bench-notify-");
        try
        {
            await using var emulator = await VertexEmulator.StartAsync(new VertexEmulatorOptions { ConfigureLogging = l => l.SetMinimumLevel(LogLevel.Error) });
            var runs = Enumerable.Range(0, runCount + 20).Select(i => emulator.AddRun($"projects/bench/locations/us-central1/pipelineJobs/notify-{i}").CancellingFor(cancelling).Name).ToList();
            var keyFile = emulator.WriteServiceAccountKeyFile(work.FullName);
            string[] settings =
            [
                "--Gateway:Listen=127.0.0.1:0", "--Gateway:HttpListen=", $"--Storage:Postgres:ConnectionString={connectionString}",
                "--Storage:Postgres:WatchPollInterval=00:01:00",
                $"--Providers:VertexAi:Endpoint={emulator.BaseAddress}", $"--Providers:VertexAi:CredentialsFile={keyFile}",
                "--Engine:PollInitialInterval=00:00:00.020", "--Engine:PollMaxInterval=00:00:00.050",
                "--Engine:ProviderRequestsPerSecond=100000", "--Logging:LogLevel:Default=Warning",
            ];
            await using var a = GatewayApp.Build(settings);
            await using var c = GatewayApp.Build(settings);
            await a.StartAsync();
            await c.StartAsync();
            using var toA = GrpcChannel.ForAddress(a.Services.GetRequiredService<GatewayListeners>().GrpcAddress);
            using var toC = GrpcChannel.ForAddress(c.Services.GetRequiredService<GatewayListeners>().GrpcAddress);
            var controlA = new V1.PipelineControl.PipelineControlClient(toA);
            var controlC = new V1.PipelineControl.PipelineControlClient(toC);

            // Warm-up runs (connections, JIT, the listener's first notifications), not measured.
            var warmUp = runs.Skip(runCount).ToList();
            await Load.RunAsync(warmUp.Count, concurrency, i => FollowAsync(controlA, controlC, warmUp[i]));

            var latencies = new List<double>();
            var summary = await Load.RunAsync(runCount, concurrency, async i =>
            {
                var measured = await FollowAsync(controlA, controlC, runs[i]);
                lock (latencies)
                {
                    latencies.AddRange(measured);
                }
            });

            var sorted = latencies.Order().ToArray();
            Console.WriteLine($"{runCount} runs cancelled on A and watched on A and C, {concurrency} at a time; {sorted.Length} snapshots timed");
            Console.WriteLine($"change on A -> WatchRun snapshot on C: p50 {Load.Percentile(sorted, 0.50):F2} ms  p90 {Load.Percentile(sorted, 0.90):F2} ms  p99 {Load.Percentile(sorted, 0.99):F2} ms  max {sorted[^1]:F2} ms");
            Console.WriteLine($"(Cancel -> done per run p50 {summary.P50:F0} ms)");
            await c.StopAsync();
            await a.StopAsync();
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Cancels <paramref name="run"/> on A, watches it on A and C, and returns C's delay behind A for each snapshot after the first.</summary>
    private static async Task<IReadOnlyList<double>> FollowAsync(V1.PipelineControl.PipelineControlClient a, V1.PipelineControl.PipelineControlClient c, string run)
    {
        var operation = await a.CancelAsync(new CancelRequest { Name = run });
        var onA = WatchAsync(a, operation.Name);
        var onC = WatchAsync(c, operation.Name);
        var seenOnA = await onA;
        var seenOnC = await onC;
        var delays = new List<double>();
        foreach (var (snapshot, arrivedOnC) in seenOnC.Skip(1))
        {
            var match = seenOnA.FirstOrDefault(s => s.Snapshot.Equals(snapshot));
            if (match.Snapshot is null)
            {
                throw new InvalidOperationException($"C saw a snapshot of {operation.Name} that A never published.");
            }

            delays.Add(Stopwatch.GetElapsedTime(match.Arrived, arrivedOnC).TotalMilliseconds);
        }

        if (!seenOnC[^1].Snapshot.Done)
        {
            throw new InvalidOperationException($"C's watch of {operation.Name} ended before the done snapshot.");
        }

        return delays;
    }

    private static async Task<List<(Operation Snapshot, long Arrived)>> WatchAsync(V1.PipelineControl.PipelineControlClient client, string name)
    {
        var seen = new List<(Operation, long)>();
        using var call = client.WatchRun(new WatchRunRequest { Name = name }, deadline: TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(1));
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            seen.Add((call.ResponseStream.Current, Stopwatch.GetTimestamp()));
        }

        return seen;
    }

    private static string? Text(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int Arg(string[] args, string name, int fallback) =>
        Text(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
