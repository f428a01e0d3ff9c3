using System.Net;
using CancelGateway.Emulators.Vertex;
using CancelGateway.Providers;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Grpc.Core;
using Xunit;

namespace CancelGateway.Tests.Providers.VertexAi;

/// <summary>The adapter's pipelineJobs.list against the Vertex AI emulator, through the real HTTP stack.</summary>
public sealed class VertexAiListingTests
{
    private static readonly (PipelineState Seeded, RunState Listed)[] Mixed =
    [
        (PipelineState.Running, RunState.Running),
        (PipelineState.Queued, RunState.Queued),
        (PipelineState.Succeeded, RunState.Succeeded),
        (PipelineState.Failed, RunState.Failed),
        (PipelineState.Cancelled, RunState.Cancelled),
        (PipelineState.Pending, RunState.Pending),
        (PipelineState.Paused, RunState.Paused),
    ];

    [Fact]
    public async Task ListRunsAsync_300RunsInMixedStates_PagedThroughNewestFirst()
    {
        await using var h = await VertexAiHarness.StartAsync();
        var seeded = Seed(h, 300);
        h.Emulator.AddRun("projects/demo-project/locations/europe-west4/pipelineJobs/elsewhere");

        var (runs, pages) = await ListAllAsync(h, new RunListQuery(null, null, 100));

        Assert.Equal(3, pages);
        Assert.Equal(3, h.Emulator.ListCalls(VertexAiHarness.Parent));
        Assert.Equal(seeded.Keys.OrderByDescending(n => seeded[n].Created), runs.Select(r => r.Name.Text));
        foreach (var run in runs)
        {
            var (state, created) = seeded[run.Name.Text];
            Assert.Equal(state, run.State);
            Assert.Equal(created, run.CreateTime);
            Assert.StartsWith("PIPELINE_STATE_", run.ProviderState, StringComparison.Ordinal);
            Assert.Equal("training-pipeline", run.PipelineName);
            Assert.Equal(run.Name["job"], run.DisplayName);
            Assert.True(run.Labels.ContainsKey("vertex-ai-pipelines-run-billing-id"));
        }

        Assert.Empty(h.UnexpectedErrors());
    }

    [Fact]
    public async Task ListRunsAsync_CreationWindow_NarrowedByTheServer()
    {
        await using var h = await VertexAiHarness.StartAsync();
        var seeded = Seed(h, 300);
        var now = h.Clock.GetUtcNow();
        var query = new RunListQuery(now.AddMinutes(-120), now.AddMinutes(-60), 100);

        var (runs, pages) = await ListAllAsync(h, query);

        // Minutes 61..120 ago: the window includes its start and excludes its end; one page, as the server filtered.
        Assert.Equal(1, pages);
        Assert.Equal(60, runs.Count);
        Assert.All(runs, run => Assert.InRange(run.CreateTime!.Value, query.CreatedAfter!.Value, query.CreatedBefore!.Value.AddTicks(-1)));
        Assert.Equal(seeded.Count(s => s.Value.Created >= query.CreatedAfter && s.Value.Created < query.CreatedBefore), runs.Count);
    }

    [Fact]
    public async Task ListRunsAsync_PageSizeOverTheMaximum_AsksForTheMaximum()
    {
        await using var h = await VertexAiHarness.StartAsync();
        Seed(h, 150);

        var page = await h.Provider.ListRunsAsync(Scope(VertexAiHarness.Parent), new RunListQuery(null, null, 5000), null, CancellationToken.None).Within();

        Assert.Equal(100, h.Provider.MaxPageSize);
        Assert.Equal(100, page.Runs.Count);
        Assert.NotNull(page.NextPageToken);
    }

    [Fact]
    public async Task ListRunsAsync_ProjectTheGatewayCannotSee_PermissionDenied()
    {
        await using var h = await VertexAiHarness.StartAsync();
        Seed(h, 1);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.ListRunsAsync(Scope("projects/nobody/locations/us-central1"), new RunListQuery(null, null, 10), null, CancellationToken.None)).Within();

        Assert.Equal(ProviderFailureKind.PermissionDenied, ex.Kind);
        Assert.Equal(StatusCode.PermissionDenied, ex.Code);
        Assert.Contains("projects/nobody/locations/us-central1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListRunsAsync_ServiceUnavailable_TransientFailure()
    {
        await using var h = await VertexAiHarness.StartAsync();
        Seed(h, 5);
        h.Emulator.Faults.FailureRate = 1;
        h.Emulator.Faults.ThrottleShare = 0;

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.ListRunsAsync(Scope(VertexAiHarness.Parent), new RunListQuery(null, null, 10), null, CancellationToken.None)).Within();

        Assert.Equal(ProviderFailureKind.Unavailable, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Equal(503, ex.HttpStatus);
    }

    [Fact]
    public async Task ListRunsAsync_ScopeOfAnotherProvider_ArgumentException()
    {
        await using var h = await VertexAiHarness.StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => h.Provider.ListRunsAsync(Scope("arn:aws:sagemaker:us-east-1:123456789012:pipeline/p"), new RunListQuery(null, null, 10), null, CancellationToken.None)).Within();
    }

