using System.Net;
using CancelGateway.Emulators.Tests.Support;
using CancelGateway.Emulators.Vertex;
using Xunit;

namespace CancelGateway.Emulators.Tests.Vertex;

public sealed class VertexCancelTests : VertexTestBase
{
    [Fact]
    public async Task Cancel_RunningJob_CancellingThenCancelledWithCode1()
    {
        Emulator.AddRun(Job1);

        var cancel = await CancelAsync(Job1);
        Assert.Equal(HttpStatusCode.OK, cancel.Status);
        Assert.Empty(cancel.Json.EnumerateObject());

        Clock.Advance(TimeSpan.FromMilliseconds(299));
        var cancelling = await GetJobAsync(Job1);
        Assert.Equal("PIPELINE_STATE_CANCELLING", StateOf(cancelling));
        Assert.False(cancelling.Json.TryGetProperty("endTime", out _));
        Assert.False(cancelling.Json.TryGetProperty("error", out _));

        Clock.Advance(TimeSpan.FromMilliseconds(1));
        var cancelled = await GetJobAsync(Job1);
        Assert.Equal("PIPELINE_STATE_CANCELLED", StateOf(cancelled));
        Assert.Equal(1, cancelled.Json.GetProperty("error").GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrEmpty(cancelled.Json.GetProperty("error").GetProperty("message").GetString()));
        Assert.EndsWith("Z", cancelled.Json.GetProperty("endTime").GetString(), StringComparison.Ordinal);
        Assert.Equal(cancelled.Json.GetProperty("endTime").GetString(), cancelled.Json.GetProperty("updateTime").GetString());
    }

    [Fact]
    public async Task Cancel_EmptyBody_Accepted()
    {
        Emulator.AddRun(Job1);

        var cancel = await CancelAsync(Job1, body: null);

        Assert.Equal(HttpStatusCode.OK, cancel.Status);
        Assert.Equal(PipelineState.Cancelling, Emulator.GetRun(Job1)!.State);
    }

