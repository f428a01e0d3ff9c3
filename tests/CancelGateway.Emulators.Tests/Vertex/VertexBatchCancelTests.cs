using System.Net;
using System.Text.RegularExpressions;
using CancelGateway.Emulators.Tests.Support;
using CancelGateway.Emulators.Vertex;
using Xunit;

namespace CancelGateway.Emulators.Tests.Vertex;

public sealed partial class VertexBatchCancelTests : VertexTestBase
{
    [Fact]
    public async Task BatchCancel_RunningJobs_OperationDoneOnceAllLeftCancelling()
    {
        Emulator.AddRun(Job1);
        Emulator.AddRun(Job2).CancellingFor(TimeSpan.FromSeconds(2)).LosesRace();

        var started = await BatchCancelAsync(Parent, Job1, Job2);

        Assert.Equal(HttpStatusCode.OK, started.Status);
        var name = started.Json.GetProperty("name").GetString()!;
        Assert.Matches(OperationName(), name);
        var metadata = started.Json.GetProperty("metadata");
        Assert.Equal("type.googleapis.com/google.cloud.aiplatform.v1.BatchCancelPipelineJobsOperationMetadata", metadata.GetProperty("@type").GetString());
        Assert.EndsWith("Z", metadata.GetProperty("genericMetadata").GetProperty("createTime").GetString(), StringComparison.Ordinal);
        Assert.False(started.Json.TryGetProperty("done", out _));
        Assert.Equal(PipelineState.Cancelling, Emulator.GetRun(Job1)!.State);
        Assert.Equal(PipelineState.Cancelling, Emulator.GetRun(Job2)!.State);

        Clock.Advance(TimeSpan.FromSeconds(1));
        var running = await GetOperationAsync(name);
        Assert.False(running.Json.TryGetProperty("done", out _));

        Clock.Advance(TimeSpan.FromSeconds(1));
        var done = await GetOperationAsync(name);
        Assert.True(done.Json.GetProperty("done").GetBoolean());
        var response = done.Json.GetProperty("response");
        Assert.Equal("type.googleapis.com/google.cloud.aiplatform.v1.BatchCancelPipelineJobsResponse", response.GetProperty("@type").GetString());
        var jobs = response.GetProperty("pipelineJobs").EnumerateArray().ToDictionary(j => j.GetProperty("name").GetString()!, j => j.GetProperty("state").GetString());
        Assert.Equal("PIPELINE_STATE_CANCELLED", jobs[Job1]);
        Assert.Equal("PIPELINE_STATE_SUCCEEDED", jobs[Job2]);
        var generic = done.Json.GetProperty("metadata").GetProperty("genericMetadata");
        Assert.NotEqual(generic.GetProperty("createTime").GetString(), generic.GetProperty("updateTime").GetString());
        Assert.Equal(1, Emulator.BatchCancelCalls);
    }

