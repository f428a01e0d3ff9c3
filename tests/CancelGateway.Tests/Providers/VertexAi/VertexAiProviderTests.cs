using CancelGateway.Emulators.Vertex;
using Grpc.Core;
using CancelGateway.Providers;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Xunit;

namespace CancelGateway.Tests.Providers.VertexAi;

/// <summary>The adapter's cancel and status calls against the Vertex AI emulator.</summary>
public sealed class VertexAiProviderTests
{
    [Fact]
    public async Task RequestCancelAsync_RunningJob_ReturnsAcceptedAndJobIsCancelling()
    {
        await using var h = await VertexAiHarness.StartAsync();
        var run = h.AddRun("running-1");

        var submission = await h.Provider.RequestCancelAsync(run, VertexAiHarness.Graceful, CancellationToken.None).Within();

        Assert.Equal(CancelSubmission.Accepted, submission);
        Assert.Equal(PipelineState.Cancelling, h.StateOf(run));
        Assert.Equal(1, h.Emulator.CancelCalls(run.Text));
        Assert.Empty(h.UnexpectedErrors());
    }

    [Fact]
    public async Task RequestCancelAsync_JobAlreadyCancelling_ReturnsAccepted()
    {
        await using var h = await VertexAiHarness.StartAsync();
        var run = h.AddRun("twice", b => b.CancellingFor(TimeSpan.FromMinutes(5)));

        var first = await h.Provider.RequestCancelAsync(run, VertexAiHarness.Graceful, CancellationToken.None).Within();
        var second = await h.Provider.RequestCancelAsync(run, VertexAiHarness.Graceful, CancellationToken.None).Within();

        Assert.Equal(CancelSubmission.Accepted, first);
        Assert.Equal(CancelSubmission.Accepted, second);
        Assert.Equal(PipelineState.Cancelling, h.StateOf(run));
    }

    [Theory]
    [InlineData(PipelineState.Succeeded)]
    [InlineData(PipelineState.Failed)]
    [InlineData(PipelineState.Cancelled)]
    public async Task RequestCancelAsync_TerminalJob_ReturnsAlreadyEnded(PipelineState state)
    {
        await using var h = await VertexAiHarness.StartAsync();
        var run = h.AddRun("ended", b => b.InState(state));

        var submission = await h.Provider.RequestCancelAsync(run, VertexAiHarness.Graceful, CancellationToken.None).Within();

        Assert.Equal(CancelSubmission.AlreadyEnded, submission);
        Assert.Equal(state, h.StateOf(run));
        Assert.Contains(h.Logs.Entries, e => e.EventId.Id == 2001);
    }

    [Fact]
    public async Task RequestCancelAsync_UnknownJob_ThrowsNotFound()
    {
        await using var h = await VertexAiHarness.StartAsync();
        var run = VertexAiHarness.Run("does-not-exist");

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.RequestCancelAsync(run, VertexAiHarness.Graceful, CancellationToken.None)).Within();

