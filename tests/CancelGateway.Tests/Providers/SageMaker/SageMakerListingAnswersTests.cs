using System.Net;
using System.Text.Json;
using CancelGateway.Providers;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Xunit;

namespace CancelGateway.Tests.Providers.SageMaker;

/// <summary>ListPipelineExecutions answers the emulator never gives: entries the gateway cannot name, unknown statuses.</summary>
public sealed class SageMakerListingAnswersTests
{
    [Fact]
    public async Task ListRunsAsync_ExecutionsTheGatewayCannotName_SkippedAndLoggedOnce()
    {
        const string Body = """
            {"PipelineExecutionSummaries":[
              {"PipelineExecutionArn":"arn:aws:sagemaker:us-east-1:123456789012:pipeline/train/execution/good1","StartTime":1767323045.5,"PipelineExecutionStatus":"Executing","PipelineExecutionDisplayName":"nightly"},
              {"PipelineExecutionArn":"arn:aws:sagemaker:us-east-1:123:pipeline/train/execution/short-account","PipelineExecutionStatus":"Executing"},
              {"PipelineExecutionArn":"arn:aws:sagemaker:us-east-1:123456789012:pipeline/other/execution/foreign1","PipelineExecutionStatus":"Executing"},
              {"PipelineExecutionStatus":"Failed"},
              {"PipelineExecutionArn":"arn:aws:sagemaker:us-east-1:123456789012:pipeline/train/execution/good2","PipelineExecutionStatus":"Paused"}
            ],"NextToken":""}
            """;
        var stub = new StubHttpMessageHandler(_ => StubHttpMessageHandler.Json(HttpStatusCode.OK, Body));
        var (provider, services, logs) = SageMakerStubbed.Create(stub);
        await using var disposeServices = services;
        Assert.True(RunScopeParser.TryParse("arn:aws:sagemaker:us-east-1:123456789012:pipeline/train", out var scope, out _));

        var page = await provider.ListRunsAsync(scope!, new RunListQuery(null, null, 25), "token-1", CancellationToken.None).Within();

        Assert.Equal(["good1", "good2"], page.Runs.Select(r => r.Name["execution"]));
        Assert.Equal((RunState.Running, "nightly"), (page.Runs[0].State, page.Runs[0].DisplayName));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1767323045500), page.Runs[0].CreateTime);
        Assert.Equal((RunState.Unspecified, "Paused"), (page.Runs[1].State, page.Runs[1].ProviderState));
        Assert.Null(page.NextPageToken);
        var skipped = Assert.Single(logs.Entries, e => e.EventId.Id == 2110);
        Assert.Contains("3 execution(s)", skipped.Message, StringComparison.Ordinal);

        var request = Assert.Single(stub.Requests);
        Assert.Equal("SageMaker.ListPipelineExecutions", request.Headers["X-Amz-Target"]);
        using var body = JsonDocument.Parse(request.Body!);
        Assert.Equal("arn:aws:sagemaker:us-east-1:123456789012:pipeline/train", body.RootElement.GetProperty("PipelineName").GetString());
        Assert.Equal(25, body.RootElement.GetProperty("MaxResults").GetInt32());
        Assert.Equal("token-1", body.RootElement.GetProperty("NextToken").GetString());
        Assert.False(body.RootElement.TryGetProperty("CreatedAfter", out _));
    }
}