    [Fact]
    public async Task Cancel_UnknownBodyField_400InvalidArgumentAndNoEffect()
    {
        Emulator.AddRun(Job1);

        var cancel = await CancelAsync(Job1, body: """{"force":true}""");

        Assert.Equal(HttpStatusCode.BadRequest, cancel.Status);
        Assert.Equal("INVALID_ARGUMENT", cancel.ErrorStatus);
        Assert.Contains("Unknown name \"force\"", cancel.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(PipelineState.Running, Emulator.GetRun(Job1)!.State);
    }

    [Theory]
    [InlineData(VertexCancelOutcome.SucceedsAnyway, "PIPELINE_STATE_SUCCEEDED", null)]
    [InlineData(VertexCancelOutcome.FailsAnyway, "PIPELINE_STATE_FAILED", 9)]
    public async Task Cancel_LosesRace_CancellingThenEndsAnyway(VertexCancelOutcome outcome, string finalState, int? errorCode)
    {
        Emulator.AddRun(Job1).WithCancelOutcome(outcome).CancellingFor(TimeSpan.FromSeconds(5));

        Assert.Equal(HttpStatusCode.OK, (await CancelAsync(Job1)).Status);
        Assert.Equal("PIPELINE_STATE_CANCELLING", StateOf(await GetJobAsync(Job1)));

        Clock.Advance(TimeSpan.FromSeconds(5));
        var ended = await GetJobAsync(Job1);
        Assert.Equal(finalState, StateOf(ended));
        Assert.Equal(errorCode, ended.Json.TryGetProperty("error", out var error) ? error.GetProperty("code").GetInt32() : null);
    }

    [Fact]
    public async Task Cancel_WhileCancelling_200AndTimerNotRestarted()
    {
        Emulator.AddRun(Job1);
        await CancelAsync(Job1);
        Clock.Advance(TimeSpan.FromMilliseconds(200));

        var again = await CancelAsync(Job1);
        Assert.Equal(HttpStatusCode.OK, again.Status);

        Clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal("PIPELINE_STATE_CANCELLED", StateOf(await GetJobAsync(Job1)));
        Assert.Equal(2, Emulator.CancelCalls(Job1));
    }

    [Theory]
    [InlineData(PipelineState.Succeeded, "PIPELINE_STATE_SUCCEEDED")]
    [InlineData(PipelineState.Failed, "PIPELINE_STATE_FAILED")]
    [InlineData(PipelineState.Cancelled, "PIPELINE_STATE_CANCELLED")]
    public async Task Cancel_TerminalJob_400FailedPrecondition(PipelineState state, string wireState)
    {
        Emulator.AddRun(Job1).InState(state);

        var cancel = await CancelAsync(Job1);

        Assert.Equal(HttpStatusCode.BadRequest, cancel.Status);
        Assert.Equal("FAILED_PRECONDITION", cancel.ErrorStatus);
        Assert.Equal($"The PipelineJob \"{Job1}\" is in state {wireState} and cannot be cancelled.", cancel.ErrorMessage);
        Assert.Equal(state, Emulator.GetRun(Job1)!.State);
    }

    [Fact]
    public async Task Cancel_AfterCancelled_400FailedPrecondition()
    {
        Emulator.AddRun(Job1);
        await CancelAsync(Job1);
        Clock.Advance(TimeSpan.FromSeconds(1));

        var again = await CancelAsync(Job1);

        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.Contains("PIPELINE_STATE_CANCELLED", again.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_UnknownJob_404NotFoundWithErrorInfo()
    {
        var cancel = await CancelAsync(Job1);

        Assert.Equal(HttpStatusCode.NotFound, cancel.Status);
        Assert.Equal("NOT_FOUND", cancel.ErrorStatus);
        Assert.Equal(404, cancel.Json.GetProperty("error").GetProperty("code").GetInt32());
        var info = cancel.Json.GetProperty("error").GetProperty("details")[0];
        Assert.Equal("type.googleapis.com/google.rpc.ErrorInfo", info.GetProperty("@type").GetString());
        Assert.Equal("aiplatform.googleapis.com", info.GetProperty("domain").GetString());
        Assert.Equal(Job1, info.GetProperty("metadata").GetProperty("resource").GetString());
        Assert.StartsWith("application/json", cancel.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_ForbiddenJob_403PermissionDeniedAndNoEffect()
    {
        Emulator.AddRun(Job1).Forbidden();

        var cancel = await CancelAsync(Job1);

        Assert.Equal(HttpStatusCode.Forbidden, cancel.Status);
        Assert.Equal("PERMISSION_DENIED", cancel.ErrorStatus);
        Assert.Equal("IAM_PERMISSION_DENIED", cancel.ErrorReason);
        Assert.Contains("aiplatform.pipelineJobs.cancel", cancel.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(PipelineState.Running, Emulator.GetRun(Job1)!.State);
    }

    [Fact]
    public async Task Cancel_NaturalEndDuringCancelling_EndsWithNaturalOutcome()
    {
        Emulator.AddRun(Job1).EndsAfter(TimeSpan.FromSeconds(10), PipelineState.Failed).CancellingFor(TimeSpan.FromSeconds(5));
        Clock.Advance(TimeSpan.FromSeconds(8));

        await CancelAsync(Job1);
        Clock.Advance(TimeSpan.FromSeconds(2));

        var run = Emulator.GetRun(Job1)!;
        Assert.Equal(PipelineState.Failed, run.State);
        Assert.Equal(run.CreateTime + TimeSpan.FromSeconds(10), run.EndTime);
    }

    [Fact]
    public async Task Cancel_Counters_CountEveryRequestReceived()
    {
        Emulator.AddRun(Job1);

        await CancelAsync(Job1);
        await CancelAsync(Job1);
        await GetJobAsync(Job1);
        await SendAsync(HttpMethod.Get, $"v1/{Job1}", authenticate: false);

        Assert.Equal(2, Emulator.CancelCalls(Job1));
        Assert.Equal(2, Emulator.GetCalls(Job1));
        Assert.Equal(0, Emulator.CancelCalls(Job2));
        Assert.Equal(1, Emulator.TokenRequests);
        Assert.Equal(5, Emulator.TotalRequests);
        Assert.Equal(0, Emulator.BatchCancelCalls);
    }
}
