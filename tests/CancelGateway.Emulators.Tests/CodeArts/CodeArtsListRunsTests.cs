using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CancelGateway.Emulators.CodeArts;
using CancelGateway.Emulators.Tests.Support;
using Xunit;

namespace CancelGateway.Emulators.Tests.CodeArts;

/// <summary>ListPipelineRuns: offset/limit paging, the status list, the time window, sorting and bad input, over real HTTP.</summary>
public sealed class CodeArtsListRunsTests : CodeArtsTestBase
{
    private static readonly CodeArtsRunStatus[] Mixed =
        [CodeArtsRunStatus.Running, CodeArtsRunStatus.Completed, CodeArtsRunStatus.Failed, CodeArtsRunStatus.Canceled, CodeArtsRunStatus.Suspend];

    [Fact]
    public async Task List_230Runs_OffsetPagesNewestFirstWithTotal()
    {
        var ids = Seed(230);
        Emulator.AddRun(Project); // another pipeline of the project

        var seen = new List<string>();
        for (var offset = 0; ; offset += 100)
        {
            var page = await ListAsync(new { offset, limit = 100 });
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal(230, page.Json.GetProperty("total").GetInt32());
            Assert.Equal(offset, page.Json.GetProperty("offset").GetInt32());
            var runs = page.Json.GetProperty("pipeline_runs").EnumerateArray().ToList();
            if (runs.Count == 0)
            {
                break;
            }

            seen.AddRange(runs.Select(r => r.GetProperty("pipeline_run_id").GetString()!));
        }

        Assert.Equal(ids.Reverse<string>(), seen);
        Assert.Equal(4, Emulator.ListCalls(Pipeline));
    }

    [Fact]
    public async Task List_LimitOver100_LoweredAndEchoed()
    {
        Seed(120);

        var page = await ListAsync(new { limit = 500 });

        Assert.Equal(100, page.Json.GetProperty("limit").GetInt32());
        Assert.Equal(100, page.Json.GetProperty("pipeline_runs").GetArrayLength());
    }

    [Fact]
    public async Task List_StatusAndStartWindow_OnlyMatchingRuns()
    {
        Seed(50);
        var now = Clock.GetUtcNow();
        var from = now.AddMinutes(-30).ToUnixTimeMilliseconds();
        var to = now.AddMinutes(-10).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

        var page = await ListAsync(new { status = new[] { "RUNNING", "SUSPEND" }, start_time = from.ToString(CultureInfo.InvariantCulture), end_time = to, limit = 100, sort_dir = "asc" });

        var runs = page.Json.GetProperty("pipeline_runs").EnumerateArray().ToList();
        Assert.Equal(page.Json.GetProperty("total").GetInt32(), runs.Count);
        Assert.NotEmpty(runs);
        Assert.All(runs, r => Assert.Contains(r.GetProperty("status").GetString(), new[] { "RUNNING", "SUSPEND" }));
        var starts = runs.Select(r => r.GetProperty("start_time").GetInt64()).ToList();
        Assert.All(starts, s => Assert.InRange(s, from, now.AddMinutes(-10).ToUnixTimeMilliseconds()));
        Assert.Equal(starts.Order(), starts);
    }

    [Fact]
    public async Task List_UnknownPipeline_NotFound()
    {
        Seed(1);

        var page = await ListAsync(new { }, pipeline: "0000000000000000000000000000000a");

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal("DEVPIPE.00011105", ErrorCode(page));
    }

    [Theory]
    [InlineData("{\"offset\":-1}")]
    [InlineData("{\"limit\":\"ten\"}")]
    [InlineData("{\"status\":[\"STOPPING\"]}")]
    [InlineData("{\"start_time\":\"yesterday\"}")]
    [InlineData("{\"sort_key\":\"name\"}")]
    [InlineData("{\"sort_dir\":\"down\"}")]
    [InlineData("[1]")]
    public async Task List_BadBody_400(string body)
    {
        Seed(1);

        var page = await ListAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
    }

    [Fact]
    public async Task List_WithoutCredentials_401()
    {
        Seed(1);

        using var content = new StringContent("{}", Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(new Uri(ListPath(), UriKind.Relative), content).WaitAsync(Timeouts.Default);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private List<string> Seed(int count)
    {
        var ids = new List<string>(count);
        var now = Clock.GetUtcNow();
        for (var i = count - 1; i >= 0; i--)
        {
            var run = AddRun().InStatus(Mixed[i % Mixed.Length]).StartedAt(now.AddMinutes(-i));
            ids.Add(run.RunId);
        }

        return ids;
    }

    private static string ListPath(string pipeline = Pipeline) => $"v5/{Project}/api/pipelines/{pipeline}/pipeline-runs/list";

    private Task<ApiResponse> ListAsync(object body, string pipeline = Pipeline) =>
        ListAsync(body as string ?? JsonSerializer.Serialize(body), pipeline);

    private async Task<ApiResponse> ListAsync(string body, string pipeline = Pipeline)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Emulator.BaseAddress, ListPath(pipeline)))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("X-Auth-Token", await GetTokenAsync());
        using var response = await Http.SendAsync(request).WaitAsync(Timeouts.Default);
        return await ApiResponse.ReadAsync(response);
    }
}
