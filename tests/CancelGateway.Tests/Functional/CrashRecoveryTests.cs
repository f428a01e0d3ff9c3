using CancelGateway.Emulators.Faults;
using CancelGateway.Emulators.Vertex;
using Grpc.Core;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Google.LongRunning;
using Microsoft.Extensions.Logging;
using Xunit;
using Xunit.Abstractions;

namespace CancelGateway.Tests.Functional;

/// <summary>
/// Every accepted request survives a crash: the gateway process is killed (SIGKILL) with
/// cancellations in flight, restarted on the same SQLite file, and finishes every one of them.
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    private const int Runs = 200;

    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Cancel_GatewayKilledWithOperationsInFlight_RestartFinishesEveryOne()
    {
        using var directory = new TempDirectory();
        var logs = new CapturingLoggerProvider();
        var faults = new EmulatorFaults(seed: 7) { MinLatency = TimeSpan.FromMilliseconds(10), MaxLatency = TimeSpan.FromMilliseconds(50) };
        await using var emulator = await VertexEmulator.StartAsync(
            new VertexEmulatorOptions { Faults = faults, ConfigureLogging = logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Warning) }).Within();
        var keyFile = emulator.WriteServiceAccountKeyFile(directory.Path);
        var database = directory.File("operations.db");
        var runs = Enumerable.Range(0, Runs).Select(_ => emulator.AddRun(GatewayFixture.NewRunName("crash")).CancellingFor(TimeSpan.FromSeconds(3)).Name).ToList();

        // A slow first gateway: the provider rate limit leaves many cancellations stored but not yet sent.
        List<string> names;
        int undone;
        await using (var first = await GatewayProcess.StartAsync(GatewayTestHost.Arguments(emulator, keyFile, database, new Dictionary<string, string>
        {
            ["Engine:ProviderRequestsPerSecond"] = "100",
            ["Engine:FirstAttemptWait"] = "00:00:00.050",
        })))
        {
            using var client = new GatewayClient(first.Address);
            var accepted = await Task.WhenAll(runs.Select(run => client.CancelAsync(run, Guid.NewGuid().ToString()))).WaitAsync(Budget);
            names = [.. accepted.Select(o => o.Name)];
            Assert.Equal(Runs, names.Distinct().Count());

            // Kill once some cancels have reached the provider and others have not: both kinds must be resumed.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            Google.Protobuf.Collections.RepeatedField<Operation> inFlight;
            while (true)
            {
                inFlight = (await client.ListOperationsAsync("done = false", pageSize: 1000).Within()).Operations;
                if (inFlight.Count(o => o.Metadata.Unpack<CancelOperationMetadata>().CancelRequested) >= 20)
                {
                    break;
                }

                Assert.True(clock.Elapsed < TestTimeouts.Default, "The first gateway sent no cancels.");
                await Task.Delay(20);
            }

            undone = inFlight.Count;
            var notSent = inFlight.Count(o => !o.Metadata.Unpack<CancelOperationMetadata>().CancelRequested);
            output.WriteLine($"At the kill: {undone} of {Runs} operations in flight, {notSent} of them not yet accepted by the provider.");
            Assert.True(undone > 0, "Every operation was done before the crash; nothing was in flight to recover.");
            Assert.True(notSent > 0, "Every cancel had reached the provider before the crash; the stored-but-not-sent path was not exercised.");
            Assert.True(undone > notSent, "No cancel had reached the provider before the crash; the resumed-poller path was not exercised.");

            await first.KillAsync();
            Assert.Empty(first.ErrorLines());
        }

        await using var second = await GatewayProcess.StartAsync(GatewayTestHost.Arguments(emulator, keyFile, database));
        using var restarted = new GatewayClient(second.Address);
        var outcomes = await Task.WhenAll(names.Select(name => Outcome(restarted.WaitDoneAsync(name, Budget), name))).WaitAsync(Budget);

        var missing = outcomes.Where(o => o.Failure is not null).Select(o => $"{o.Name}: {o.Failure!.Status}").ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} operations were lost or failed after the restart:\n" + string.Join('\n', missing.Take(20)));
        var notCancelled = outcomes
            .Select(o => o.Operation!)
            .Where(o => o.Error is not null || o.Response.Unpack<CancelRunResponse>().FinalState != RunState.Cancelled)
            .Select(o => $"{o.Name}: {(o.Error is { } e ? $"error {e.Code} {e.Message}" : o.Response.Unpack<CancelRunResponse>().FinalState.ToString())}")
            .ToList();
        Assert.True(notCancelled.Count == 0, $"{notCancelled.Count} of the {undone} operations in flight at the crash did not end CANCELLED:\n" + string.Join('\n', notCancelled.Take(20)));
        Assert.All(runs, run => Assert.Equal(PipelineState.Cancelled, emulator.GetRun(run)!.State));
        Assert.Equal(runs, outcomes.Select(o => o.Operation!.Metadata.Unpack<CancelOperationMetadata>().Run));
        Assert.Contains("Resuming", second.Output, StringComparison.Ordinal);
        Assert.Empty(second.ErrorLines());
        // The emulator logs a request whose client died mid-body (the kill) as a failure; that one is expected.
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error && e.Exception is not Microsoft.AspNetCore.Http.BadHttpRequestException);
    }

    private static async Task<(string Name, Operation? Operation, RpcException? Failure)> Outcome(Task<Operation> wait, string name)
    {
        try
        {
            return (name, await wait, null);
        }
        catch (RpcException failure)
        {
            return (name, null, failure);
        }
    }
}