    [Fact]
    public async Task BatchCancel_OneUnknownName_404AndNothingCancelled()
    {
        Emulator.AddRun(Job1);
        Emulator.AddRun(Job2);

        var response = await BatchCancelAsync(Parent, Job1, Job3, Job2);

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("NOT_FOUND", response.ErrorStatus);
        Assert.Contains(Job3, response.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(PipelineState.Running, Emulator.GetRun(Job1)!.State);
        Assert.Equal(PipelineState.Running, Emulator.GetRun(Job2)!.State);
    }

    [Fact]
    public async Task BatchCancel_OneForbidden_403AndNothingCancelled()
    {
        Emulator.AddRun(Job1);
        Emulator.AddRun(Job2).Forbidden();

        var response = await BatchCancelAsync(Parent, Job1, Job2);

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("PERMISSION_DENIED", response.ErrorStatus);
        Assert.Equal(PipelineState.Running, Emulator.GetRun(Job1)!.State);
    }

    [Fact]
    public async Task BatchCancel_MoreThan32Names_400InvalidArgument()
    {
        var names = Enumerable.Range(0, 33).Select(i => $"{Parent}/pipelineJobs/job-{i}").ToArray();
        foreach (var name in names)
        {
            Emulator.AddRun(name);
        }

        var response = await BatchCancelAsync(Parent, names);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("INVALID_ARGUMENT", response.ErrorStatus);
        Assert.All(names, name => Assert.Equal(PipelineState.Running, Emulator.GetRun(name)!.State));
    }

    [Fact]
    public async Task BatchCancel_Exactly32Names_Accepted()
    {
        var names = Enumerable.Range(0, 32).Select(i => $"{Parent}/pipelineJobs/job-{i}").ToArray();
        foreach (var name in names)
        {
            Emulator.AddRun(name);
        }

        var response = await BatchCancelAsync(Parent, names);

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Theory]
    [InlineData("""{"names":[]}""")]
    [InlineData("{}")]
    [InlineData("")]
    [InlineData("""{"names":"not-a-list"}""")]
    [InlineData("""{"names":["projects/p1/locations/us-central1/jobs/x"]}""")]
    [InlineData("""{"names":["projects/p1/locations/us-central1/pipelineJobs/job-1"],"filter":"state=RUNNING"}""")]
    [InlineData("[1,2]")]
    [InlineData("{not json")]
    public async Task BatchCancel_MalformedRequest_400InvalidArgument(string body)
    {
        Emulator.AddRun(Job1);

        var response = await SendAsync(HttpMethod.Post, $"v1/{Parent}/pipelineJobs:batchCancel", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("INVALID_ARGUMENT", response.ErrorStatus);
        Assert.Equal(PipelineState.Running, Emulator.GetRun(Job1)!.State);
    }

    [Fact]
    public async Task BatchCancel_NameOutsideParent_400AndNothingCancelled()
    {
        const string OtherLocation = "projects/p1/locations/europe-west4/pipelineJobs/job-9";
        Emulator.AddRun(Job1);
        Emulator.AddRun(OtherLocation);

        var response = await BatchCancelAsync(Parent, Job1, OtherLocation);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("INVALID_ARGUMENT", response.ErrorStatus);
        var violation = response.Json.GetProperty("error").GetProperty("details").EnumerateArray()
            .Single(d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.BadRequest")
            .GetProperty("fieldViolations")[0];
        Assert.Equal("names[1]", violation.GetProperty("field").GetString());
        Assert.Equal(PipelineState.Running, Emulator.GetRun(Job1)!.State);
        Assert.Equal(PipelineState.Running, Emulator.GetRun(OtherLocation)!.State);
    }

    [Fact]
    public async Task BatchCancel_TerminalJobsAmongRunning_SkippedNotFailed()
    {
        Emulator.AddRun(Job1);
        Emulator.AddRun(Job2).InState(PipelineState.Succeeded);

        var response = await BatchCancelAsync(Parent, Job1, Job2);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var done = await GetOperationAsync(response.Json.GetProperty("name").GetString()!);

        var jobs = done.Json.GetProperty("response").GetProperty("pipelineJobs");
        Assert.Equal(Job1, Assert.Single(jobs.EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(PipelineState.Succeeded, Emulator.GetRun(Job2)!.State);
    }

    [Fact]
    public async Task BatchCancel_AllTerminal_OperationDoneAtOnceWithNoJobs()
    {
        Emulator.AddRun(Job1).InState(PipelineState.Failed);

        var response = await BatchCancelAsync(Parent, Job1);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.True(response.Json.GetProperty("done").GetBoolean());
        Assert.False(response.Json.GetProperty("response").TryGetProperty("pipelineJobs", out _));
    }

    [Fact]
    public async Task GetOperation_Unknown_404()
    {
        var response = await GetOperationAsync($"{Parent}/operations/1234567890");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("NOT_FOUND", response.ErrorStatus);
    }

    [GeneratedRegex(@"^projects/p1/locations/us-central1/operations/[0-9]{19}$")]
    private static partial Regex OperationName();
}
