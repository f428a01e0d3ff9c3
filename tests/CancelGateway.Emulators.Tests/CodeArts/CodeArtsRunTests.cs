using System.Net;
using CancelGateway.Emulators.CodeArts;
using Xunit;

namespace CancelGateway.Emulators.Tests.CodeArts;

/// <summary>StopPipelineRun and ShowPipelineRunDetail: runs as state machines on the fake clock.</summary>
public sealed class CodeArtsRunTests : CodeArtsTestBase
{
    [Fact]
    public async Task Stop_RunningRun_SuccessStaysRunningThenCanceled()
    {
        var run = AddRun();

        var stop = await SendWithTokenAsync(HttpMethod.Post, StopPath(run.RunId));
        Assert.Equal(HttpStatusCode.OK, stop.Status);
        Assert.True(stop.Json.GetProperty("success").GetBoolean());

        Clock.Advance(TimeSpan.FromMilliseconds(299));
        var stopping = await SendWithTokenAsync(HttpMethod.Get, DetailPath(run.RunId));
        Assert.Equal("RUNNING", StatusOf(stopping));
        Assert.Equal(0, stopping.Json.GetProperty("end_time").GetInt64());

        Clock.Advance(TimeSpan.FromMilliseconds(1));
        var stopped = await SendWithTokenAsync(HttpMethod.Get, DetailPath(run.RunId));
        Assert.Equal("CANCELED", StatusOf(stopped));
        Assert.Equal(Clock.GetUtcNow().ToUnixTimeMilliseconds(), stopped.Json.GetProperty("end_time").GetInt64());
        Assert.Equal(1, Emulator.AcceptedStops(run.RunId));
    }

    [Fact]
    public async Task Detail_RunningRun_DocumentedFields()
    {
        var run = AddRun().WithName("nightly-build");

        var detail = await SendWithTokenAsync(HttpMethod.Get, DetailPath(run.RunId));

        Assert.Equal(HttpStatusCode.OK, detail.Status);
        Assert.StartsWith("application/json", detail.ContentType, StringComparison.Ordinal);
        var json = detail.Json;
        Assert.Equal(run.RunId, json.GetProperty("id").GetString());
        Assert.Equal(Pipeline, json.GetProperty("pipeline_id").GetString());
        Assert.Equal(Project, json.GetProperty("project_id").GetString());
        Assert.Equal("nightly-build", json.GetProperty("name").GetString());
        Assert.Equal("RUNNING", json.GetProperty("status").GetString());
        Assert.Equal("cn-north-4", json.GetProperty("region").GetString());
        Assert.Equal(1, json.GetProperty("run_number").GetInt32());
        Assert.Equal(Clock.GetUtcNow().ToUnixTimeMilliseconds(), json.GetProperty("start_time").GetInt64());
        Assert.Equal(Clock.GetUtcNow().ToUnixTimeMilliseconds(), json.GetProperty("current_system_time").GetInt64());
        Assert.Equal(System.Text.Json.JsonValueKind.Array, json.GetProperty("stages").ValueKind);
        Assert.Matches("^[0-9a-f]{32}$", RequestIdHeader(detail));
    }

    [Fact]
    public async Task Stop_Twice_BothSucceedAndTheFirstStopCounts()
    {
        var run = AddRun().StopTakes(TimeSpan.FromSeconds(1));

        await SendWithTokenAsync(HttpMethod.Post, StopPath(run.RunId));
        Clock.Advance(TimeSpan.FromMilliseconds(600));
        var second = await SendWithTokenAsync(HttpMethod.Post, StopPath(run.RunId));
        Clock.Advance(TimeSpan.FromMilliseconds(400));

        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(CodeArtsRunStatus.Canceled, Emulator.GetRun(run.RunId)!.Status);
        Assert.Equal(2, Emulator.StopCalls(run.RunId));
    }

    [Theory]
    [InlineData(CodeArtsRunStatus.Completed)]
    [InlineData(CodeArtsRunStatus.Failed)]
    [InlineData(CodeArtsRunStatus.Canceled)]
    [InlineData(CodeArtsRunStatus.Ignored)]
    public async Task Stop_EndedRun_400RunEndedAndNoEffect(CodeArtsRunStatus status)
    {
        var run = AddRun().InStatus(status);

        var stop = await SendWithTokenAsync(HttpMethod.Post, StopPath(run.RunId));

        Assert.Equal(HttpStatusCode.BadRequest, stop.Status);
        Assert.Equal("DEVPIPE.00011104", ErrorCode(stop));
        Assert.Contains(status.ToWireName(), stop.Json.GetProperty("error_msg").GetString(), StringComparison.Ordinal);
        Assert.Equal(status, Emulator.GetRun(run.RunId)!.Status);
        Assert.Equal(0, Emulator.AcceptedStops(run.RunId));
    }

    [Theory]
    [InlineData(false, CodeArtsRunStatus.Completed)]
    [InlineData(true, CodeArtsRunStatus.Failed)]
    public async Task Stop_LosesTheRace_RunningThenEndsAnyway(bool fails, CodeArtsRunStatus expected)
    {
        var run = AddRun().LosesRace(fails);

        await SendWithTokenAsync(HttpMethod.Post, StopPath(run.RunId));
        Clock.Advance(TimeSpan.FromMilliseconds(300));

        Assert.Equal(expected, Emulator.GetRun(run.RunId)!.Status);
    }

