using CancelGateway.Emulators.CodeArts;
using CancelGateway.Providers;
using CancelGateway.Providers.CodeArts;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Grpc.Core;
using Xunit;

namespace CancelGateway.Tests.Providers.CodeArts;

/// <summary>The adapter's ListPipelineRuns against the CodeArts emulator, through the real HTTP stack.</summary>
public sealed class CodeArtsListingTests
{
    private const string Project = "listproject000000000000000000000";
    private const string Pipeline = "listpipeline00000000000000000000";

    private static readonly (CodeArtsRunStatus Seeded, RunState Listed)[] Mixed =
    [
        (CodeArtsRunStatus.Running, RunState.Running),
        (CodeArtsRunStatus.Completed, RunState.Succeeded),
        (CodeArtsRunStatus.Failed, RunState.Failed),
        (CodeArtsRunStatus.Canceled, RunState.Cancelled),
        (CodeArtsRunStatus.Suspend, RunState.Paused),
        (CodeArtsRunStatus.Ignored, RunState.OtherTerminal),
    ];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ListRunsAsync_300RunsInMixedStates_PagedThroughNewestFirst(bool akSk)
    {
        await using var h = await CodeArtsHarness.StartAsync(akSk ? CodeArtsAuthMode.AkSk : CodeArtsAuthMode.Token);
        var seeded = Seed(h, 300);
        h.Emulator.AddRun(Project); // a run of another pipeline

        var (runs, pages) = await ListAllAsync(h, new RunListQuery(null, null, 100));

        Assert.Equal(3, pages);
        Assert.Equal(3, h.Emulator.ListCalls(Pipeline));
        Assert.Equal(seeded.Keys.OrderByDescending(n => seeded[n].Started), runs.Select(r => r.Name.Text));
        foreach (var run in runs)
        {
            var (state, started) = seeded[run.Name.Text];
            Assert.Equal(state, run.State);
            Assert.Equal(started, run.CreateTime);
            Assert.Null(run.DisplayName);
        }

        Assert.Empty(h.UnexpectedErrors());
    }

    [Fact]
    public async Task ListRunsAsync_CreatedAfter_NarrowedByTheServer()
    {
        await using var h = await CodeArtsHarness.StartAsync();
        Seed(h, 300);
        var now = h.Clock.GetUtcNow();
        var query = new RunListQuery(now.AddMinutes(-60), now.AddMinutes(-30), 100);

        var (runs, pages) = await ListAllAsync(h, query);

        // start_time narrows to the last hour (61 runs, one page); the window's end is left to the gateway's own filter.
        Assert.Equal(1, pages);
        Assert.Equal(61, runs.Count);
        Assert.All(runs, run => Assert.True(run.CreateTime >= query.CreatedAfter));
    }

    [Fact]
    public async Task ListRunsAsync_PipelineThatDoesNotExist_NotFound()
    {
        await using var h = await CodeArtsHarness.StartAsync();
        Seed(h, 1);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.ListRunsAsync(Scope(h, Pipeline.Replace("list", "gone", StringComparison.Ordinal)), new RunListQuery(null, null, 10), null, CancellationToken.None)).Within();

        Assert.Equal(ProviderFailureKind.NotFound, ex.Kind);
        Assert.Equal(StatusCode.NotFound, ex.Code);
        Assert.Equal(404, ex.HttpStatus);
    }

    [Fact]
    public async Task ListRunsAsync_ServiceUnavailable_TransientFailure()
    {
        await using var h = await CodeArtsHarness.StartAsync();
        Seed(h, 5);
        h.Emulator.Faults.FailureRate = 1;
        h.Emulator.Faults.ThrottleShare = 0;

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.ListRunsAsync(Scope(h, Pipeline), new RunListQuery(null, null, 10), null, CancellationToken.None)).Within();

        Assert.Equal(ProviderFailureKind.Unavailable, ex.Kind);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task ListRunsAsync_BadPageToken_ArgumentException()
    {
        await using var h = await CodeArtsHarness.StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => h.Provider.ListRunsAsync(Scope(h, Pipeline), new RunListQuery(null, null, 10), "page-2", CancellationToken.None)).Within();
    }

    [Fact]
    public void ListRequest_Window_OnlyTheStartIsSent()
    {
        var after = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

        var request = CodeArtsProvider.ListRequest(new RunListQuery(after, after.AddHours(1), 1000), 200);

        Assert.Equal(after.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), request.StartTime);
        Assert.Equal((200L, 100L, "start_time", "desc"), (request.Offset, request.Limit, request.SortKey, request.SortDir));
    }

    private static Dictionary<string, (RunState State, DateTimeOffset Started)> Seed(CodeArtsHarness h, int count)
    {
        var seeded = new Dictionary<string, (RunState, DateTimeOffset)>(StringComparer.Ordinal);
        var now = h.Clock.GetUtcNow();
        for (var i = 0; i < count; i++)
        {
            var (status, listed) = Mixed[i % Mixed.Length];
            var started = now.AddMinutes(-i);
            var builder = h.Emulator.AddRun(Project, Pipeline).InStatus(status).StartedAt(started);
            seeded[builder.RunName] = (listed, started);
        }

        return seeded;
    }

    private static async Task<(List<RunSummary> Runs, int Pages)> ListAllAsync(CodeArtsHarness h, RunListQuery query)
    {
        var runs = new List<RunSummary>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await h.Provider.ListRunsAsync(Scope(h, Pipeline), query, token, CancellationToken.None).Within();
            runs.AddRange(page.Runs);
            token = page.NextPageToken;
            pages++;
        }
        while (token is not null && pages < 10);

        return (runs, pages);
    }

    private static RunScope Scope(CodeArtsHarness h, string pipeline) =>
        RunScopeParser.TryParse($"codearts/regions/{h.Emulator.Region}/projects/{Project}/pipelines/{pipeline}", out var scope, out var error) ? scope! : throw new ArgumentException(error, nameof(pipeline));
}
