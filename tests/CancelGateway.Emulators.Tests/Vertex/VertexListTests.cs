using System.Globalization;
using System.Net;
using System.Text.Json;
using CancelGateway.Emulators.Tests.Support;
using CancelGateway.Emulators.Vertex;
using Xunit;

namespace CancelGateway.Emulators.Tests.Vertex;

/// <summary>pipelineJobs.list: paging, order, filters, read mask and bad input, over real HTTP.</summary>
public sealed class VertexListTests : VertexTestBase
{
    private static readonly PipelineState[] Mixed =
        [PipelineState.Running, PipelineState.Queued, PipelineState.Succeeded, PipelineState.Failed, PipelineState.Cancelled, PipelineState.Pending, PipelineState.Paused];

    [Fact]
    public async Task List_250Jobs_PagesOf100NewestFirstWithoutOverlap()
    {
        var names = Seed(250);
        Emulator.AddRun("projects/p1/locations/europe-west4/pipelineJobs/elsewhere");

        var seen = new List<string>();
        var tokens = new List<string>();
        string? token = null;
        do
        {
            var page = await ListAsync(Parent, $"pageSize=1000{(token is null ? string.Empty : "&pageToken=" + Uri.EscapeDataString(token))}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            var jobs = page.Json.GetProperty("pipelineJobs").EnumerateArray().ToList();
            Assert.True(jobs.Count <= 100, $"a page held {jobs.Count} jobs; pageSize is lowered to 100");
            seen.AddRange(jobs.Select(j => j.GetProperty("name").GetString()!));
            token = page.Json.TryGetProperty("nextPageToken", out var next) ? next.GetString() : null;
            if (token is not null)
            {
                tokens.Add(token);
            }
        }
        while (token is not null);

        Assert.Equal(2, tokens.Count);
        Assert.Equal(names.Count, seen.Count);
        Assert.Equal(names.Reverse<string>(), seen); // seeded oldest first, listed newest first
        Assert.Equal(3, Emulator.ListCalls(Parent));
    }

    [Fact]
    public async Task List_JobsStopMatchingBetweenPages_NextPageResumesAfterTheLastJobListed()
    {
        var names = Enumerable.Range(0, 6).Select(i => $"{Parent}/pipelineJobs/running-{i}").ToList();
        foreach (var (name, i) in names.Select((name, i) => (name, i)))
        {
            Emulator.AddRun(name).CreatedAt(Now().AddMinutes(i)); // running-5 is the newest
        }

        var filter = "filter=" + Uri.EscapeDataString("state=\"PIPELINE_STATE_RUNNING\"");
        var first = await ListAsync(Parent, $"pageSize=2&{filter}");
        foreach (var listed in Names(first))
        {
            Assert.Equal(HttpStatusCode.OK, (await CancelAsync(listed)).Status); // CANCELLING now: no longer RUNNING
        }

        var seen = new List<string>(Names(first));
        var token = first.Json.GetProperty("nextPageToken").GetString();
        while (token is not null)
        {
            var page = await ListAsync(Parent, $"pageSize=2&{filter}&pageToken={Uri.EscapeDataString(token)}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            seen.AddRange(Names(page));
            token = page.Json.TryGetProperty("nextPageToken", out var next) ? next.GetString() : null;
        }

        // The first page's jobs left the filter; the token still resumes after them, so no job is skipped.
        Assert.Equal(names.Reverse<string>(), seen);
    }

    [Theory]
    [InlineData("create_time desc")]
    [InlineData("create_time")]
    [InlineData("end_time desc")]
    [InlineData("update_time,create_time desc")]
    public async Task List_PagesOfTwo_SameJobsInTheSameOrderAsOnePage(string orderBy)
    {
        var created = Now().AddHours(-1);
        for (var i = 0; i < 9; i++)
        {
            // Three jobs per creation time (ties broken by name) and a mix of ended and running jobs (end_time null).
            Emulator.AddRun($"{Parent}/pipelineJobs/tied-{(i * 7) % 9}").InState(Mixed[i % Mixed.Length]).CreatedAt(created.AddMinutes(i / 3));
        }

        var order = "orderBy=" + Uri.EscapeDataString(orderBy);
        var whole = Names(await ListAsync(Parent, $"pageSize=100&{order}"));
        var paged = new List<string>();
        string? token = null;
        do
        {
            var page = await ListAsync(Parent, $"pageSize=2&{order}{(token is null ? string.Empty : "&pageToken=" + Uri.EscapeDataString(token))}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            paged.AddRange(Names(page));
            token = page.Json.TryGetProperty("nextPageToken", out var next) ? next.GetString() : null;
        }
        while (token is not null);

        Assert.Equal(9, whole.Length);
        Assert.Equal(whole, paged);
    }

    [Fact]
    public async Task List_CreationOrderTies_BrokenByNameAscendingBothWays()
    {
        var created = Now().AddHours(-1);
        Emulator.AddRun(Job2).CreatedAt(created);
        Emulator.AddRun(Job3).CreatedAt(created.AddMinutes(1));
        Emulator.AddRun(Job1).CreatedAt(created);

        var newestFirst = await ListAsync(Parent, string.Empty);
        var oldestFirst = await ListAsync(Parent, "orderBy=create_time");

        Assert.Equal([Job3, Job1, Job2], Names(newestFirst));
        Assert.Equal([Job1, Job2, Job3], Names(oldestFirst));
    }

    [Fact]
    public async Task List_CreateTimeWindowAndStateFilter_OnlyMatchingJobs()
    {
        Seed(70);
        var from = Now().AddMinutes(-50);
        var to = Now().AddMinutes(-20);
        var filter = $"create_time>=\"{Rfc3339(from)}\" AND create_time<\"{Rfc3339(to)}\" AND state=\"PIPELINE_STATE_RUNNING\" OR state=PIPELINE_STATE_QUEUED";

        var page = await ListAsync(Parent, "filter=" + Uri.EscapeDataString(filter));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var jobs = page.Json.GetProperty("pipelineJobs").EnumerateArray().ToList();
        Assert.NotEmpty(jobs);
        foreach (var job in jobs)
        {
            var created = DateTimeOffset.Parse(job.GetProperty("createTime").GetString()!, CultureInfo.InvariantCulture);
            Assert.InRange(created, from, to.AddTicks(-1));
            Assert.Contains(job.GetProperty("state").GetString(), new[] { "PIPELINE_STATE_RUNNING", "PIPELINE_STATE_QUEUED" });
        }

        // Minutes 20..49 ago hold 30 jobs; 2 of every 7 states are RUNNING or QUEUED.
        Assert.InRange(jobs.Count, 8, 10);
    }

    [Fact]
    public async Task List_LabelPipelineNameAndDisplayNameWildcard_Filtered()
    {
        Emulator.AddRun(Job1).WithLabel("team", "ml").WithPipelineName("train").WithDisplayName("nightly step one");
        Emulator.AddRun(Job2).WithLabel("team", "web").WithPipelineName("train");
        Emulator.AddRun(Job3).WithLabel("team", "ml").WithPipelineName("serve");

        var labelled = await ListAsync(Parent, "filter=" + Uri.EscapeDataString("labels.team=\"ml\" AND pipeline_name=\"train\""));
        var wildcard = await ListAsync(Parent, "filter=" + Uri.EscapeDataString("display_name:\"*step*\""));

        Assert.Equal([Job1], Names(labelled));
        Assert.Equal([Job1], Names(wildcard));
    }

    [Fact]
    public async Task List_ReadMask_OnlyTheAskedFields()
    {
        Emulator.AddRun(Job1).WithPipelineName("train").WithLabel("team", "ml");

        var page = await ListAsync(Parent, "readMask=" + Uri.EscapeDataString("name,state,createTime,labels,pipelineSpec.pipelineInfo"));

        var job = page.Json.GetProperty("pipelineJobs")[0];
        Assert.Equal(["name", "createTime", "pipelineSpec", "state", "labels"], job.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("train", job.GetProperty("pipelineSpec").GetProperty("pipelineInfo").GetProperty("name").GetString());
    }

    [Fact]
    public async Task List_NoJobsMatch_EmptyObject()
    {
        Seed(3);

        var page = await ListAsync(Parent, "filter=" + Uri.EscapeDataString("state=\"PIPELINE_STATE_CANCELLING\""));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(JsonValueKind.Object, page.Json.ValueKind);
        Assert.False(page.Json.TryGetProperty("pipelineJobs", out _));
        Assert.False(page.Json.TryGetProperty("nextPageToken", out _));
    }

    [Theory]
    [InlineData("filter=" + "model_name%3D%22x%22", "filter")]
    [InlineData("filter=" + "state%3C%22PIPELINE_STATE_RUNNING%22", "filter")]
    [InlineData("filter=" + "create_time%3E%22yesterday%22", "filter")]
    [InlineData("filter=" + "state%3D%22RUNNING%22", "filter")]
    [InlineData("filter=" + "(state%3D%22PIPELINE_STATE_RUNNING%22)", "filter")]
    [InlineData("pageSize=-1", "page_size")]
    [InlineData("orderBy=name", "order_by")]
    [InlineData("readMask=pipelineSpec.root", "read_mask")]
    [InlineData("pageToken=bm90LWEtdG9rZW4%3D", "page_token")]
    public async Task List_BadInput_InvalidArgumentNamingTheField(string query, string field)
    {
        Seed(2);

        var page = await ListAsync(Parent, query);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal("INVALID_ARGUMENT", page.ErrorStatus);
        var violation = page.Json.GetProperty("error").GetProperty("details").EnumerateArray()
            .Single(d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.BadRequest")
            .GetProperty("fieldViolations")[0];
        Assert.Equal(field, violation.GetProperty("field").GetString());
    }

    [Fact]
    public async Task List_PageTokenOfAnotherFilter_InvalidArgument()
    {
        Seed(150);
        var first = await ListAsync(Parent, "pageSize=100");
        var token = first.Json.GetProperty("nextPageToken").GetString()!;

        var other = await ListAsync(Parent, "pageSize=100&filter=" + Uri.EscapeDataString("state=\"PIPELINE_STATE_RUNNING\"") + "&pageToken=" + Uri.EscapeDataString(token));

        Assert.Equal(HttpStatusCode.BadRequest, other.Status);
        Assert.Equal("INVALID_ARGUMENT", other.ErrorStatus);
    }

    [Fact]
    public async Task List_UnknownProject_PermissionDenied()
    {
        Seed(1);

        var page = await ListAsync("projects/nobody/locations/us-central1", string.Empty);

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal("PERMISSION_DENIED", page.ErrorStatus);
        Assert.Contains("aiplatform.pipelineJobs.list", page.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_WithoutToken_Unauthenticated()
    {
        Seed(1);

        var page = await SendAsync(HttpMethod.Get, $"v1/{Parent}/pipelineJobs", authenticate: false);

        Assert.Equal(HttpStatusCode.Unauthorized, page.Status);
    }

    private List<string> Seed(int count)
    {
        var names = new List<string>(count);
        var now = Now();
        for (var i = count - 1; i >= 0; i--)
        {
            var name = $"{Parent}/pipelineJobs/seeded-{i:D4}";
            Emulator.AddRun(name).InState(Mixed[i % Mixed.Length]).CreatedAt(now.AddMinutes(-i));
            names.Add(name);
        }

        return names;
    }

    private Task<ApiResponse> ListAsync(string parent, string query) =>
        SendAsync(HttpMethod.Get, $"v1/{parent}/pipelineJobs{(query.Length > 0 ? "?" + query : string.Empty)}");

    private static string[] Names(ApiResponse page) =>
        [.. page.Json.GetProperty("pipelineJobs").EnumerateArray().Select(j => j.GetProperty("name").GetString()!)];

    private static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    // Whole seconds, so times survive the wire's precision (microseconds, milliseconds) unchanged.
    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeSeconds(Clock.GetUtcNow().ToUnixTimeSeconds());
}