    [Fact]
    public async Task Stop_RunEndsByItselfFirst_NaturalOutcomeWins()
    {
        var run = AddRun().EndsAfter(TimeSpan.FromMilliseconds(100), CodeArtsRunStatus.Failed).StopTakes(TimeSpan.FromSeconds(1));

        await SendWithTokenAsync(HttpMethod.Post, StopPath(run.RunId));
        Clock.Advance(TimeSpan.FromSeconds(2));

        var snapshot = Emulator.GetRun(run.RunId)!;
        Assert.Equal(CodeArtsRunStatus.Failed, snapshot.Status);
        Assert.Equal(snapshot.StartTime + TimeSpan.FromMilliseconds(100), snapshot.EndTime);
    }

    [Theory]
    [InlineData(CodeArtsRunStatus.Paused)]
    [InlineData(CodeArtsRunStatus.Suspend)]
    public async Task Stop_PausedOrSuspendedRun_Canceled(CodeArtsRunStatus status)
    {
        var run = AddRun().InStatus(status);

        var stop = await SendWithTokenAsync(HttpMethod.Post, StopPath(run.RunId));
        var during = await SendWithTokenAsync(HttpMethod.Get, DetailPath(run.RunId));
        Clock.Advance(TimeSpan.FromMilliseconds(300));

        Assert.Equal(HttpStatusCode.OK, stop.Status);
        Assert.Equal(status.ToWireName(), StatusOf(during));
        Assert.Equal(CodeArtsRunStatus.Canceled, Emulator.GetRun(run.RunId)!.Status);
    }

    [Fact]
    public async Task StopAndDetail_UnknownRun_404()
    {
        var stop = await SendWithTokenAsync(HttpMethod.Post, StopPath("0000000000000000000000000000dead"));
        var detail = await SendWithTokenAsync(HttpMethod.Get, DetailPath("0000000000000000000000000000dead"));

        Assert.Equal((HttpStatusCode.NotFound, "DEVPIPE.00011105"), (stop.Status, ErrorCode(stop)));
        Assert.Equal((HttpStatusCode.NotFound, "DEVPIPE.00011105"), (detail.Status, ErrorCode(detail)));
        Assert.False(stop.Json.TryGetProperty("request_id", out _));
        Assert.Matches("^[0-9a-f]{32}$", RequestIdHeader(stop));
    }

    [Fact]
    public async Task Stop_RunOfAnotherPipeline_404AndNoEffect()
    {
        var run = AddRun();

        var stop = await SendWithTokenAsync(HttpMethod.Post, StopPath(run.RunId, pipeline: "11111111111111111111111111111111"));

        Assert.Equal(HttpStatusCode.NotFound, stop.Status);
        Assert.Equal(CodeArtsRunStatus.Running, Emulator.GetRun(run.RunId)!.Status);
        Assert.Null(Emulator.GetRun(run.RunId)!.StopRequestedAt);
    }

    [Fact]
    public async Task StopAndDetail_ForbiddenRun_403()
    {
        var run = AddRun().Forbidden();

        var stop = await SendWithTokenAsync(HttpMethod.Post, StopPath(run.RunId));
        var detail = await SendWithTokenAsync(HttpMethod.Get, DetailPath(run.RunId));

        Assert.Equal((HttpStatusCode.Forbidden, "DEVPIPE.00011106"), (stop.Status, ErrorCode(stop)));
        Assert.Equal(HttpStatusCode.Forbidden, detail.Status);
        Assert.Equal(CodeArtsRunStatus.Running, Emulator.GetRun(run.RunId)!.Status);
    }

    [Fact]
    public async Task Detail_NoRunId_400()
    {
        var detail = await SendWithTokenAsync(HttpMethod.Get, $"v5/{Project}/api/pipelines/{Pipeline}/pipeline-runs/detail");

        Assert.Equal((HttpStatusCode.BadRequest, "DEVPIPE.00011001"), (detail.Status, ErrorCode(detail)));
    }

    [Fact]
    public async Task UnknownApi_404Apig0101WithRequestId()
    {
        var response = await SendWithTokenAsync(HttpMethod.Get, $"v5/{Project}/api/pipelines/{Pipeline}/pipeline-runs/list");

        Assert.Equal((HttpStatusCode.NotFound, "APIG.0101"), (response.Status, ErrorCode(response)));
        Assert.Equal(RequestIdHeader(response), response.Json.GetProperty("request_id").GetString());
    }

    [Fact]
    public void AddRun_Defaults_RandomThirtyTwoCharacterIdsAndGatewayName()
    {
        var run = Emulator.AddRun();

        Assert.Matches("^[0-9a-f]{32}$", run.ProjectId);
        Assert.Matches("^[0-9a-f]{32}$", run.PipelineId);
        Assert.Matches("^[0-9a-f]{32}$", run.RunId);
        Assert.Equal($"codearts/regions/cn-north-4/projects/{run.ProjectId}/pipelines/{run.PipelineId}/runs/{run.RunId}", run.RunName);
        Assert.Throws<ArgumentException>(() => Emulator.AddRun(runId: run.RunId));
        Assert.Throws<ArgumentException>(() => Emulator.AddRun(runId: "not/an-id"));
    }
}
