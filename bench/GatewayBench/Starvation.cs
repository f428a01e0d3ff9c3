using System.Diagnostics;
using System.Globalization;
using CancelGateway.Emulators.Vertex;
using CancelGateway.Hosting;
using CancelGateway.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Bench.Gateway;

/// <summary>
/// The starvation load of the fairness finding: BatchCancels of runs that do not exist (each one
/// :cancel call, answered 404) from load callers, at the gateway's default provider rate
/// (20 req/s), then urgent single Cancels from another connection, one every interval. Measures
/// how long each urgent Cancel takes to reach the provider (the emulator counting its :cancel),
/// and how much of the load went out meanwhile. The first urgent Cancel is sent once the
/// batches' bulk requests are done and their runs' own :cancel calls have started, when the
/// most work is queued. An urgent Cancel not at the provider after --give-up-s counts as that.
///   GatewayBench --starvation [--batches 10] [--batch-size 1000] [--load-callers 2] [--urgent 10] [--interval-ms 2000] [--max-queued 5000] [--give-up-s 60]
/// </summary>
internal static class Starvation
{
    public static async Task RunAsync(string[] args)
    {
        var batches = Arg(args, "--batches", 10);
        var batchSize = Arg(args, "--batch-size", 1000);
        var loadCallers = Arg(args, "--load-callers", 2);
        var urgentCount = Arg(args, "--urgent", 10);
        var interval = TimeSpan.FromMilliseconds(Arg(args, "--interval-ms", 2000));
        var maxQueued = Arg(args, "--max-queued", 5000);
        var giveUp = TimeSpan.FromSeconds(Arg(args, "--give-up-s", 60));
        var work = Directory.CreateTempSubdirectory("gateway-bench-starvation-");
        try
        {
            await using var emulator = await VertexEmulator.StartAsync(new VertexEmulatorOptions { ConfigureLogging = l => l.SetMinimumLevel(LogLevel.Error) });
            var urgent = Enumerable.Range(0, urgentCount).Select(i => emulator.AddRun($"projects/bench/locations/us-central1/pipelineJobs/urgent-{i}").Name).ToList();
            var load = Enumerable.Range(0, batches)
                .Select(b => Enumerable.Range(0, batchSize).Select(i => $"projects/bench/locations/us-central1/pipelineJobs/missing-{b}-{i}").ToList())
                .ToList();
            var keyFile = emulator.WriteServiceAccountKeyFile(work.FullName);
            string[] gatewayArgs =
            [
                "--Gateway:Listen=127.0.0.1:0", "--Gateway:HttpListen=", $"--Storage:Sqlite:Path={Path.Combine(work.FullName, "ops.db")}",
                $"--Providers:VertexAi:Endpoint={emulator.BaseAddress}", $"--Providers:VertexAi:CredentialsFile={keyFile}",
                $"--Engine:MaxQueuedPerCaller={maxQueued}", "--Logging:LogLevel:Default=Error",
            ];
            var app = GatewayApp.Build(gatewayArgs);
            await using (app)
            {
                await app.StartAsync();
                var address = app.Services.GetRequiredService<GatewayListeners>().GrpcAddress;

                // One connection per caller: the gateway tells callers apart by connection.
                var loadChannels = Enumerable.Range(0, loadCallers).Select(_ => GrpcChannel.ForAddress(address)).ToList();
                using var urgentChannel = GrpcChannel.ForAddress(address);
                var accepting = Stopwatch.StartNew();
                await Task.WhenAll(load.Select((names, b) =>
                    new V1.PipelineControl.PipelineControlClient(loadChannels[b % loadCallers]).BatchCancelAsync(new BatchCancelRequest { Names = { names } }).ResponseAsync));
                Console.WriteLine($"{batches} BatchCancels of {batchSize} runs from {loadCallers} connections accepted in {accepting.Elapsed.TotalSeconds:F1} s; provider rate 20 req/s (default), concurrency 32");

                var total = batches * batchSize;
                int Sent() => load.Sum(names => names.Sum(emulator.CancelCalls));
                while (Sent() == 0)
                {
                    await Task.Delay(100);
                }

                Console.WriteLine($"the runs' own :cancel calls started {accepting.Elapsed.TotalSeconds:F1} s after the first BatchCancel was sent");
                var control = new V1.PipelineControl.PipelineControlClient(urgentChannel);
                var toProvider = new List<double>();
                foreach (var run in urgent)
                {
                    var sentBefore = Sent();
                    var started = Stopwatch.GetTimestamp();
                    var rpc = control.CancelAsync(new CancelRequest { Name = run }).ResponseAsync;
                    while (emulator.CancelCalls(run) == 0 && Stopwatch.GetElapsedTime(started) < giveUp)
                    {
                        await Task.Delay(1);
                    }

                    var reached = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    await rpc;
                    var answered = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    toProvider.Add(reached);
                    var verdict = emulator.CancelCalls(run) == 0 ? $"NOT at the provider after {giveUp.TotalSeconds:F0} s" : $"-> provider {reached,8:F1} ms";
                    Console.WriteLine($"urgent Cancel {verdict}, RPC answered {answered,8:F1} ms; load items waiting when sent: {total - sentBefore} of {total}");
                    await Task.Delay(interval);
                }

                toProvider.Sort();
                Console.WriteLine($"urgent Cancel -> provider call: p50 {Load.Percentile([.. toProvider], 0.50):F1} ms, max {toProvider[^1]:F1} ms over {toProvider.Count}; load items sent by the end: {Sent()} of {total}");
                foreach (var channel in loadChannels)
                {
                    channel.Dispose();
                }

                await app.StopAsync();
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
