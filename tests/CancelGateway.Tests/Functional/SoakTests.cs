using System.Globalization;
using System.Text.Json;
using CancelGateway.Emulators.Faults;
using CancelGateway.Emulators.Vertex;
using CancelGateway.Tests.Support;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Xunit;
using Xunit.Abstractions;

namespace CancelGateway.Tests.Functional;

/// <summary>
/// Five minutes of mixed load (Cancel, BatchCancel, WatchRun, ListOperations, 1 % garbage
/// connections) from three client processes against a gateway process whose provider flaps
/// between healthy and failing: afterwards its memory is where it was after warm-up, it holds
/// no more file descriptors, and every accepted operation is still there, done or in flight.
/// <c>SOAK_SECONDS</c> shortens it for a local run.
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed class SoakTests(ITestOutputHelper output)
{
    private const int Clients = 3;
    private const int RunsPerClient = 1500;

    [Fact]
    public async Task MixedLoad_ThreeClientsAndAFlappingProvider_MemoryStableNoLeakNothingLost()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("SOAK_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 300;
        // Two fifths of the run: by then the SQLite page cache, the done-operation cache, the HTTP
        // pools and the JIT have grown to their working size, so what grows after is what leaks.
        var warmUp = TimeSpan.FromSeconds(seconds * 2 / 5.0);
        using var directory = new TempDirectory();
        var logs = new CapturingLoggerProvider();
        var faults = new EmulatorFaults(seed: 4242) { MinLatency = TimeSpan.FromMilliseconds(5), MaxLatency = TimeSpan.FromMilliseconds(40), RetryAfter = TimeSpan.FromMilliseconds(50) };
        await using var emulator = await VertexEmulator.StartAsync(
            new VertexEmulatorOptions { Faults = faults, ConfigureLogging = logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Warning) }).Within();
        var keyFile = emulator.WriteServiceAccountKeyFile(directory.Path);
        var runFiles = new List<string>();
        for (var c = 0; c < Clients; c++)
        {
            var runs = Enumerable.Range(0, RunsPerClient).Select(_ => emulator.AddRun(GatewayFixture.NewRunName("soak")).CancellingFor(TimeSpan.FromSeconds(1)).Name);
            var file = directory.File($"runs-{c}.txt");
            await File.WriteAllLinesAsync(file, runs).Within();
            runFiles.Add(file);
        }

        await using var gateway = await GatewayProcess.StartAsync(GatewayTestHost.Arguments(emulator, keyFile, directory.File("operations.db"), new Dictionary<string, string>
        {
            ["Gateway:HttpListen"] = string.Empty,
            ["Engine:ProviderRequestsPerSecond"] = "200",
        }));
        var stubs = await PythonGatewayStubs.EnsureGeneratedAsync().Within();

        using var flapping = new CancellationTokenSource();
        var flapper = FlapAsync(faults, flapping.Token);
        var load = Enumerable.Range(0, Clients).Select(c => ProcessRunner.RunAsync(
            PythonGatewayStubs.Python,
            [Path.Combine(RepoPaths.PythonClients, "soak_client.py"), "--target", $"127.0.0.1:{gateway.Address.Port}", "--stubs", stubs, "--runs-file", runFiles[c], "--seconds", seconds.ToString(CultureInfo.InvariantCulture), "--seed", c.ToString(CultureInfo.InvariantCulture)],
            TimeSpan.FromSeconds(seconds + 120),
            environment: new Dictionary<string, string?> { ["PYTHONDONTWRITEBYTECODE"] = "1", ["PYTHONPATH"] = RepoPaths.PythonClients })).ToList();

        await Task.Delay(warmUp);
        var warm = ProcessSample.Of(gateway.Id);
        output.WriteLine($"after warm-up ({warmUp}): {warm}");
        var results = await Task.WhenAll(load).WaitAsync(TimeSpan.FromSeconds(seconds + 180));
        await flapping.CancelAsync();
        await flapper;
        faults.FailureRate = 0;

        // Let the last calls and connections end, then collect what the load left.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var end = ProcessSample.Of(gateway.Id);
        output.WriteLine($"at the end: {end}");

        var accepted = new List<string>();
        foreach (var result in results)
        {
            Assert.True(result.Succeeded, $"A soak client failed.{Environment.NewLine}{result.Describe()}");
            using var summary = JsonDocument.Parse(result.StandardOutput.Trim().Split('\n')[^1]);
            output.WriteLine($"client: {summary.RootElement.GetProperty("calls")} calls, statuses {summary.RootElement.GetProperty("statuses")}");
            Assert.Equal(0, summary.RootElement.GetProperty("unexpected").GetArrayLength());
            accepted.AddRange(summary.RootElement.GetProperty("accepted").EnumerateArray().Select(e => e.GetString()!));
        }

        Assert.False(gateway.HasExited, gateway.Output);
        Assert.True(accepted.Count > 100, $"only {accepted.Count} operations were accepted");
        Assert.True(end.ResidentBytes <= warm.ResidentBytes * 1.2, $"RSS grew from {warm} to {end}");
        // The provider's HTTP connection pool may still fill up to its concurrency cap (32) after
        // warm-up and keeps idle connections for a while; anything beyond that is a leak.
        Assert.True(end.OpenFiles <= warm.OpenFiles + 48, $"file descriptors grew from {warm} to {end}");

        using var client = new GatewayClient(gateway.Address);
        var missing = new List<string>();
        foreach (var name in accepted.Distinct())
        {
            try
            {
                await client.LroGetOperationAsync(name);
            }
            catch (RpcException failure) when (failure.StatusCode == StatusCode.NotFound)
            {
                missing.Add(name);
            }
        }

        Assert.True(missing.Count == 0, $"{missing.Count} accepted operations are gone, e.g. {string.Join(", ", missing.Take(5))}");
        Assert.Empty(gateway.ErrorLines());
    }

    /// <summary>The provider fails 40 % of requests (503/429) for 10 s, then is healthy for 10 s, and so on.</summary>
    private static async Task FlapAsync(EmulatorFaults faults, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                faults.FailureRate = 0.4;
                await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
                faults.FailureRate = 0;
                await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Done.
        }
    }
}
