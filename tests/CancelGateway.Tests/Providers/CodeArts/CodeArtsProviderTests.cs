using CancelGateway.Emulators.CodeArts;
using Grpc.Core;
using CancelGateway.Providers;
using CancelGateway.Providers.CodeArts;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Xunit;

namespace CancelGateway.Tests.Providers.CodeArts;

/// <summary>The adapter's stop and detail calls against the CodeArts emulator, in both auth modes.</summary>
public sealed class CodeArtsProviderTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RequestCancelAsync_RunningRun_AcceptedThenRunningThenCancelled(bool akSk)
    {
        var mode = akSk ? CodeArtsAuthMode.AkSk : CodeArtsAuthMode.Token;
        await using var h = await CodeArtsHarness.StartAsync(mode);
        var run = h.AddRun();

        var submission = await h.Provider.RequestCancelAsync(run, CodeArtsHarness.Graceful, CancellationToken.None).Within();
        var during = await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();
        h.Advance(TimeSpan.FromMilliseconds(300));
        var after = await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();

        Assert.Equal(CancelSubmission.Accepted, submission);
        Assert.Equal(1, h.Emulator.AcceptedStops(run["run"]));

        // CodeArts has no stopping status: the run shows RUNNING until the stop takes effect.
        Assert.Equal((RunState.Running, "RUNNING", (DateTimeOffset?)null), (during.State, during.ProviderState, during.EndTime));
        Assert.Equal((RunState.Cancelled, "CANCELED"), (after.State, after.ProviderState));
        Assert.Equal(h.Clock.GetUtcNow(), after.EndTime);
        Assert.Equal(mode == CodeArtsAuthMode.Token ? 1 : 0, h.Emulator.TokenRequests);
        Assert.Empty(h.UnexpectedErrors());
    }

    [Theory]
    [InlineData(CodeArtsRunStatus.Completed, RunState.Succeeded)]
    [InlineData(CodeArtsRunStatus.Failed, RunState.Failed)]
    [InlineData(CodeArtsRunStatus.Canceled, RunState.Cancelled)]
    [InlineData(CodeArtsRunStatus.Ignored, RunState.OtherTerminal)]
    public async Task RequestCancelAsync_EndedRun_AlreadyEndedAfterReadingTheDetail(CodeArtsRunStatus status, RunState expected)
    {
        await using var h = await CodeArtsHarness.StartAsync();
        var run = h.AddRun(b => b.InStatus(status));

        var submission = await h.Provider.RequestCancelAsync(run, CodeArtsHarness.Graceful, CancellationToken.None).Within();
        var read = await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();

        Assert.Equal(CancelSubmission.AlreadyEnded, submission);
        Assert.Equal(1, h.Emulator.StopCalls(run["run"]));
        Assert.Equal(2, h.Emulator.DetailCalls(run["run"]));
        Assert.Equal(expected, read.State);
        Assert.NotNull(read.EndTime);
        Assert.Contains(h.Logs.Entries, e => e.EventId.Id == 2201);
        Assert.Empty(h.UnexpectedErrors());
    }

    [Theory]
    [InlineData(false, RunState.Succeeded, "COMPLETED")]
    [InlineData(true, RunState.Failed, "FAILED")]
    public async Task GetStatusAsync_StopLosesTheRace_ReportsHowTheRunReallyEnded(bool fails, RunState expected, string raw)
    {
        await using var h = await CodeArtsHarness.StartAsync();
        var run = h.AddRun(b => b.LosesRace(fails));

        Assert.Equal(CancelSubmission.Accepted, await h.Provider.RequestCancelAsync(run, CodeArtsHarness.Graceful, CancellationToken.None).Within());
        h.Advance(TimeSpan.FromSeconds(1));
        var status = await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();

        Assert.Equal((expected, raw), (status.State, status.ProviderState));
        Assert.True(status.IsTerminal);
    }

    [Theory]
    [InlineData(CodeArtsRunStatus.Running, RunState.Running, false)]
    [InlineData(CodeArtsRunStatus.Completed, RunState.Succeeded, true)]
    [InlineData(CodeArtsRunStatus.Failed, RunState.Failed, true)]
    [InlineData(CodeArtsRunStatus.Canceled, RunState.Cancelled, true)]
    [InlineData(CodeArtsRunStatus.Paused, RunState.Paused, false)]
    [InlineData(CodeArtsRunStatus.Suspend, RunState.Paused, false)]
    [InlineData(CodeArtsRunStatus.Ignored, RunState.OtherTerminal, true)]
    public async Task GetStatusAsync_EachStatus_NormalizedWithTheRawWordKept(CodeArtsRunStatus seeded, RunState expected, bool ended)
    {
        await using var h = await CodeArtsHarness.StartAsync();
        var run = h.AddRun(b => b.InStatus(seeded));

        var status = await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();

        Assert.Equal(expected, status.State);
        Assert.Equal(seeded.ToWireName(), status.ProviderState);
        Assert.Equal(ended, status.EndTime is not null);
        Assert.Equal(ended, status.IsTerminal);
    }

    [Fact]
    public async Task RequestCancelAsync_UnknownRun_ThrowsNotFoundWithProviderCodeAndRequestId()
    {
        await using var h = await CodeArtsHarness.StartAsync();
        var run = h.Missing();

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.RequestCancelAsync(run, CodeArtsHarness.Graceful, CancellationToken.None)).Within();

        Assert.Equal((Provider.Codearts, StatusCode.NotFound, "RUN_NOT_FOUND", false, 404), (ex.Provider, ex.Code, ex.Reason, ex.IsTransient, ex.HttpStatus));
        Assert.Equal("DEVPIPE.00011105", ex.ProviderCode); // the emulator's code for an unknown run
        Assert.Matches("^[0-9a-f]{32}$", ex.RequestId);
        Assert.Contains(run.Text, ex.Message, StringComparison.Ordinal);
        Assert.Empty(h.UnexpectedErrors());
    }

    [Fact]
    public async Task GetStatusAsync_ForbiddenRun_ThrowsPermissionDenied()
    {
        await using var h = await CodeArtsHarness.StartAsync();
        var run = h.AddRun(b => b.Forbidden());

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.GetStatusAsync(run, CancellationToken.None)).Within();

        Assert.Equal((StatusCode.PermissionDenied, "PROVIDER_PERMISSION_DENIED", false, 403), (ex.Code, ex.Reason, ex.IsTransient, ex.HttpStatus));
    }

    [Fact]
    public async Task RequestCancelAsync_Throttled_ThrowsTransientResourceExhaustedWithRetryAfter()
    {
        await using var h = await CodeArtsHarness.StartAsync();
        var run = h.AddRun();
        h.Emulator.Faults.FailureRate = 1;
        h.Emulator.Faults.ThrottleShare = 1;
        h.Emulator.Faults.RetryAfter = TimeSpan.FromSeconds(3);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.RequestCancelAsync(run, CodeArtsHarness.Graceful, CancellationToken.None)).Within();

        Assert.Equal((StatusCode.ResourceExhausted, "PROVIDER_RATE_LIMITED", true, 429, "APIG.0308"), (ex.Code, ex.Reason, ex.IsTransient, ex.HttpStatus, ex.ProviderCode));
        Assert.Equal(TimeSpan.FromSeconds(3), ex.RetryAfter);
        Assert.NotNull(ex.RequestId);
        Assert.Equal(0, h.Emulator.AcceptedStops(run["run"]));
    }

    [Fact]
    public async Task GetStatusAsync_Unavailable_ThrowsTransientUnavailable()
    {
        await using var h = await CodeArtsHarness.StartAsync();
        var run = h.AddRun();
        h.Emulator.Faults.FailureRate = 1;
        h.Emulator.Faults.ThrottleShare = 0;

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.GetStatusAsync(run, CancellationToken.None)).Within();

        Assert.Equal((StatusCode.Unavailable, "PROVIDER_UNAVAILABLE", true, 503), (ex.Code, ex.Reason, ex.IsTransient, ex.HttpStatus));
        Assert.NotNull(ex.RequestId);
    }

    [Fact]
    public async Task GetStatusAsync_ConnectionDropped_ThrowsTransientUnreachable()
    {
        await using var h = await CodeArtsHarness.StartAsync();
        var run = h.AddRun();
        h.Emulator.Faults.DropConnectionRate = 1;

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.GetStatusAsync(run, CancellationToken.None)).Within();

        Assert.Equal((StatusCode.Unavailable, "PROVIDER_UNREACHABLE", true), (ex.Code, ex.Reason, ex.IsTransient));
    }

    [Fact]
    public async Task RequestCancelAsync_ForceMode_ThrowsForceNotSupported()
    {
        await using var h = await CodeArtsHarness.StartAsync();
        var run = h.AddRun();

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.RequestCancelAsync(run, CodeArtsHarness.Graceful with { Mode = CancelMode.Force }, CancellationToken.None)).Within();

        Assert.Equal((StatusCode.FailedPrecondition, "FORCE_NOT_SUPPORTED"), (ex.Code, ex.Reason));
        Assert.Equal(0, h.Emulator.StopCalls(run["run"]));
        Assert.False(h.Provider.SupportsForce);
        Assert.Equal(0, h.Provider.MaxBatchSize);
    }
}
