using System.Diagnostics;
using System.Globalization;
using CancelGateway.Bench.Gateway;
using CancelGateway.Emulators.Vertex;
using CancelGateway.Hosting;
using CancelGateway.V1;
using Google.Apis.Auth.OAuth2;
using Google.LongRunning;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Cancel -> done through the gateway against the Vertex emulator with a fixed latency, at a
// fixed number of concurrent callers; and the same emulator called directly at the same
// concurrency, so the gateway's overhead is the difference. Everything on 127.0.0.1.
//   GatewayBench [--calls 2000] [--concurrency 64] [--latency-ms 20] [--port-file PATH]
// With --starvation, the fairness benchmark instead (Starvation.cs); with --security-cost, the
// load side of bench/security.sh (SecurityCost.cs); with --selector, CancelMatching of thousands of
// runs under a provider rate limit (Selector.cs, bench/selector.sh); with --notify-latency, replica A
// to replica C over PostgreSQL (NotifyLatency.cs, run by bench/notify.sh); with --store-compare, the
// gateway on PostgreSQL against the gateway on SQLite (StoreCompare.cs, run by bench/stores.sh).
if (args.Contains("--starvation"))
{
    await Starvation.RunAsync(args);
    return;
}

if (args.Contains("--selector"))
{
    await Selector.RunAsync(args);
    return;
}

if (args.Contains("--notify-latency"))
{
    await NotifyLatency.RunAsync(args);
    return;
}

if (args.Contains("--store-compare"))
{
    await StoreCompare.RunAsync(args);
    return;
}

if (args.Contains("--security-cost"))
{
    await SecurityCost.RunAsync(args);
    return;
}

var calls = Arg("--calls", 2000);
var concurrency = Arg("--concurrency", 64);
var latency = TimeSpan.FromMilliseconds(Arg("--latency-ms", 20));
var work = Directory.CreateTempSubdirectory("gateway-bench-");
try
{
    await using var emulator = await VertexEmulator.StartAsync(new VertexEmulatorOptions { ConfigureLogging = l => l.SetMinimumLevel(LogLevel.Warning) });
    var runs = Enumerable.Range(0, calls + 200).Select(i => $"projects/bench/locations/us-central1/pipelineJobs/run-{i}").ToList();
    foreach (var run in runs)
    {
        emulator.AddRun(run).CancellingFor(TimeSpan.Zero);
    }

    var keyFile = emulator.WriteServiceAccountKeyFile(work.FullName);
    string[] args2 =
    [
        "--Gateway:Listen=127.0.0.1:0", "--Gateway:HttpListen=", $"--Storage:Sqlite:Path={Path.Combine(work.FullName, "ops.db")}",
        $"--Providers:VertexAi:Endpoint={emulator.BaseAddress}", $"--Providers:VertexAi:CredentialsFile={keyFile}",
        "--Engine:PollInitialInterval=00:00:00.001", "--Engine:ProviderRequestsPerSecond=1000000", "--Engine:ProviderConcurrency=1024",
        "--Engine:FirstAttemptWait=00:00:10", "--Logging:LogLevel:Default=Warning",
    ];
    var app = GatewayApp.Build(args2);
    await using (app)
    {
        await app.StartAsync();
        using var channel = GrpcChannel.ForAddress(app.Services.GetRequiredService<GatewayListeners>().GrpcAddress);
        var control = new PipelineControl.PipelineControlClient(channel);
        var operations = new Operations.OperationsClient(channel);

        // Warm up the token, connections and JIT on runs the measurement does not use.
        foreach (var run in runs.Skip(calls).Take(200))
        {
            await control.CancelAsync(new CancelRequest { Name = run });
        }

        var token = await CredentialFactory.FromJson<ServiceAccountCredential>(emulator.ServiceAccountKeyJson)
            .ToGoogleCredential().CreateScoped("https://www.googleapis.com/auth/cloud-platform")
            .UnderlyingCredential.GetAccessTokenForRequestAsync();
        emulator.Faults.MinLatency = latency;
        emulator.Faults.MaxLatency = latency;
        var direct = await Load.RunAsync(calls, concurrency, async i =>
        {
            // The emulator alone: one GET of a run, the same kind of call the gateway makes.
            using var http = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.BaseAddress, "v1/" + runs[i]));
            http.Headers.Authorization = new("Bearer", token);
            using var response = await Load.Http.SendAsync(http);
        });

        var rpc = new double[calls];
        var done = await Load.RunAsync(calls, concurrency, async i =>
        {
            var started = Stopwatch.GetTimestamp();
            var operation = await control.CancelAsync(new CancelRequest { Name = runs[i] });
            rpc[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            while (!operation.Done)
            {
                operation = await operations.WaitOperationAsync(new WaitOperationRequest { Name = operation.Name, Timeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(30)) });
            }

            if (operation.Response.Unpack<CancelRunResponse>().FinalState != RunState.Cancelled)
            {
                throw new InvalidOperationException($"{runs[i]} did not end CANCELLED");
            }
        });

        Array.Sort(rpc);
        Console.WriteLine($"emulator latency {latency.TotalMilliseconds} ms, {concurrency} concurrent callers, {calls} calls");
        Console.WriteLine($"direct emulator call      p50 {direct.P50:F2} ms  p99 {direct.P99:F2} ms");
        Console.WriteLine($"Cancel RPC (1 provider call)  p50 {Load.Percentile(rpc, 0.50):F2} ms  p99 {Load.Percentile(rpc, 0.99):F2} ms  -> overhead p50 {Load.Percentile(rpc, 0.50) - direct.P50:F2} ms, p99 {Load.Percentile(rpc, 0.99) - direct.P99:F2} ms");
        Console.WriteLine($"Cancel -> done (2 provider calls) p50 {done.P50:F2} ms  p99 {done.P99:F2} ms  -> overhead p50 {done.P50 - (2 * direct.P50):F2} ms, p99 {done.P99 - (2 * direct.P99):F2} ms");
        Console.WriteLine($"Cancel -> done throughput {done.PerSecond:F0} calls/s");
        await app.StopAsync();
    }
}
finally
{
    work.Delete(recursive: true);
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
