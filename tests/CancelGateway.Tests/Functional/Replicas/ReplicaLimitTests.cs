using System.Diagnostics;
using CancelGateway.Emulators.Hosting;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Google.LongRunning;
using Xunit;
using Xunit.Abstractions;

namespace CancelGateway.Tests.Functional.Replicas;

/// <summary>
/// What holds for the deployment, not per replica: a provider's rate limit shared by three
/// replicas (measured by the emulator, per second), and a FORCE Cancel that reaches a replica
/// other than the one working the GRACEFUL cancellation.
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed class ReplicaLimitTests(ITestOutputHelper output)
{
    private const int Limit = 20;
    private const int Runs = 1000;
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task BatchCancel_ThreeBusyReplicasSharingTwentyPerSecond_NeverOverTheLimitAtTheEmulator()
    {
        await using var set = await ReplicaSet.StartAsync(
            3,
            new Dictionary<string, string> { ["Engine:ProviderRequestsPerSecond"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            "--running-runs", Runs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--stop-ms", "0");
        var runs = Enumerable.Range(1, Runs).Select(RunningRuns.VertexName).ToList();
        var clock = Stopwatch.StartNew();

        // A third of the runs to each replica, at once: every replica is busy, so without a
        // shared limit the provider would see three times the rate.
        var chunks = runs.Chunk((Runs + 2) / 3).ToList();
        var batches = await Task.WhenAll(chunks.Select((chunk, i) => set.Clients[i].BatchCancelAsync(chunk))).Within();
        var done = new Operation[batches.Length];
        for (var i = 0; i < batches.Length; i++)
        {
            while (!(done[i] = await set.Clients[i].GetOperationAsync(batches[i].Name)).Done)
            {
                Assert.True(clock.Elapsed < Budget, $"batch {i} not done after {Budget}: {done[i].Metadata.Unpack<BatchCancelOperationMetadata>().DoneCount} of {chunks[i].Length} runs.");
                await Task.Delay(1000);
            }
        }

        var counters = await set.Emulators.CountersAsync(set.Emulators.VertexBaseUrl);
        var busiest = counters.RequestsPerSecond.Values.Max();
        output.WriteLine($"{Runs} runs in three batches on three replicas done in {clock.Elapsed.TotalSeconds:F0} s: {counters.ApiRequests} Vertex API requests over {counters.RequestsPerSecond.Count} seconds, at most {busiest} in one second (limit {Limit}/s for the deployment).");
        Assert.All(counters.RequestsPerSecond, second => Assert.True(second.Value <= Limit, $"{second.Value} requests in second {second.Key}"));
        for (var i = 0; i < batches.Length; i++)
        {
            Assert.Equal(chunks[i].Length, done[i].Response.Unpack<BatchCancelResponse>().Results.Count(r => r.FinalState == RunState.Cancelled));
        }

        // Busy enough to matter: the runs' cancels and polls alone are more than the limit allows in a second.
        Assert.True(counters.ApiRequests >= Runs, $"only {counters.ApiRequests} requests");
        Assert.Empty(set.ErrorLines());
    }

    [Fact]
    public async Task Cancel_ForceOnAnotherReplica_EscalatesTheGracefulOperationItsHolderWorks()
    {
        await using var set = await ReplicaSet.StartAsync(2, new Dictionary<string, string>());
        var run = DemoRuns.SageMakerExecutionArns[1]; // callbackwait1: a callback step holds the stop until forced

        var graceful = await set.Clients[0].CancelAsync(run, reason: "graceful first").Within();
        Assert.False(graceful.Done);
        var clock = Stopwatch.StartNew();
        while ((await set.Clients[1].GetOperationAsync(graceful.Name)).Metadata.Unpack<CancelOperationMetadata>().Blockers.Count == 0)
        {
            Assert.True(clock.Elapsed < TestTimeouts.Default, "The callback step never showed as holding the stop.");
            await Task.Delay(100);
        }

        var forced = await set.Clients[1].CancelAsync(run, reason: "now force", mode: CancelMode.Force).Within();
        Operation done;
        while (!(done = await set.Clients[1].GetOperationAsync(graceful.Name)).Done)
        {
            Assert.True(clock.Elapsed < Budget, "The escalated operation did not finish.");
            await Task.Delay(200);
        }

        Assert.Equal(graceful.Name, forced.Name);
        var metadata = done.Metadata.Unpack<CancelOperationMetadata>();
        Assert.Equal(CancelMode.Force, metadata.Mode);
        Assert.True(Assert.Single(metadata.Blockers).Forced);
        Assert.Equal(RunState.Cancelled, done.Response.Unpack<CancelRunResponse>().FinalState);

        // The replica that held it forced it; the other one only wrote the request down.
        Assert.Contains("it is FORCE from now on", set.Replicas[0].Output, StringComparison.Ordinal);
        Assert.DoesNotContain("it is FORCE from now on", set.Replicas[1].Output, StringComparison.Ordinal);
        Assert.Empty(set.ErrorLines());
    }
}
