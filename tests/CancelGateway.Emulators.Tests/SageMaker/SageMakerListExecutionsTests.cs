using System.Net;
using CancelGateway.Emulators.SageMaker;
using Xunit;

namespace CancelGateway.Emulators.Tests.SageMaker;

/// <summary>ListPipelineExecutions: paging, the creation window, sorting and bad input, signed over real HTTP.</summary>
public sealed class SageMakerListExecutionsTests : SageMakerTestBase
{
    private static readonly SageMakerExecutionStatus[] Mixed =
        [SageMakerExecutionStatus.Executing, SageMakerExecutionStatus.Succeeded, SageMakerExecutionStatus.Failed, SageMakerExecutionStatus.Stopped];

    [Fact]
    public async Task List_230Executions_PagesOf100NewestFirst()
    {
        var arns = Seed(230);
        Emulator.AddExecution("arn:aws:sagemaker:us-east-1:123456789012:pipeline/other-pipeline/execution/other1");

        var seen = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await ListAsync(new() { ["PipelineName"] = Pipeline, ["MaxResults"] = 100, ["NextToken"] = token });
            Assert.Equal(HttpStatusCode.OK, page.Status);
            pages++;
            seen.AddRange(page.Json.GetProperty("PipelineExecutionSummaries").EnumerateArray().Select(s => s.GetProperty("PipelineExecutionArn").GetString()!));
            token = page.Json.TryGetProperty("NextToken", out var next) ? next.GetString() : null;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(arns.Reverse<string>(), seen);
        Assert.Equal(3, Emulator.ListCalls(Pipeline));
    }

    [Fact]
    public async Task List_ByName_SameAsByArn()
    {
        Seed(5);

        var byName = await ListAsync(new() { ["PipelineName"] = "train-pipeline" });
        var byArn = await ListAsync(new() { ["PipelineName"] = Pipeline });

        Assert.Equal(HttpStatusCode.OK, byName.Status);
        Assert.Equal(byArn.Json.ToString(), byName.Json.ToString());
    }

    [Fact]
    public async Task List_CreatedAfterAndBefore_ExclusiveWindow()
    {
        Seed(60);
        var now = Now();
        var after = now.AddMinutes(-40);
        var before = now.AddMinutes(-10);

        var page = await ListAsync(new()
        {
            ["PipelineName"] = Pipeline,
            ["CreatedAfter"] = after.ToUnixTimeMilliseconds() / 1000m,
            ["CreatedBefore"] = before.ToUnixTimeMilliseconds() / 1000m,
            ["MaxResults"] = 100,
            ["SortOrder"] = "Ascending",
        });

        var starts = page.Json.GetProperty("PipelineExecutionSummaries").EnumerateArray()
            .Select(s => DateTimeOffset.FromUnixTimeMilliseconds((long)(s.GetProperty("StartTime").GetDecimal() * 1000))).ToList();

        // Minutes 11..39 ago: exactly on a bound is outside ("created after", "created before").
        Assert.Equal(29, starts.Count);
        Assert.All(starts, start => Assert.InRange(start, after.AddMilliseconds(1), before.AddMilliseconds(-1)));
        Assert.Equal(starts.Order(), starts);
    }

    [Fact]
    public async Task List_Summary_HasStatusDisplayNameAndFailureReason()
    {
        Emulator.AddExecution(Execution1).InStatus(SageMakerExecutionStatus.Failed).WithDisplayName("nightly").WithFailureReason("step train failed");

        var page = await ListAsync(new() { ["PipelineName"] = Pipeline });

        var summary = page.Json.GetProperty("PipelineExecutionSummaries")[0];
        Assert.Equal(Execution1, summary.GetProperty("PipelineExecutionArn").GetString());
        Assert.Equal("Failed", summary.GetProperty("PipelineExecutionStatus").GetString());
        Assert.Equal("nightly", summary.GetProperty("PipelineExecutionDisplayName").GetString());
        Assert.Equal("step train failed", summary.GetProperty("PipelineExecutionFailureReason").GetString());
    }

    [Fact]
    public async Task List_UnknownPipeline_ResourceNotFound()
    {
        Seed(1);

        var page = await ListAsync(new() { ["PipelineName"] = "arn:aws:sagemaker:us-east-1:123456789012:pipeline/missing" });

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal("ResourceNotFound", page.ErrorType);
    }

    [Theory]
    [InlineData("MaxResults", 101)]
    [InlineData("MaxResults", 0)]
    [InlineData("SortBy", "CreatedTime")]
    [InlineData("SortOrder", "Newest")]
    [InlineData("NextToken", "bm90LWEtdG9rZW4=")]
    [InlineData("PipelineName", "bad_name!")]
    public async Task List_BadInput_ValidationException(string member, object value)
    {
        Seed(1);

        var page = await ListAsync(new() { ["PipelineName"] = Pipeline, [member] = value });

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal("ValidationException", page.ErrorType);
    }

    [Fact]
    public async Task List_TimestampAsText_SerializationException()
    {
        Seed(1);

        var page = await ListAsync(new() { ["PipelineName"] = Pipeline, ["CreatedAfter"] = "yesterday" });

        Assert.Equal("SerializationException", page.ErrorType);
    }

    [Fact]
    public async Task List_ArnOfAnotherRegion_ValidationException()
    {
        Seed(1);

        var page = await ListAsync(new() { ["PipelineName"] = "arn:aws:sagemaker:eu-west-1:123456789012:pipeline/train-pipeline" });

        Assert.Equal("ValidationException", page.ErrorType);
    }

    private List<string> Seed(int count)
    {
        var arns = new List<string>(count);
        var now = Now();
        for (var i = count - 1; i >= 0; i--)
        {
            var arn = $"{Pipeline}/execution/seeded{i:D4}";
            Emulator.AddExecution(arn).InStatus(Mixed[i % Mixed.Length]).CreatedAt(now.AddMinutes(-i));
            arns.Add(arn);
        }

        return arns;
    }

    private Task<AwsResponse> ListAsync(Dictionary<string, object?> body) =>
        CallAsync("ListPipelineExecutions", body.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value));

    // Whole seconds, so times survive the wire's precision (microseconds, milliseconds) unchanged.
    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeSeconds(Clock.GetUtcNow().ToUnixTimeSeconds());
}
