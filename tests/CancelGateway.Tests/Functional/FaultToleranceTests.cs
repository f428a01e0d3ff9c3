using System.Diagnostics;
using CancelGateway.Emulators.Faults;
using CancelGateway.Emulators.Vertex;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Google.LongRunning;
using Xunit;

namespace CancelGateway.Tests.Functional;

/// <summary>
/// Many cancellations against a Vertex AI that fails often (503, 429 with Retry-After, latency):
/// every one ends CANCELLED and no run is sent a cancel that takes effect twice.
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed class FaultToleranceTests
{
    private const int Runs = 500;

    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Cancel_FlakyProviderFiveHundredRuns_EveryRunCancelledExactlyOnce()
    {
        var faults = Faults();
        await using var fixture = await GatewayFixture.StartAsync(faults: faults);
        var runs = Enumerable.Range(0, Runs).Select(_ => fixture.AddRun(prefix: "flaky")).ToList();

        var done = await CancelAllAndWaitAsync(fixture, runs);

        AssertAllCancelled(fixture, runs, done);
        var notOnce = runs.Where(run => fixture.Emulator.AcceptedCancels(run) != 1).Select(run => $"{run}: {fixture.Emulator.AcceptedCancels(run)}").ToList();
        Assert.True(notOnce.Count == 0, $"{notOnce.Count} runs were not cancelled exactly once:\n" + string.Join('\n', notOnce.Take(20)));

        // The faults really struck: some :cancel requests were refused and retried.
        Assert.True(runs.Sum(fixture.Emulator.CancelCalls) > Runs, "No :cancel request was faulted; the test proved nothing.");
        Assert.Contains(done, operation => operation.Metadata.Unpack<CancelOperationMetadata>().Attempts > 1);
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Cancel_ProviderFailsAfterTakingEffect_EveryRunStillCancelledOnceAndNotAlreadyEnded()
    {
        // A 503 that comes after the cancel took effect: the gateway cannot tell it from one
        // before, so it retries; Vertex AI answers a cancel of a CANCELLING run with 200, so the
        // retry is harmless as long as the run is still CANCELLING (1 s here).
        var faults = Faults();
        faults.FailureRate = 0.2;
        faults.FailAfterEffectRate = 0.2;
        await using var fixture = await GatewayFixture.StartAsync(faults: faults);
        var runs = Enumerable.Range(0, Runs).Select(_ => fixture.AddRun(b => b.CancellingFor(TimeSpan.FromSeconds(1)), "after-effect")).ToList();

        var done = await CancelAllAndWaitAsync(fixture, runs);

        AssertAllCancelled(fixture, runs, done);
        Assert.All(runs, run => Assert.True(fixture.Emulator.AcceptedCancels(run) >= 1));
        Assert.True(runs.Sum(fixture.Emulator.AcceptedCancels) > Runs, "No :cancel took effect behind an injected 503; the test proved nothing.");
        fixture.AssertNoUnexpectedErrors();

        // Every run was RUNNING when its Cancel was accepted: none had "already ended", even when
        // a retry of an ambiguous 503 finds the run already CANCELLED by the first attempt.
        var misreported = done.Where(o => o.Response.Unpack<CancelRunResponse>().AlreadyEnded).ToList();
        Assert.True(
            misreported.Count == 0,
            $"{misreported.Count} operations say the run had already ended, but the gateway's own cancel ended it, e.g. "
            + string.Join("; ", misreported.Take(3).Select(o => $"{o.Name} (attempts {o.Metadata.Unpack<CancelOperationMetadata>().Attempts}, {fixture.Emulator.AcceptedCancels(o.Metadata.Unpack<CancelOperationMetadata>().Run)} accepted :cancel)")));
    }

    private static EmulatorFaults Faults() => new(seed: 20250601)
    {
        FailureRate = 0.3,
        ThrottleShare = 0.5,
        // Sent in whole seconds, rounded up: the gateway sees Retry-After: 1.
        RetryAfter = TimeSpan.FromMilliseconds(50),
        MinLatency = TimeSpan.Zero,
        MaxLatency = TimeSpan.FromMilliseconds(30),
    };

    /// <summary>Sends every Cancel at once over a few channels, then waits for every operation to be done.</summary>
    private static async Task<Operation[]> CancelAllAndWaitAsync(GatewayFixture fixture, List<string> runs)
    {
        var clock = Stopwatch.StartNew();
        var clients = Enumerable.Range(0, 4).Select(_ => new GatewayClient(fixture.Gateway.Address)).ToList();
        try
        {
            var accepted = await Task.WhenAll(runs.Select((run, i) => clients[i % clients.Count].CancelAsync(run, Guid.NewGuid().ToString()))).WaitAsync(Budget);
            Assert.All(accepted, (operation, i) => Assert.Equal(runs[i], operation.Metadata.Unpack<CancelOperationMetadata>().Run));
            Assert.Equal(runs.Count, accepted.Select(o => o.Name).Distinct().Count());
            var remaining = Budget - clock.Elapsed;
            return await Task.WhenAll(accepted.Select((operation, i) => clients[i % clients.Count].WaitDoneAsync(operation.Name, remaining))).WaitAsync(remaining);
        }
        finally
        {
            clients.ForEach(client => client.Dispose());
        }
    }

    private static void AssertAllCancelled(GatewayFixture fixture, List<string> runs, IReadOnlyList<Operation> done)
    {
        var notCancelled = done
            .Where(o => o.Error is not null || o.Response.Unpack<CancelRunResponse>().FinalState != RunState.Cancelled)
            .Select(o => $"{o.Name}: {(o.Error is { } e ? $"error {e.Code} {e.Message}" : o.Response.Unpack<CancelRunResponse>().FinalState.ToString())}")
            .ToList();
        Assert.True(notCancelled.Count == 0, $"{notCancelled.Count} operations did not end CANCELLED:\n" + string.Join('\n', notCancelled.Take(20)));
        Assert.All(runs, run => Assert.Equal(PipelineState.Cancelled, fixture.Emulator.GetRun(run)!.State));
    }
}
