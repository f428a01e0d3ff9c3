using System.Globalization;
using System.Net;
using CancelGateway.Emulators.Tests.Support;
using CancelGateway.Emulators.Vertex;
using Xunit;

namespace CancelGateway.Emulators.Tests.Vertex;

public sealed class VertexGetTests : VertexTestBase
{
    [Fact]
    public async Task Get_RunningJob_PipelineJobJson()
    {
        Emulator.AddRun(Job1).WithDisplayName("nightly training").WithLabel("team", "ml");

        var job = await GetJobAsync(Job1);

        Assert.Equal(HttpStatusCode.OK, job.Status);
        var json = job.Json;
        Assert.Equal(Job1, json.GetProperty("name").GetString());
        Assert.Equal("nightly training", json.GetProperty("displayName").GetString());
        Assert.Equal("PIPELINE_STATE_RUNNING", StateOf(job));
        Assert.Equal("ml", json.GetProperty("labels").GetProperty("team").GetString());
        Assert.True(json.GetProperty("labels").TryGetProperty("vertex-ai-pipelines-run-billing-id", out _));
        foreach (var field in new[] { "createTime", "startTime", "updateTime" })
        {
            var text = json.GetProperty(field).GetString()!;
            Assert.EndsWith("Z", text, StringComparison.Ordinal);
            var parsed = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
            Assert.True((parsed - Clock.GetUtcNow()).Duration() < TimeSpan.FromMilliseconds(1));
        }

        Assert.False(json.TryGetProperty("endTime", out _));
        Assert.False(json.TryGetProperty("error", out _));
    }

    [Fact]
    public async Task Get_QueuedJob_NoStartTime()
    {
        Emulator.AddRun(Job1).InState(PipelineState.Queued);

        var job = await GetJobAsync(Job1);

        Assert.Equal("PIPELINE_STATE_QUEUED", StateOf(job));
        Assert.False(job.Json.TryGetProperty("startTime", out _));
    }

    [Fact]
    public async Task Get_FailedJob_ErrorPopulated()
    {
        Emulator.AddRun(Job1).InState(PipelineState.Failed);

        var job = await GetJobAsync(Job1);

        Assert.Equal("PIPELINE_STATE_FAILED", StateOf(job));
        Assert.Equal(9, job.Json.GetProperty("error").GetProperty("code").GetInt32());
        Assert.True(job.Json.TryGetProperty("endTime", out _));
    }

    [Theory]
    [InlineData(PipelineState.Succeeded, "PIPELINE_STATE_SUCCEEDED")]
    [InlineData(PipelineState.Failed, "PIPELINE_STATE_FAILED")]
    public async Task Get_AfterNaturalEnd_EndedByItself(PipelineState outcome, string wireState)
    {
        Emulator.AddRun(Job1).EndsAfter(TimeSpan.FromMinutes(10), outcome);

        Clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromTicks(1));
        Assert.Equal("PIPELINE_STATE_RUNNING", StateOf(await GetJobAsync(Job1)));
        Clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(wireState, StateOf(await GetJobAsync(Job1)));
    }

    [Fact]
    public async Task Get_UnknownJob_404()
    {
        var job = await GetJobAsync(Job1);

        Assert.Equal(HttpStatusCode.NotFound, job.Status);
        Assert.Equal("NOT_FOUND", job.ErrorStatus);
    }

    [Fact]
    public async Task Get_ForbiddenJob_403()
    {
        Emulator.AddRun(Job1).Forbidden();

        var job = await GetJobAsync(Job1);

        Assert.Equal(HttpStatusCode.Forbidden, job.Status);
        Assert.Contains("aiplatform.pipelineJobs.get", job.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PUT", "v1/projects/p1/locations/us-central1/pipelineJobs")]
    [InlineData("DELETE", "v1/" + Job1)]
    [InlineData("POST", "v1/" + Job1 + ":pause")]
    [InlineData("GET", "v2/" + Job1)]
    [InlineData("GET", "token")]
    public async Task Request_UnknownRoute_404(string method, string path)
    {
        Emulator.AddRun(Job1);

        var response = await SendAsync(new HttpMethod(method), path);

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("NOT_FOUND", response.ErrorStatus);
    }

    [Fact]
    public void AddRun_MalformedOrDuplicateName_Throws()
    {
        Emulator.AddRun(Job1);

        Assert.Throws<ArgumentException>(() => Emulator.AddRun(Job1));
        Assert.Throws<ArgumentException>(() => Emulator.AddRun("projects/p1/pipelineJobs/x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Emulator.AddRun(Job2).InState(PipelineState.Cancelling));
    }
}
