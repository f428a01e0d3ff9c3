using CancelGateway.Emulators.Vertex;
using Grpc.Core;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Google.Rpc;
using Xunit;

namespace CancelGateway.Tests.Functional;

/// <summary>
/// BatchCancel through the real host: runs grouped by parent and chunked into Vertex AI's
/// all-or-nothing batchCancel (at most 32 names), failed chunks cancelled one by one, and
/// AIP-233 partial success in the response.
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed class BatchCancelTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string ParentOne = "projects/p1/locations/us-central1";
    private const string ParentTwo = "projects/p2/locations/europe-west4";

    // Request indexes; 0-49 are under ParentOne, 50-99 under ParentTwo, so each parent makes
    // two chunks: 32 runs (indexes 0-31 / 50-81) and 18 (32-49 / 82-99).
    private static readonly int[] Unknown = [3, 10];
    private static readonly int[] Forbidden = [55, 70];
    private static readonly int[] AlreadySucceeded = [7, 40, 62, 95];

    private GatewayClient Client => fixture.Client;

    [Fact]
    public async Task BatchCancel_HundredRunsOverTwoParents_EndsWithPartialSuccess()
    {
        var names = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            var parent = i < 50 ? ParentOne : ParentTwo;
            names.Add(Unknown.Contains(i)
                ? GatewayFixture.NewRunName("missing", parent)
                : fixture.AddRun(
                    b =>
                    {
                        if (Forbidden.Contains(i))
                        {
                            b.Forbidden();
                        }

                        if (AlreadySucceeded.Contains(i))
                        {
                            b.InState(PipelineState.Succeeded);
                        }
                    },
                    "batch",
                    parent));
        }

        var batchCallsBefore = fixture.Emulator.BatchCancelCalls;

        var pending = await Client.BatchCancelAsync(names, Guid.NewGuid().ToString(), "batch test").Within();
        var done = await Client.WaitDoneAsync(pending.Name, TimeSpan.FromSeconds(60)).Within();

        Assert.False(pending.Done);
        Assert.True(done.Done);
        Assert.Null(done.Error);
        var response = done.Response.Unpack<BatchCancelResponse>();
        Assert.Equal(Unknown.Concat(Forbidden).Order(), response.FailedRequests.Keys.Order());
        Assert.All(Unknown, i => AssertFailure(response.FailedRequests[i], StatusCode.NotFound, "RUN_NOT_FOUND", names[i]));
        Assert.All(Forbidden, i => AssertFailure(response.FailedRequests[i], StatusCode.PermissionDenied, "PROVIDER_PERMISSION_DENIED", names[i]));

        var expectedRuns = Enumerable.Range(0, 100).Where(i => !Unknown.Contains(i) && !Forbidden.Contains(i)).Select(i => names[i]).ToList();
        Assert.Equal(expectedRuns, response.Results.Select(r => r.Run));
        var wrong = new List<string>();
        foreach (var result in response.Results)
        {
            var index = names.IndexOf(result.Run);
            var expected = AlreadySucceeded.Contains(index) ? (RunState.Succeeded, true) : (RunState.Cancelled, false);
            if ((result.FinalState, result.AlreadyEnded) != expected)
            {
                wrong.Add($"names[{index}]: final_state {result.FinalState}, already_ended {result.AlreadyEnded} (expected {expected.Item1}, {expected.Item2})");
            }
        }

        var metadata = done.Metadata.Unpack<BatchCancelOperationMetadata>();
        Assert.Equal(100, metadata.Total);
        Assert.Equal(100, metadata.DoneCount);
        Assert.All(metadata.Items, item => Assert.True(item.Done));
        Assert.Equal(names, metadata.Items.Select(item => item.Run));
        Assert.Equal("batch test", metadata.Reason);

        // Two parents, two chunks each; the chunks holding an unknown or forbidden run fail as a
        // whole and their runs are cancelled one by one; the others are never sent :cancel.
        Assert.Equal(4, fixture.Emulator.BatchCancelCalls - batchCallsBefore);
        for (var i = 0; i < 100; i++)
        {
            var inFailedChunk = i is < 32 or (>= 50 and < 82);
            if (inFailedChunk)
            {
                Assert.True(fixture.Emulator.CancelCalls(names[i]) >= 1, $"names[{i}] of a failed chunk was not cancelled on its own.");
            }
            else
            {
                Assert.Equal(0, fixture.Emulator.CancelCalls(names[i]));
            }

            if (!Unknown.Contains(i) && !Forbidden.Contains(i))
            {
                Assert.Equal(AlreadySucceeded.Contains(i) ? PipelineState.Succeeded : PipelineState.Cancelled, fixture.Emulator.GetRun(names[i])!.State);
            }
        }

        fixture.AssertNoUnexpectedErrors();
        Assert.True(wrong.Count == 0, "Results that do not say how the run ended:\n" + string.Join('\n', wrong));
    }

    [Fact]
    public async Task BatchCancel_EveryRunFails_EndsWithAbortedError()
    {
        var names = new[]
        {
            GatewayFixture.NewRunName("missing", ParentOne),
            GatewayFixture.NewRunName("missing", ParentTwo),
            fixture.AddRun(b => b.Forbidden(), "batch", ParentOne),
        };

        var pending = await Client.BatchCancelAsync(names).Within();
        var done = await Client.WaitDoneAsync(pending.Name).Within();

        Assert.True(done.Done);
        Assert.NotNull(done.Error);
        Assert.Equal((int)StatusCode.Aborted, done.Error.Code);
        var info = done.Error.Details.Single(d => d.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>();
        Assert.Equal("BATCH_ALL_FAILED", info.Reason);
        Assert.Equal("cancelgateway.v1.PipelineControl", info.Domain);
        var metadata = done.Metadata.Unpack<BatchCancelOperationMetadata>();
        Assert.Equal([0, 1, 2], metadata.FailedRequests.Keys.Order());
        Assert.Equal((int)StatusCode.NotFound, metadata.FailedRequests[0].Code);
        Assert.Equal((int)StatusCode.PermissionDenied, metadata.FailedRequests[2].Code);
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task BatchCancel_DuplicateNames_FailsInvalidArgumentNamingTheDuplicate()
    {
        var run = fixture.AddRun(prefix: "batch");
        var other = fixture.AddRun(prefix: "batch");
        var before = fixture.Emulator.TotalRequests;

        var failure = await GatewayClient.FailureOf(() => Client.BatchCancelAsync([run, other, run])).Within();

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        var badRequest = failure.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        var violation = Assert.Single(badRequest.FieldViolations);
        Assert.Equal("names[2]", violation.Field);
        Assert.Contains("names[0]", violation.Description, StringComparison.Ordinal);
        Assert.Equal(before, fixture.Emulator.TotalRequests);
        Assert.Equal(PipelineState.Running, fixture.Emulator.GetRun(run)!.State);
        fixture.AssertNoUnexpectedErrors();
    }

    private static void AssertFailure(Google.Rpc.Status status, StatusCode code, string reason, string run)
    {
        Assert.Equal((int)code, status.Code);
        var info = status.Details.Single(d => d.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>();
        Assert.Equal(reason, info.Reason);
        Assert.Equal("cancelgateway.v1.PipelineControl", info.Domain);
        Assert.Equal(run, info.Metadata["run"]);
        Assert.Equal("vertex-ai", info.Metadata["provider"]);
    }
}
