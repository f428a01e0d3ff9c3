using System.Diagnostics;
using System.Text.RegularExpressions;
using CancelGateway.Emulators.Vertex;
using Grpc.Core;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Google.LongRunning;
using Google.Rpc;
using Xunit;

namespace CancelGateway.Tests.Functional;

/// <summary>
/// One cancellation from the caller's side: the real host on 127.0.0.1:0, the project's C#
/// gRPC client, and the Vertex AI emulator standing in for the cloud.
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed partial class CancelFlowTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private GatewayClient Client => fixture.Client;

    [Fact]
    public async Task Cancel_RunningRun_ReturnsPendingOperationWithMetadata()
    {
        var run = fixture.AddRun(b => b.CancellingFor(TimeSpan.FromSeconds(1)));

        var operation = await Client.CancelAsync(run, reason: "bad input").Within();

        Assert.Matches(OperationName(), operation.Name);
        Assert.False(operation.Done);
        var metadata = operation.Metadata.Unpack<CancelOperationMetadata>();
        Assert.Equal(run, metadata.Run);
        Assert.Equal(Provider.VertexAi, metadata.Provider);
        Assert.Equal(CancelMode.Graceful, metadata.Mode);
        Assert.Equal("bad input", metadata.Reason);
        Assert.NotNull(metadata.CreateTime);
        Assert.Null(metadata.EndTime);
        Assert.Equal(PipelineState.Cancelling, fixture.Emulator.GetRun(run)!.State);
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task GetOperation_PolledUntilDone_EndsCancelled()
    {
        var run = fixture.AddRun();
        var pending = await Client.CancelAsync(run).Within();

        var done = await PollUntilDoneAsync(pending.Name);

        Assert.Equal(pending.Name, done.Name);
        var response = done.Response.Unpack<CancelRunResponse>();
        Assert.Equal(RunState.Cancelled, response.FinalState);
        Assert.Equal("PIPELINE_STATE_CANCELLED", response.ProviderState);
        Assert.Equal(run, response.Run);
        Assert.False(response.AlreadyEnded);
        var metadata = done.Metadata.Unpack<CancelOperationMetadata>();
        Assert.True(metadata.CancelRequested);
        Assert.Equal(1, metadata.Attempts);
        Assert.Equal(RunState.Cancelled, metadata.State);
        Assert.NotNull(metadata.EndTime);
        Assert.Equal(PipelineState.Cancelled, fixture.Emulator.GetRun(run)!.State);
        Assert.Equal(1, fixture.Emulator.AcceptedCancels(run));
        Assert.Equal(done, await Client.LroGetOperationAsync(pending.Name).Within());
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task WaitOperation_PendingOperation_ReturnsItDoneAndCancelled()
    {
        var run = fixture.AddRun(b => b.CancellingFor(TimeSpan.FromMilliseconds(500)));
        var pending = await Client.CancelAsync(run).Within();
        Assert.False(pending.Done);

        var done = await Client.WaitDoneAsync(pending.Name).Within();

        Assert.True(done.Done);
        Assert.Null(done.Error);
        Assert.Equal(RunState.Cancelled, done.Response.Unpack<CancelRunResponse>().FinalState);
        Assert.Equal(PipelineState.Cancelled, fixture.Emulator.GetRun(run)!.State);
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task WatchRun_CancelledRun_StreamsSnapshotsUntilDone()
    {
        var run = fixture.AddRun(b => b.CancellingFor(TimeSpan.FromSeconds(1)));
        var pending = await Client.CancelAsync(run).Within();

        var byRun = Client.WatchAsync(run);
        var byOperation = Client.WatchAsync(pending.Name);
        var snapshots = await byRun.Within();

        Assert.True(snapshots.Count >= 2, $"expected at least a first snapshot and the done one, got {snapshots.Count}");
        Assert.All(snapshots, s => Assert.Equal(pending.Name, s.Name));
        Assert.False(snapshots[0].Done);
        Assert.All(snapshots.SkipLast(1), s => Assert.False(s.Done));
        Assert.Contains(snapshots, s => s.Metadata.Unpack<CancelOperationMetadata>().State == RunState.Cancelling);
        var last = snapshots[^1];
        Assert.True(last.Done);
        Assert.Equal(RunState.Cancelled, last.Response.Unpack<CancelRunResponse>().FinalState);
        var other = await byOperation.Within();
        Assert.Equal(last, other[^1]);
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task WatchRun_RunWithoutCancellation_FailsNotFound()
    {
        var run = fixture.AddRun();

        var failure = await GatewayClient.FailureOf(() => Client.WatchAsync(run)).Within();

        Assert.Equal(StatusCode.NotFound, failure.StatusCode);
        Assert.Equal("CANCELLATION_NOT_FOUND", failure.GetDetail<ErrorInfo>()?.Reason);
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Cancel_RetriedWithSameRequestId_ReturnsSameOperationAndCancelsOnce()
    {
        var run = fixture.AddRun(b => b.CancellingFor(TimeSpan.FromMilliseconds(300)));
        var requestId = Guid.NewGuid().ToString();

        var first = await Client.CancelAsync(run, requestId).Within();
        var retry = await Client.CancelAsync(run, requestId).Within();
        var done = await Client.WaitDoneAsync(first.Name).Within();
        var lateRetry = await Client.CancelAsync(run, requestId).Within();

        Assert.Equal(first.Name, retry.Name);
        Assert.Equal(first.Name, lateRetry.Name);
        Assert.Equal(done, lateRetry);
        Assert.Equal(0, done.Metadata.Unpack<CancelOperationMetadata>().Joined);
        Assert.Equal(1, fixture.Emulator.CancelCalls(run));
        Assert.Equal(1, fixture.Emulator.AcceptedCancels(run));
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Cancel_RunInFlightWithAnotherRequestId_JoinsTheSameOperation()
    {
        var run = fixture.AddRun(b => b.CancellingFor(TimeSpan.FromMilliseconds(800)));

        var first = await Client.CancelAsync(run, Guid.NewGuid().ToString()).Within();
        var second = await Client.CancelAsync(run, Guid.NewGuid().ToString()).Within();
        var done = await Client.WaitDoneAsync(first.Name).Within();

        Assert.Equal(first.Name, second.Name);
        Assert.Equal(1, done.Metadata.Unpack<CancelOperationMetadata>().Joined);
        Assert.Equal(RunState.Cancelled, done.Response.Unpack<CancelRunResponse>().FinalState);
        Assert.Equal(1, fixture.Emulator.AcceptedCancels(run));
        fixture.AssertNoUnexpectedErrors();
    }

    [Theory]
    [InlineData(PipelineState.Succeeded, RunState.Succeeded)]
    [InlineData(PipelineState.Failed, RunState.Failed)]
    public async Task Cancel_RunAlreadyEnded_ReturnsDoneOperationSayingHow(PipelineState ended, RunState expected)
    {
        var run = fixture.AddRun(b => b.InState(ended));

        var operation = await Client.CancelAsync(run).Within();

        Assert.True(operation.Done);
        Assert.Null(operation.Error);
        var response = operation.Response.Unpack<CancelRunResponse>();
        Assert.Equal(expected, response.FinalState);
        Assert.True(response.AlreadyEnded);
        Assert.Equal(run, response.Run);
        Assert.Equal(0, fixture.Emulator.AcceptedCancels(run));
        Assert.Equal(ended, fixture.Emulator.GetRun(run)!.State);
        fixture.AssertNoUnexpectedErrors();
    }

    [Theory]
    [InlineData(false, RunState.Succeeded)]
    [InlineData(true, RunState.Failed)]
    public async Task Cancel_CancelLosesTheRace_ReportsTheRealFinalState(bool fails, RunState expected)
    {
        var run = fixture.AddRun(b => b.LosesRace(fails));

        var pending = await Client.CancelAsync(run).Within();
        var done = await Client.WaitDoneAsync(pending.Name).Within();

        var response = done.Response.Unpack<CancelRunResponse>();
        Assert.Equal(expected, response.FinalState);
        Assert.False(response.AlreadyEnded);
        Assert.Equal(expected, done.Metadata.Unpack<CancelOperationMetadata>().State);
        Assert.Equal(1, fixture.Emulator.AcceptedCancels(run));
        fixture.AssertNoUnexpectedErrors();
    }

    private async Task<Operation> PollUntilDoneAsync(string name)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var operation = await Client.GetOperationAsync(name).Within();
            if (operation.Done)
            {
                return operation;
            }

            Assert.True(clock.Elapsed < TestTimeouts.Default, $"{name} was not done within {TestTimeouts.Default}.");
            await Task.Delay(20);
        }
    }

    [GeneratedRegex("^operations/[0-9a-f]{32}$")]
    private static partial Regex OperationName();
}
