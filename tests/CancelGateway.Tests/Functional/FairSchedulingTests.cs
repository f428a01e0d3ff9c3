using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Google.LongRunning;
using Google.Rpc;
using Grpc.Core;
using Xunit;

namespace CancelGateway.Tests.Functional;

/// <summary>
/// One caller cannot starve another: through the real host against the Vertex AI emulator at
/// a low provider rate, two callers on two connections (two channels). Runs that do not exist
/// make each batch item exactly one :cancel call (a 404), so the emulator's counters say how
/// far each caller's work has gone.
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed class FairSchedulingTests
{
    private const int Rate = 100;

    [Fact]
    public async Task Cancel_AnotherCallerQueuedThousandsOfBatchItems_ReachesProviderAhead()
    {
        await using var fixture = await GatewayFixture.StartAsync(Settings(maxQueuedPerCaller: 5_000));
        using var callerA = new GatewayClient(fixture.Gateway.Address);
        using var callerB = new GatewayClient(fixture.Gateway.Address);
        var batches = Enumerable.Range(0, 3).Select(_ => MissingRuns(300)).ToList();
        var aRuns = batches.SelectMany(b => b).ToList();
        var urgent = fixture.AddRun(prefix: "urgent");

        var accepted = new List<Operation>();
        foreach (var batch in batches)
        {
            accepted.Add(await callerA.BatchCancelAsync(batch, Guid.NewGuid().ToString()).Within());
        }

        // Caller A's runs are going out one by one: its queue holds hundreds of items.
        await TestTimeouts.UntilAsync(() => Sent(fixture, aRuns) >= 20, "caller A's first :cancel calls");
        var aBefore = Sent(fixture, aRuns);
        var operation = await callerB.CancelAsync(urgent).Within();
        var aAfter = Sent(fixture, aRuns);

        // Cancel returns once the provider has answered (FirstAttemptWait, 2 s): first come,
        // first served would still have B waiting behind ~900 items (9 s at 100 req/s).
        Assert.Equal(1, fixture.Emulator.CancelCalls(urgent));
        Assert.True(operation.Metadata.Unpack<CancelOperationMetadata>().CancelRequested, "B's Cancel returned before the provider was asked.");
        Assert.True(aAfter - aBefore <= 150, $"{aAfter - aBefore} of caller A's items went out while B's single Cancel waited.");
        Assert.True(aAfter < aRuns.Count - 300, $"Caller A's work was nearly all sent ({aAfter} of {aRuns.Count}) before B's: the test proved nothing.");

        // Nothing accepted is dropped: every batch ends, every run was asked once.
        foreach (var batch in accepted)
        {
            var done = await callerA.WaitDoneAsync(batch.Name, TimeSpan.FromSeconds(60)).Within(TimeSpan.FromSeconds(70));
            Assert.Equal("BATCH_ALL_FAILED", done.Error?.Details.Select(d => d.Unpack<ErrorInfo>()).Single().Reason);
        }

        Assert.All(aRuns, run => Assert.Equal(1, fixture.Emulator.CancelCalls(run)));
        var urgentDone = await callerB.WaitDoneAsync(operation.Name).Within();
        Assert.Equal(RunState.Cancelled, urgentDone.Response.Unpack<CancelRunResponse>().FinalState);
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task BatchCancel_CallerOverItsQueueBound_RefusedWithRetryInfoAndNothingStored()
    {
        await using var fixture = await GatewayFixture.StartAsync(Settings(maxQueuedPerCaller: 400));
        using var callerA = new GatewayClient(fixture.Gateway.Address);
        using var callerB = new GatewayClient(fixture.Gateway.Address);
        var first = await callerA.BatchCancelAsync(MissingRuns(300), Guid.NewGuid().ToString()).Within();
        var refusedRuns = MissingRuns(200);
        var requestId = Guid.NewGuid().ToString();

        var failure = await GatewayClient.FailureOf(() => callerA.BatchCancelAsync(refusedRuns, requestId)).Within();
        var other = await callerB.CancelAsync(fixture.AddRun(prefix: "other-caller")).Within();

        Assert.Equal(StatusCode.ResourceExhausted, failure.StatusCode);
        var info = failure.GetDetail<ErrorInfo>();
        Assert.Equal("CALLER_QUEUE_FULL", info?.Reason);
        Assert.Equal("400", info?.Metadata["limit"]);
        var retry = failure.GetDetail<RetryInfo>()?.RetryDelay.ToTimeSpan();
        Assert.InRange(retry ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        Assert.Equal(1, fixture.Emulator.CancelCalls(other.Metadata.Unpack<CancelOperationMetadata>().Run));

        // Stored nothing: no operation for a refused run, and the request id is still free.
        var watch = await GatewayClient.FailureOf(() => callerA.WatchAsync(refusedRuns[0])).Within();
        Assert.Equal("CANCELLATION_NOT_FOUND", watch.GetDetail<ErrorInfo>()?.Reason);
        await callerA.WaitDoneAsync(first.Name, TimeSpan.FromSeconds(60)).Within(TimeSpan.FromSeconds(70));
        var retried = await callerA.BatchCancelAsync(refusedRuns, requestId).Within();
        var retriedDone = await callerA.WaitDoneAsync(retried.Name, TimeSpan.FromSeconds(60)).Within(TimeSpan.FromSeconds(70));
        Assert.Equal(200, retriedDone.Metadata.Unpack<BatchCancelOperationMetadata>().DoneCount);
        Assert.All(refusedRuns, run => Assert.Equal(1, fixture.Emulator.CancelCalls(run)));
        fixture.AssertNoUnexpectedErrors();
    }

    private static Dictionary<string, string> Settings(int maxQueuedPerCaller) => new()
    {
        ["Engine:ProviderRequestsPerSecond"] = Rate.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Engine:ProviderConcurrency"] = "4",
        ["Engine:MaxQueuedPerCaller"] = maxQueuedPerCaller.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static List<string> MissingRuns(int count) => [.. Enumerable.Range(0, count).Select(_ => GatewayFixture.NewRunName("missing"))];

    private static int Sent(GatewayFixture fixture, List<string> runs) => runs.Sum(fixture.Emulator.CancelCalls);
}
