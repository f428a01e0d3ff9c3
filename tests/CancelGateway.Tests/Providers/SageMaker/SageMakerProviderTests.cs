using CancelGateway.Emulators.SageMaker;
using CancelGateway.Providers;
using CancelGateway.Providers.SageMaker;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Xunit;

namespace CancelGateway.Tests.Providers.SageMaker;

/// <summary>The adapter against the emulator: stops, statuses, the steps that hold a stop.</summary>
public sealed class SageMakerProviderTests
{
    [Fact]
    public async Task RequestCancelAsync_ExecutingExecution_AcceptedWithATokenFromTheOperation()
    {
        await using var h = await SageMakerHarness.StartAsync();
        var run = h.Add("exec1", b => b.WithStep("train"));

        var submission = await h.Provider.RequestCancelAsync(run, SageMakerHarness.Graceful, CancellationToken.None).Within();

        Assert.Equal(CancelSubmission.Accepted, submission);
        Assert.Equal(SageMakerExecutionStatus.Stopping, h.Execution(run).Status);
        Assert.Equal(["cancelgateway-stop-" + SageMakerHarness.OperationId], h.Emulator.StopRequestTokens(run.Text));
        Assert.Empty(h.UnexpectedErrors());
    }

    [Fact]
    public async Task RequestCancelAsync_SameOperationAgain_OneStopTakesEffect()
    {
        await using var h = await SageMakerHarness.StartAsync();
        var run = h.Add("exec1", b => b.WithStep("train"));

        await h.Provider.RequestCancelAsync(run, SageMakerHarness.Graceful, CancellationToken.None).Within();
        var again = await h.Provider.RequestCancelAsync(run, SageMakerHarness.Graceful, CancellationToken.None).Within();

        Assert.Equal(CancelSubmission.Accepted, again);
        Assert.Equal(2, h.Emulator.StopCalls(run.Text));
        Assert.Equal(1, h.Emulator.AcceptedStops(run.Text));
    }

    [Theory]
    [InlineData(SageMakerExecutionStatus.Succeeded)]
    [InlineData(SageMakerExecutionStatus.Failed)]
    [InlineData(SageMakerExecutionStatus.Stopped)]
    public async Task RequestCancelAsync_EndedExecution_AlreadyEnded(SageMakerExecutionStatus status)
    {
        await using var h = await SageMakerHarness.StartAsync();
        var run = h.Add("ended1", b => b.WithStep("train").InStatus(status));

        var submission = await h.Provider.RequestCancelAsync(run, SageMakerHarness.Graceful, CancellationToken.None).Within();

        Assert.Equal(CancelSubmission.AlreadyEnded, submission);
        Assert.Contains(h.Logs.Entries, e => e.EventId.Id == 2101);
    }

    [Fact]
    public async Task GetStatusAsync_StopThenPlainStepsEnd_CancellingThenCancelledWithTheEndTime()
    {
        await using var h = await SageMakerHarness.StartAsync();
        var run = h.Add("exec1", b => b.WithStep("train").StopsAfter(TimeSpan.FromSeconds(2)));
        Assert.Equal(RunState.Running, (await h.Provider.GetStatusAsync(run, CancellationToken.None).Within()).State);
        await h.Provider.RequestCancelAsync(run, SageMakerHarness.Graceful, CancellationToken.None).Within();
        var stopAt = h.Clock.GetUtcNow();

        var stopping = await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();
        h.Clock.Advance(TimeSpan.FromSeconds(2));
        var stopped = await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();

        Assert.Equal(RunState.Cancelling, stopping.State);
        Assert.Equal("Stopping", stopping.ProviderState);
        Assert.Null(stopping.EndTime);
        Assert.Empty(stopping.Blockers!);
        Assert.Equal(RunState.Cancelled, stopped.State);
        Assert.Equal("Stopped", stopped.ProviderState);
        Assert.True(stopped.IsTerminal);
        Assert.Equal(stopAt.AddSeconds(2), stopped.EndTime);
        Assert.Null(stopped.Blockers);
        Assert.Equal(2, h.Emulator.ListStepsCalls(run.Text));
    }

