using CancelGateway.Emulators.SageMaker;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Xunit;

namespace CancelGateway.Tests.Functional.SageMaker;

/// <summary>SageMaker executions cancelled through the real gateway with its own .NET client, for what the emulator alone can set up.</summary>
[Collection(FunctionalTests.Name)]
public sealed class SageMakerGatewayTests(SageMakerGatewayFixture fixture) : IClassFixture<SageMakerGatewayFixture>
{
    [Fact]
    public async Task Cancel_EndedExecutionStopRefusedWithConflict_DoneOperationAlreadyEnded()
    {
        var run = fixture.AddExecution(b => b.InStatus(SageMakerExecutionStatus.Succeeded));

        var operation = await fixture.Gateway.Client.CancelAsync(run, reason: "ended already").Within();
        var done = operation.Done ? operation : await fixture.Gateway.Client.WaitDoneAsync(operation.Name).Within();

        var response = done.Response.Unpack<CancelRunResponse>();
        Assert.True(response.AlreadyEnded);
        Assert.Equal(RunState.Succeeded, response.FinalState);
        Assert.Equal("Succeeded", response.ProviderState);
        Assert.Equal(1, fixture.Emulator.StopCalls(run));
        Assert.Equal(0, fixture.Emulator.AcceptedStops(run));
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Cancel_ForceWithCallbackStepShowingStopping_StepForcedAndCancelled()
    {
        var run = fixture.AddExecution(b => b.WithCallbackStep("approve", showsStoppingOnStop: true));

        var operation = await fixture.Gateway.Client.CancelAsync(run, reason: "stuck callback", mode: CancelMode.Force).Within();
        var done = operation.Done ? operation : await fixture.Gateway.Client.WaitDoneAsync(operation.Name).Within();

        Assert.Equal(RunState.Cancelled, done.Response.Unpack<CancelRunResponse>().FinalState);
        var blocker = Assert.Single(done.Metadata.Unpack<CancelOperationMetadata>().Blockers);
        Assert.Equal("approve", blocker.StepName);
        Assert.True(blocker.Forced);
        var step = fixture.Emulator.GetExecution(run)!.Step("approve");
        Assert.Equal(SageMakerStepStatus.Failed, step.Status);
        Assert.StartsWith("Stopped by CancelGateway operation operations/", step.FailureReason, StringComparison.Ordinal);
        Assert.Equal(SageMakerExecutionStatus.Stopped, fixture.Emulator.GetExecution(run)!.Status);
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Cancel_ForceAfterGracefulInFlight_EscalatesTheSameOperation()
    {
        var run = fixture.AddExecution(b => b.WithCallbackStep("approve", showsStoppingOnStop: true));
        var graceful = await fixture.Gateway.Client.CancelAsync(run, reason: "graceful first").Within();
        Assert.False(graceful.Done);

        var forced = await fixture.Gateway.Client.CancelAsync(run, reason: "now force", mode: CancelMode.Force).Within();
        var done = await fixture.Gateway.Client.WaitDoneAsync(graceful.Name).Within();

        Assert.Equal(graceful.Name, forced.Name);
        var metadata = done.Metadata.Unpack<CancelOperationMetadata>();
        Assert.Equal(CancelMode.Force, metadata.Mode);
        Assert.True(Assert.Single(metadata.Blockers).Forced);
        Assert.Equal(RunState.Cancelled, done.Response.Unpack<CancelRunResponse>().FinalState);
        Assert.Equal(SageMakerStepStatus.Failed, fixture.Emulator.GetExecution(run)!.Step("approve").Status);
        Assert.Contains(fixture.Logs.Entries, e => e.EventId.Id == 3012);
        fixture.AssertNoUnexpectedErrors();
    }
}
