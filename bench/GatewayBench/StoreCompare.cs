using System.Globalization;
using CancelGateway.Emulators.Vertex;
using CancelGateway.Hosting;
using CancelGateway.V1;
using Google.LongRunning;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Bench.Gateway;

/// <summary>
/// The gateway on PostgreSQL against the gateway on SQLite, in one process and one run (issue
/// 12): Cancel → done throughput at a fixed number of callers in interleaved rounds after
/// warm-up rounds, then the database statements per Cancel → done, counted for real on each
/// store (<see cref="StatementCounts"/>), then the writes while runs stay CANCELLING and the
/// gateways keep polling them. Both gateways share one Vertex emulator and the same engine
/// settings; the PostgreSQL database must be the benchmark's own, with pg_stat_statements
/// preloaded (bench/stores.sh starts such a cluster).
///   GatewayBench --store-compare --connection-string CS [--calls 2000] [--concurrency 64]
///     [--rounds 5] [--warmup-rounds 1] [--latency-ms 20] [--counted-calls 200] [--idle-runs 16] [--idle-seconds 6]
/// </summary>
internal static class StoreCompare
{
    public static async Task RunAsync(string[] args)
    {
        var connectionString = Text(args, "--connection-string") ?? throw new ArgumentException("--connection-string is required (a PostgreSQL database of the benchmark's own, with pg_stat_statements preloaded).");
        var calls = Arg(args, "--calls", 2000);
        var concurrency = Arg(args, "--concurrency", 64);
        var rounds = Arg(args, "--rounds", 5);
        var warmUpRounds = Arg(args, "--warmup-rounds", 1);
        var latency = TimeSpan.FromMilliseconds(Arg(args, "--latency-ms", 20));
        var countedCalls = Arg(args, "--counted-calls", 200);
        var idleRuns = Arg(args, "--idle-runs", 16);
        var idleTime = TimeSpan.FromSeconds(Arg(args, "--idle-seconds", 6));
        var work = Directory.CreateTempSubdirectory("gateway-bench-stores-");
        try
        {
            await using var emulator = await VertexEmulator.StartAsync(new VertexEmulatorOptions { ConfigureLogging = l => l.SetMinimumLevel(LogLevel.Error) });
            var keyFile = emulator.WriteServiceAccountKeyFile(work.FullName);
            string[] engine =
            [
                "--Gateway:Listen=127.0.0.1:0", "--Gateway:HttpListen=",
                $"--Providers:VertexAi:Endpoint={emulator.BaseAddress}", $"--Providers:VertexAi:CredentialsFile={keyFile}",
                "--Engine:PollInitialInterval=00:00:00.001", "--Engine:PollMaxInterval=00:00:00.250",
                "--Engine:ProviderRequestsPerSecond=1000000", "--Engine:ProviderConcurrency=1024",
                "--Engine:FirstAttemptWait=00:00:10", "--Logging:LogLevel:Default=Warning",
            ];
            await using var counts = await StatementCounts.StartAsync(connectionString);
            await using var sqlite = GatewayApp.Build([.. engine, $"--Storage:Sqlite:Path={Path.Combine(work.FullName, "ops.db")}"]);
            await using var postgres = GatewayApp.Build([.. engine, $"--Storage:Postgres:ConnectionString={connectionString}"]);
            await sqlite.StartAsync();
            await postgres.StartAsync();
            counts.TraceSqliteWriter(sqlite.Services);
            var stores = new[] { new Target("sqlite", sqlite), new Target("postgres", postgres) };

            var next = 0;
            List<string> AddRuns(int count, TimeSpan cancelling) =>
                [.. Enumerable.Range(0, count).Select(_ => emulator.AddRun($"projects/bench/locations/us-central1/pipelineJobs/store-{next++}").CancellingFor(cancelling).Name)];

            // Token, connections, JIT; then the emulator's latency for everything measured.
            foreach (var store in stores)
            {
                await CancelAllAsync(store, AddRuns(200, TimeSpan.Zero), 8);
            }

            emulator.Faults.MinLatency = latency;
            emulator.Faults.MaxLatency = latency;

            Console.WriteLine($"# Cancel -> done throughput: {calls} calls per store and round, {concurrency} callers, emulator latency {latency.TotalMilliseconds} ms, {warmUpRounds} warm-up round(s) then {rounds} interleaved");
            var perSecond = stores.ToDictionary(s => s.Name, _ => new List<double>());
            for (var round = 0; round < warmUpRounds + rounds; round++)
            {
                var order = round % 2 == 0 ? stores : [stores[1], stores[0]];
                var line = new List<string>();
                foreach (var store in order)
                {
                    var summary = await CancelAllAsync(store, AddRuns(calls, TimeSpan.Zero), concurrency);
                    line.Add($"{store.Name} {summary.PerSecond:F0}/s (p50 {summary.P50:F1} ms, p99 {summary.P99:F1} ms)");
                    if (round >= warmUpRounds)
                    {
                        perSecond[store.Name].Add(summary.PerSecond);
                    }
                }

                Console.WriteLine($"round {round + 1}{(round < warmUpRounds ? " (warm-up)" : string.Empty)}: {string.Join(", ", line)}");
            }

            var ratios = perSecond["postgres"].Zip(perSecond["sqlite"], (p, s) => p / s).ToArray();
            Console.WriteLine($"median sqlite {Median(perSecond["sqlite"]):F0}/s, postgres {Median(perSecond["postgres"]):F0}/s; postgres/sqlite per round {string.Join(" ", ratios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))}; median ratio {Median(ratios):F2}");

            foreach (var callers in new[] { 1, concurrency })
            {
                var count = callers == 1 ? countedCalls : calls;
                Console.WriteLine();
                Console.WriteLine($"# statements per Cancel -> done: {count} calls, {callers} caller(s)");
                foreach (var store in stores)
                {
                    var runs = AddRuns(count, TimeSpan.Zero);
                    await counts.MeasureAsync(store.Name, count, () => CancelAllAsync(store, runs, callers));
                }
            }

            Console.WriteLine();
            Console.WriteLine($"# polls that see no change: {idleRuns} runs CANCELLING for {idleTime.TotalSeconds + 4:F0} s, counted over {idleTime.TotalSeconds:F0} s once every run is CANCELLING");
            foreach (var store in stores)
            {
                var runs = AddRuns(idleRuns, idleTime + TimeSpan.FromSeconds(4));
                var operations = await Task.WhenAll(runs.Select(run => store.Control.CancelAsync(new CancelRequest { Name = run }).ResponseAsync));
                await Task.Delay(TimeSpan.FromSeconds(1));
                var getsBefore = runs.Sum(emulator.GetCalls);
                await counts.MeasureAsync(store.Name, operations: 0, () => Task.Delay(idleTime));
                Console.WriteLine($"{store.Name}: status reads of those runs at the emulator during the window: {runs.Sum(emulator.GetCalls) - getsBefore}");
                await Task.WhenAll(operations.Select(operation => WaitDoneAsync(store, operation)));
            }

            await postgres.StopAsync();
            await sqlite.StopAsync();
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Cancels every run and waits until each one's operation is done and CANCELLED.</summary>
    private static Task<Load.Summary> CancelAllAsync(Target store, List<string> runs, int concurrency) =>
        Load.RunAsync(runs.Count, concurrency, async i => await WaitDoneAsync(store, await store.Control.CancelAsync(new CancelRequest { Name = runs[i] })));

    private static async Task WaitDoneAsync(Target store, Operation operation)
    {
        while (!operation.Done)
        {
            operation = await store.Operations.WaitOperationAsync(new WaitOperationRequest { Name = operation.Name, Timeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(30)) });
        }

        if (operation.Response.Unpack<CancelRunResponse>().FinalState != RunState.Cancelled)
        {
            throw new InvalidOperationException($"{operation.Name} did not end CANCELLED.");
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string? Text(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int Arg(string[] args, string name, int fallback) =>
        Text(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    /// <summary>One gateway under test and its clients.</summary>
    private sealed class Target
    {
        public Target(string name, WebApplication app)
        {
            Name = name;
            var channel = GrpcChannel.ForAddress(app.Services.GetRequiredService<GatewayListeners>().GrpcAddress);
            Control = new V1.PipelineControl.PipelineControlClient(channel);
            Operations = new Google.LongRunning.Operations.OperationsClient(channel);
        }

        public string Name { get; }

        public V1.PipelineControl.PipelineControlClient Control { get; }

        public Google.LongRunning.Operations.OperationsClient Operations { get; }
    }
}