    [Fact]
    public async Task GetStatusAsync_CallbackStepWaiting_BlockerWithTheQueueUrlAndNoToken()
    {
        await using var h = await SageMakerHarness.StartAsync();
        var queue = "https://sqs.us-east-1.amazonaws.com/123456789012/approvals";
        var token = string.Empty;
        var run = h.Add("held1", b => token = b.WithStep("train").WithCallbackStep("approve", sqsQueueUrl: queue).CallbackToken("approve"));
        await h.Provider.RequestCancelAsync(run, SageMakerHarness.Graceful, CancellationToken.None).Within();
        h.Clock.Advance(TimeSpan.FromMinutes(5));

        var status = await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();

        Assert.Equal(RunState.Cancelling, status.State);
        var blocker = Assert.Single(status.Blockers!);
        Assert.Equal(StopBlocker.Types.Kind.CallbackStep, blocker.Kind);
        Assert.Equal("approve", blocker.StepName);
        Assert.Equal(queue, blocker.Detail);
        Assert.False(blocker.Forced);
        Assert.Empty(blocker.NotForcedReason);
        Assert.DoesNotContain(token, blocker.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, h.Logs.AllText(), StringComparison.Ordinal);

        // Answered by its own worker, the step lets the stop through.
        Assert.Equal(System.Net.HttpStatusCode.OK, await h.AnswerAsync(token, success: true));
        var stopped = await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();
        Assert.Equal(RunState.Cancelled, stopped.State);
    }

    [Fact]
    public async Task GetStatusAsync_LambdaStepRunning_BlockerThatCannotBeForced()
    {
        await using var h = await SageMakerHarness.StartAsync();
        var run = h.Add("lambda1", b => b.WithStep("train").WithLambdaStep("notify", TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1)));
        await h.Provider.RequestCancelAsync(run, SageMakerHarness.Graceful, CancellationToken.None).Within();

        var status = await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();
        h.Clock.Advance(TimeSpan.FromSeconds(30));
        var stopped = await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();