    [Fact]
    public async Task ListRunsAsync_JobsTheGatewayCannotName_SkippedAndLoggedOnce()
    {
        const string Body = """
            {"pipelineJobs":[
              {"name":"projects/p/locations/us-central1/pipelineJobs/good-1","state":"PIPELINE_STATE_RUNNING","createTime":"2026-01-02T03:04:05.123456789Z"},
              {"name":"projects/p/locations/us-central1/pipelineJobs/bad name!","state":"PIPELINE_STATE_RUNNING"},
              {"name":"projects/other/locations/us-central1/pipelineJobs/foreign","state":"PIPELINE_STATE_RUNNING"},
              {"state":"PIPELINE_STATE_FAILED"},
              {"name":"projects/p/locations/us-central1/pipelineJobs/good-2","state":"PIPELINE_STATE_SOMETHING_NEW"}
            ],"nextPageToken":"t2"}
            """;
        await using var stub = new StubbedVertexAi(_ => StubHttpMessageHandler.Json(HttpStatusCode.OK, Body));

        var page = await stub.Provider.ListRunsAsync(Scope("projects/p/locations/us-central1"), new RunListQuery(null, null, 50), "t1", CancellationToken.None).Within();

        Assert.Equal(["good-1", "good-2"], page.Runs.Select(r => r.Name["job"]));
        Assert.Equal(RunState.Unspecified, page.Runs[1].State);
        Assert.Equal("PIPELINE_STATE_SOMETHING_NEW", page.Runs[1].ProviderState);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234567), page.Runs[0].CreateTime);
        Assert.Equal("t2", page.NextPageToken);
        var skipped = Assert.Single(stub.Logs.Entries, e => e.EventId.Id == 2010);
        Assert.Contains("3 job(s)", skipped.Message, StringComparison.Ordinal);
        var request = Assert.Single(stub.Handler.Requests);
        Assert.Contains("pageToken=t1", request.Uri.Query, StringComparison.Ordinal);
        Assert.Contains("pageSize=50", request.Uri.Query, StringComparison.Ordinal);
    }

    [Fact]
    public void ListParameters_Window_CreateTimeFilterOrderAndReadMask()
    {
        var query = new RunListQuery(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 2, 12, 30, 0, TimeSpan.Zero), 100);

        var parameters = Uri.UnescapeDataString(CancelGateway.Providers.VertexAi.VertexAiProvider.ListParameters(query, "tok"));

        Assert.Equal(
            "pageSize=100&orderBy=create_time desc&readMask=name,displayName,state,createTime,labels,pipelineSpec.pipelineInfo"
            + "&filter=create_time>=\"2026-03-01T00:00:00.0000000Z\" AND create_time<\"2026-03-02T12:30:00.0000000Z\"&pageToken=tok",
            parameters);
    }

    private static Dictionary<string, (RunState State, DateTimeOffset Created)> Seed(VertexAiHarness h, int count)
    {
        var seeded = new Dictionary<string, (RunState, DateTimeOffset)>(StringComparer.Ordinal);
        var now = h.Clock.GetUtcNow();
        for (var i = 0; i < count; i++)
        {
            var (state, listed) = Mixed[i % Mixed.Length];
            var created = now.AddMinutes(-i);
            var run = h.AddRun($"listed-{i:D4}", b => b.InState(state).CreatedAt(created));
            seeded[run.Text] = (listed, created);
        }

        return seeded;
    }

    private static async Task<(List<RunSummary> Runs, int Pages)> ListAllAsync(VertexAiHarness h, RunListQuery query)
    {
        var runs = new List<RunSummary>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await h.Provider.ListRunsAsync(Scope(VertexAiHarness.Parent), query, token, CancellationToken.None).Within();
            runs.AddRange(page.Runs);
            token = page.NextPageToken;
            pages++;
        }
        while (token is not null && pages < 10);

        return (runs, pages);
    }

    private static RunScope Scope(string text) =>
        RunScopeParser.TryParse(text, out var scope, out var error) ? scope! : throw new ArgumentException(error, nameof(text));
}