        Assert.Equal(Provider.VertexAi, ex.Provider);
        Assert.Equal(StatusCode.NotFound, ex.Code);
        Assert.Equal("RUN_NOT_FOUND", ex.Reason);
        Assert.False(ex.IsTransient);
        Assert.Equal(404, ex.HttpStatus);
        Assert.Equal("NOT_FOUND", ex.ProviderCode);
        Assert.Contains(run.Text, ex.Message, StringComparison.Ordinal);
        Assert.Empty(h.UnexpectedErrors());
    }

    [Fact]
    public async Task GetStatusAsync_UnknownJob_ThrowsNotFound()
    {
        await using var h = await VertexAiHarness.StartAsync();
        var run = VertexAiHarness.Run("missing");

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.GetStatusAsync(run, CancellationToken.None)).Within();

        Assert.Equal(StatusCode.NotFound, ex.Code);
        Assert.Equal("RUN_NOT_FOUND", ex.Reason);
        Assert.Equal(404, ex.HttpStatus);
    }

    [Fact]
    public async Task RequestCancelAsync_ForbiddenJob_ThrowsPermissionDenied()
    {
        await using var h = await VertexAiHarness.StartAsync();
        var run = h.AddRun("secret", b => b.Forbidden());

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.RequestCancelAsync(run, VertexAiHarness.Graceful, CancellationToken.None)).Within();

        Assert.Equal(StatusCode.PermissionDenied, ex.Code);
        Assert.Equal("PROVIDER_PERMISSION_DENIED", ex.Reason);
        Assert.False(ex.IsTransient);
        Assert.Equal(403, ex.HttpStatus);
        Assert.Equal("PERMISSION_DENIED", ex.ProviderCode);
        Assert.Contains("aiplatform.pipelineJobs.cancel", ex.Message, StringComparison.Ordinal);
        Assert.Equal(PipelineState.Running, h.StateOf(run));
    }

    [Fact]
    public async Task GetStatusAsync_ForbiddenJob_ThrowsPermissionDenied()
    {
        await using var h = await VertexAiHarness.StartAsync();
        var run = h.AddRun("secret-get", b => b.Forbidden());

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.GetStatusAsync(run, CancellationToken.None)).Within();

        Assert.Equal(StatusCode.PermissionDenied, ex.Code);
        Assert.Equal("PROVIDER_PERMISSION_DENIED", ex.Reason);
    }

    [Theory]
    [InlineData(PipelineState.Queued, RunState.Queued, "PIPELINE_STATE_QUEUED")]
    [InlineData(PipelineState.Pending, RunState.Pending, "PIPELINE_STATE_PENDING")]
    [InlineData(PipelineState.Running, RunState.Running, "PIPELINE_STATE_RUNNING")]
    [InlineData(PipelineState.Paused, RunState.Paused, "PIPELINE_STATE_PAUSED")]
    [InlineData(PipelineState.Succeeded, RunState.Succeeded, "PIPELINE_STATE_SUCCEEDED")]
    [InlineData(PipelineState.Failed, RunState.Failed, "PIPELINE_STATE_FAILED")]
    [InlineData(PipelineState.Cancelled, RunState.Cancelled, "PIPELINE_STATE_CANCELLED")]
    public async Task GetStatusAsync_SeededState_MapsToRunStateAndKeepsRawState(PipelineState seeded, RunState expected, string raw)
    {
        await using var h = await VertexAiHarness.StartAsync();
        var run = h.AddRun("seeded", b => b.InState(seeded));

        var status = await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();

        Assert.Equal(expected, status.State);
        Assert.Equal(raw, status.ProviderState);
        Assert.Equal(h.Emulator.GetRun(run.Text)!.EndTime, status.EndTime);
        Assert.Equal(RunStates.IsTerminal(expected), status.EndTime is not null);
    }

    [Fact]
    public async Task GetStatusAsync_AfterCancelAndClockAdvance_GoesFromCancellingToCancelled()
    {
        await using var h = await VertexAiHarness.StartAsync();
        var run = h.AddRun("cancel-me", b => b.CancellingFor(TimeSpan.FromSeconds(10)));
        await h.Provider.RequestCancelAsync(run, VertexAiHarness.Graceful, CancellationToken.None).Within();

        var cancelling = await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();
        h.Clock.Advance(TimeSpan.FromSeconds(11));
        var cancelled = await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();

        Assert.Equal(RunState.Cancelling, cancelling.State);
        Assert.Equal("PIPELINE_STATE_CANCELLING", cancelling.ProviderState);
        Assert.False(cancelling.IsTerminal);
        Assert.Null(cancelling.EndTime);
        Assert.Equal(RunState.Cancelled, cancelled.State);
        Assert.Equal("PIPELINE_STATE_CANCELLED", cancelled.ProviderState);
        Assert.True(cancelled.IsTerminal);
        Assert.Equal(h.Emulator.GetRun(run.Text)!.EndTime, cancelled.EndTime);
        Assert.Equal(h.Emulator.GetRun(run.Text)!.ErrorMessage, cancelled.Message);
        Assert.NotNull(cancelled.Message);
    }

    [Theory]
    [InlineData(false, RunState.Succeeded)]
    [InlineData(true, RunState.Failed)]
    public async Task GetStatusAsync_CancelLosesRace_ReportsHowTheRunEnded(bool fails, RunState expected)
    {
        await using var h = await VertexAiHarness.StartAsync();
        var run = h.AddRun("racer", b => b.LosesRace(fails).CancellingFor(TimeSpan.FromSeconds(1)));

        await h.Provider.RequestCancelAsync(run, VertexAiHarness.Graceful, CancellationToken.None).Within();
        h.Clock.Advance(TimeSpan.FromSeconds(2));
        var status = await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();

        Assert.Equal(expected, status.State);
        Assert.NotNull(status.EndTime);
    }

    [Fact]
    public async Task RequestCancelAsync_ForceMode_ThrowsFailedPreconditionWithoutCallingVertex()
    {
        await using var h = await VertexAiHarness.StartAsync();
        var run = h.AddRun("forced");

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.RequestCancelAsync(run, VertexAiHarness.Graceful with { Mode = CancelMode.Force }, CancellationToken.None)).Within();

        Assert.Equal(StatusCode.FailedPrecondition, ex.Code);
        Assert.Equal("FORCE_NOT_SUPPORTED", ex.Reason);
        Assert.Equal(0, h.Emulator.CancelCalls(run.Text));
    }

    [Fact]
    public async Task Properties_Always_DescribeVertexAi()
    {
        await using var h = await VertexAiHarness.StartAsync();

        Assert.Equal(Provider.VertexAi, h.Provider.Provider);
        Assert.False(h.Provider.SupportsForce);
        Assert.Equal(32, h.Provider.MaxBatchSize);
        Assert.Equal(VertexAiHarness.Parent, h.Provider.BatchScope(VertexAiHarness.Run("x")));
    }
}