        var blocker = Assert.Single(status.Blockers!);
        Assert.Equal(StopBlocker.Types.Kind.LambdaStep, blocker.Kind);
        Assert.Equal("notify", blocker.StepName);
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:notify", blocker.Detail);
        Assert.Equal(SageMakerProvider.LambdaNotForcedReason, blocker.NotForcedReason);
        Assert.Equal(RunState.Cancelled, stopped.State);
    }

    [Fact]
    public async Task GetStatusAsync_LambdaStepTimesOutDuringTheStop_FailedWithTheReason()
    {
        await using var h = await SageMakerHarness.StartAsync();
        var run = h.Add("timeout1", b => b.WithStep("train").WithLambdaStep("export", TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(3)));
        await h.Provider.RequestCancelAsync(run, SageMakerHarness.Graceful, CancellationToken.None).Within();
        h.Clock.Advance(TimeSpan.FromSeconds(3));

        var status = await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();

        Assert.Equal(RunState.Failed, status.State);
        Assert.Equal("Failed", status.ProviderState);
        Assert.Contains("Step export failed", status.Message, StringComparison.Ordinal);
        Assert.Contains("timed out", status.Message, StringComparison.Ordinal);
        Assert.NotNull(status.EndTime);
    }

    [Fact]
    public async Task GetStatusAsync_ManySteps_ReadsEveryPage()
    {
        await using var h = await SageMakerHarness.StartAsync();
        var run = h.Add("many1", b =>
        {
            for (var i = 0; i < 130; i++)
            {
                b.WithStep($"step-{i:000}");
            }

            b.WithCallbackStep("zz-approve-last");
        });
        await h.Provider.RequestCancelAsync(run, SageMakerHarness.Graceful, CancellationToken.None).Within();

        var status = await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();

        Assert.Equal("zz-approve-last", Assert.Single(status.Blockers!).StepName);
        Assert.Equal(2, h.Emulator.ListStepsCalls(run.Text));
    }

    [Fact]
    public async Task ForceAsync_CallbackWaiting_FailsItNamingTheOperationAndReportsItForced()
    {
        await using var h = await SageMakerHarness.StartAsync();
        var token = string.Empty;
        var run = h.Add("force1", b => token = b.WithStep("train").WithCallbackStep("approve").WithLambdaStep("notify", TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1)).CallbackToken("approve"));
        var force = SageMakerHarness.Force();
        await h.Provider.RequestCancelAsync(run, force, CancellationToken.None).Within();

        var blockers = await h.Provider.ForceAsync(run, force, CancellationToken.None).Within();

        Assert.Equal(["approve", "notify"], blockers.Select(b => b.StepName));
        Assert.True(blockers[0].Forced);
        Assert.Equal(StopBlocker.Types.Kind.CallbackStep, blockers[0].Kind);
        Assert.False(blockers[1].Forced);
        Assert.Equal(SageMakerProvider.LambdaNotForcedReason, blockers[1].NotForcedReason);
        var step = h.Execution(run).Step("approve");
        Assert.Equal(SageMakerStepStatus.Failed, step.Status);
        Assert.Equal($"Stopped by CancelGateway operation operations/{SageMakerHarness.OperationId}: stuck waiting for an approval", step.FailureReason);

        // While the Lambda still holds the stop, the read shows the forced step beside it.
        var status = await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();
        Assert.Equal(RunState.Cancelling, status.State);
        Assert.Equal([("approve", true), ("notify", false)], status.Blockers!.Select(b => (b.StepName, b.Forced)));
        h.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(RunState.Cancelled, (await h.Provider.GetStatusAsync(run, CancellationToken.None).Within()).State);
        Assert.DoesNotContain(token, h.Logs.AllText(), StringComparison.Ordinal);
        Assert.Contains(h.Logs.Entries, e => e.EventId.Id == 2107);
    }

    [Fact]
    public async Task ForceAsync_CallbackStepShowingStopping_FailsItAndReportsItForced()
    {
        await using var h = await SageMakerHarness.StartAsync();
        var run = h.Add("force5", b => b.WithCallbackStep("approve", showsStoppingOnStop: true));
        var force = SageMakerHarness.Force();
        await h.Provider.RequestCancelAsync(run, force, CancellationToken.None).Within();
        Assert.Equal(SageMakerStepStatus.Stopping, h.Execution(run).Step("approve").Status);
        var held = await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();
        Assert.Equal([("approve", false)], held.Blockers!.Select(b => (b.StepName, b.Forced)));

        var blocker = Assert.Single(await h.Provider.ForceAsync(run, force, CancellationToken.None).Within());

        Assert.True(blocker.Forced);
        Assert.Equal(SageMakerStepStatus.Failed, h.Execution(run).Step("approve").Status);
        h.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(RunState.Cancelled, (await h.Provider.GetStatusAsync(run, CancellationToken.None).Within()).State);
    }

    [Fact]
    public async Task ForceAsync_Repeated_AnswersTheStepOnce()
    {
        await using var h = await SageMakerHarness.StartAsync();
        var run = h.Add("force2", b => b.WithCallbackStep("approve").WithLambdaStep("notify", TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1)));
        var force = SageMakerHarness.Force();
        await h.Provider.RequestCancelAsync(run, force, CancellationToken.None).Within();

        await h.Provider.ForceAsync(run, force, CancellationToken.None).Within();
        var again = await h.Provider.ForceAsync(run, force, CancellationToken.None).Within();

        Assert.Equal(1, h.Emulator.SendStepCalls);
        Assert.True(again.Single(b => b.StepName == "approve").Forced);
    }

    [Fact]
    public async Task ForceAsync_LongReason_FailureReasonTrimmedTo256()
    {
        await using var h = await SageMakerHarness.StartAsync();
        var run = h.Add("force3", b => b.WithCallbackStep("approve"));
        var force = SageMakerHarness.Force(reason: new string('r', 600));
        await h.Provider.RequestCancelAsync(run, force, CancellationToken.None).Within();

        var blockers = await h.Provider.ForceAsync(run, force, CancellationToken.None).Within();

        Assert.True(Assert.Single(blockers).Forced);
        Assert.Equal(256, h.Execution(run).Step("approve").FailureReason!.Length);
        h.Clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(SageMakerExecutionStatus.Stopped, h.Execution(run).Status);
    }

    [Fact]
    public async Task ForceAsync_OneStepAlreadyAnswered_ForcesOnlyTheWaitingOne()
    {
        await using var h = await SageMakerHarness.StartAsync();
        var token = string.Empty;
        var run = h.Add("force4", b => token = b.WithCallbackStep("approve").WithCallbackStep("review").CallbackToken("approve"));
        var force = SageMakerHarness.Force();
        await h.Provider.RequestCancelAsync(run, force, CancellationToken.None).Within();

        await h.AnswerAsync(token, success: true);
        var blockers = await h.Provider.ForceAsync(run, force, CancellationToken.None).Within();

        Assert.Equal(["review"], blockers.Select(b => b.StepName));
        Assert.True(blockers[0].Forced);
        Assert.Equal(1, h.Emulator.SendStepCalls - 1);
    }

    [Fact]
    public async Task Shape_NoBatchApi_ForceSupported()
    {
        await using var h = await SageMakerHarness.StartAsync();
        var run = SageMakerHarness.Run("exec1");

        Assert.Equal(Provider.Sagemaker, h.Provider.Provider);
        Assert.True(h.Provider.SupportsForce);
        Assert.Equal(0, h.Provider.MaxBatchSize);
        Assert.Equal(run.Text, h.Provider.BatchScope(run));
        await Assert.ThrowsAsync<NotSupportedException>(() => h.Provider.RequestCancelBatchAsync([run], SageMakerHarness.Graceful, CancellationToken.None));
        Assert.Throws<ArgumentException>(() => h.Provider.BatchScope(RunNameParserName("projects/p/locations/us-central1/pipelineJobs/j")));
    }

    private static RunName RunNameParserName(string text) => RunNameParser.TryParse(text, out var name, out _) ? name! : throw new ArgumentException(text);
}
