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
/// CancelMatching at scale: a Vertex AI location holding <c>--runs</c> RUNNING runs and as many
/// that have ended, listed at the API's page size (100) and cancelled through one CancelMatching,
/// under a provider rate limit (<c>--rate</c> requests per second). The rate sets a lower bound on
/// the time: every request the work cannot do without (the list pages, one batchCancel per 32
/// runs, one status read per run to see it end) divided by the rate. Prints the measured time,
/// the bound and their ratio, and the requests the emulator actually served.
///   GatewayBench --selector [--runs 5000] [--rate 200] [--latency-ms 20]
/// </summary>
internal static class Selector
{
    private const string Scope = "projects/bench/locations/us-central1";
    private const int PageSize = 100;
    private const int VertexBatchSize = 32;

    public static async Task RunAsync(string[] args)
    {
        var matching = Arg(args, "--runs", 5000);
        var rate = Arg(args, "--rate", 200);
        var latency = TimeSpan.FromMilliseconds(Arg(args, "--latency-ms", 20));
        var work = Directory.CreateTempSubdirectory("selector-bench-");
        try
        {
            await using var emulator = await VertexEmulator.StartAsync(new VertexEmulatorOptions { ConfigureLogging = l => l.SetMinimumLevel(LogLevel.Warning) });
            var created = TimeProvider.System.GetUtcNow().AddDays(-1);
            var runs = new List<string>();
            for (var i = 0; i < 2 * matching; i++)
            {
                var run = emulator.AddRun($"{Scope}/pipelineJobs/run-{i:D6}").CreatedAt(created.AddSeconds(i));
                if (i % 2 == 0)
                {
                    run.CancellingFor(TimeSpan.Zero);
                    runs.Add(run.Name);
                }
                else
                {
                    run.InState(PipelineState.Succeeded);
                }
            }

            emulator.Faults.MinLatency = latency;
            emulator.Faults.MaxLatency = latency;
            var keyFile = emulator.WriteServiceAccountKeyFile(work.FullName);
            var app = GatewayApp.Build(
            [
                "--Gateway:Listen=127.0.0.1:0", "--Gateway:HttpListen=", $"--Storage:Sqlite:Path={Path.Combine(work.FullName, "ops.db")}",
                $"--Providers:VertexAi:Endpoint={emulator.BaseAddress}", $"--Providers:VertexAi:CredentialsFile={keyFile}",
                $"--Engine:ProviderRequestsPerSecond={rate}", "--Engine:MaxQueuedPerCaller=20000", "--Logging:LogLevel:Default=Warning",
            ]);
            await using (app)
            {
                await app.StartAsync();
                using var channel = GrpcChannel.ForAddress(app.Services.GetRequiredService<GatewayListeners>().GrpcAddress, new GrpcChannelOptions { MaxReceiveMessageSize = 64 << 20 });
                var control = new V1.PipelineControl.PipelineControlClient(channel);
                var operations = new Google.LongRunning.Operations.OperationsClient(channel);

                // A dry run first: the listing alone (it also warms up the token, connections and JIT).
                var listing = Stopwatch.StartNew();
                var dryRun = await control.CancelMatchingAsync(new CancelMatchingRequest { Scopes = { Scope }, Filter = "state = RUNNING", MaxRuns = matching, DryRun = true });
                Console.WriteLine($"dry run: {dryRun.Response.Unpack<BatchCancelResponse>().Matches.Count} matches listed in {listing.Elapsed.TotalSeconds:F1} s ({emulator.ListCalls(Scope)} pages)");
                var pagesBefore = emulator.ListCalls(Scope);

                var clock = Stopwatch.StartNew();
                var operation = await control.CancelMatchingAsync(new CancelMatchingRequest { Scopes = { Scope }, Filter = "state = RUNNING", MaxRuns = matching, Reason = "selector bench" });
                var accepted = clock.Elapsed;
                while (!operation.Done)
                {
                    operation = await operations.WaitOperationAsync(new WaitOperationRequest { Name = operation.Name, Timeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(30)) });
                }

                var total = clock.Elapsed;
                var response = operation.Response.Unpack<BatchCancelResponse>();
                var cancelled = response.Results.Count(r => r.FinalState == RunState.Cancelled);
                if (cancelled != matching || response.FailedRequests.Count > 0)
                {
                    throw new InvalidOperationException($"{cancelled} of {matching} runs ended CANCELLED, {response.FailedRequests.Count} failed.");
                }

                var pages = (2 * matching + PageSize - 1) / PageSize;
                var needed = pages + ((matching + VertexBatchSize - 1) / VertexBatchSize) + matching;
                var served = emulator.ListCalls(Scope) - pagesBefore + emulator.BatchCancelCalls + runs.Sum(emulator.GetCalls) + runs.Sum(emulator.CancelCalls);
                var bound = TimeSpan.FromSeconds((double)needed / rate);
                Console.WriteLine($"{2 * matching} runs listed ({emulator.ListCalls(Scope) - pagesBefore} pages), {matching} matching, rate {rate} req/s, emulator latency {latency.TotalMilliseconds} ms");
                Console.WriteLine($"accepted (listed and stored) after {accepted.TotalSeconds:F1} s; all {matching} CANCELLED after {total.TotalSeconds:F1} s");
                Console.WriteLine($"requests needed {needed} (pages {pages} + batchCancel {(matching + VertexBatchSize - 1) / VertexBatchSize} + one status read per run) -> bound {bound.TotalSeconds:F1} s");
                Console.WriteLine($"requests served {served}; measured / bound = {total / bound:F2}");
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
