using System.Text.Json;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Google.Rpc;
using Grpc.Core;
using Xunit;

namespace CancelGateway.Tests.Functional.Selection;

/// <content>Selection tokens misused, request ids replayed, and the REST binding.</content>
public sealed partial class CancelMatchingTests
{
    [Fact]
    public async Task CancelMatching_TamperedOrUnknownToken_IsInvalidSelectionTokenAndStopsNothing()
    {
        await using var gateway = await ListingGateway.StartAsync();
        Seed(gateway);
        var token = (await gateway.Client.CancelMatchingAsync(Request(dryRun: true, maxRuns: 500)).Within()).Response.Unpack<BatchCancelResponse>().SelectionToken;
        var edited = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');
        var unknown = $"v1.{Guid.NewGuid():N}.{token[^43..]}";

        foreach (var bad in new[] { edited, unknown, "not-a-token" })
        {
            var failure = await GatewayClient.FailureOf(() => gateway.Client.CancelMatchingAsync(Request(maxRuns: 500, token: bad)));
            Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
            Assert.Equal("INVALID_SELECTION_TOKEN", failure.GetDetail<ErrorInfo>()!.Reason);
        }

        Assert.Equal(0, gateway.Stops);
    }

    [Fact]
    public async Task CancelMatching_TokenOfAnotherSelection_IsSelectionTokenMismatch()
    {
        await using var gateway = await ListingGateway.StartAsync();
        Seed(gateway);
        var token = (await gateway.Client.CancelMatchingAsync(Request(dryRun: true, maxRuns: 500)).Within()).Response.Unpack<BatchCancelResponse>().SelectionToken;

        var otherFilter = await GatewayClient.FailureOf(() => gateway.Client.CancelMatchingAsync(Request(maxRuns: 500, token: token, filter: "state = RUNNING")));
        var withDryRun = await GatewayClient.FailureOf(() => gateway.Client.CancelMatchingAsync(Request(dryRun: true, maxRuns: 500, token: token)));

        Assert.Equal(StatusCode.InvalidArgument, otherFilter.StatusCode);
        Assert.Equal("SELECTION_TOKEN_MISMATCH", otherFilter.GetDetail<ErrorInfo>()!.Reason);
        Assert.Equal(StatusCode.InvalidArgument, withDryRun.StatusCode);
        Assert.Equal("selection_token", Assert.Single(withDryRun.GetDetail<BadRequest>()!.FieldViolations).Field);
        Assert.Equal(0, gateway.Stops);
    }

    [Fact]
    public async Task CancelMatching_ExpiredToken_IsFailedPrecondition()
    {
        var clock = new FakeTimeProvider(Start);
        await using var gateway = await ListingGateway.StartAsync(new Dictionary<string, string> { ["Engine:SelectionTokenLifetime"] = "00:10:00" }, clock);
        Seed(gateway);
        var token = (await gateway.Client.CancelMatchingAsync(Request(dryRun: true, maxRuns: 500)).Within()).Response.Unpack<BatchCancelResponse>().SelectionToken;

        clock.Advance(TimeSpan.FromMinutes(11));
        var failure = await GatewayClient.FailureOf(() => gateway.Client.CancelMatchingAsync(Request(maxRuns: 500, token: token)));

        Assert.Equal(StatusCode.FailedPrecondition, failure.StatusCode);
        Assert.Equal("SELECTION_TOKEN_EXPIRED", failure.GetDetail<ErrorInfo>()!.Reason);
        Assert.Equal(0, gateway.Stops);
    }

    [Fact]
    public async Task CancelMatching_SameRequestIdAgain_ReturnsTheSameOperationWithoutListingAgain()
    {
        await using var gateway = await ListingGateway.StartAsync();
        var expected = Seed(gateway);
        var requestId = Guid.NewGuid().ToString();

        var first = await gateway.Client.CancelMatchingAsync(Request(maxRuns: 500, requestId: requestId)).Within();
        await gateway.Client.WaitDoneAsync(first.Name, TimeSpan.FromSeconds(60)).Within();
        var listCalls = gateway.Providers.Values.Sum(p => p.ListCalls);
        var again = await gateway.Client.CancelMatchingAsync(Request(maxRuns: 500, requestId: requestId)).Within();
        var reused = await GatewayClient.FailureOf(() => gateway.Client.CancelMatchingAsync(Request(maxRuns: 400, requestId: requestId)));

        Assert.Equal(first.Name, again.Name);
        Assert.True(again.Done);
        Assert.Equal(listCalls, gateway.Providers.Values.Sum(p => p.ListCalls));
        Assert.Equal(expected.Count, gateway.Stops);
        Assert.Equal("REQUEST_ID_REUSED", reused.GetDetail<ErrorInfo>()!.Reason);
    }

    [Fact]
    public async Task CancelMatching_OverRest_DryRunListsTheMatches()
    {
        await using var gateway = await ListingGateway.StartAsync();
        var expected = Seed(gateway);

        var reply = await Curl.PostAsync(gateway.HttpAddress, "/v1/runs:cancelMatching", new
        {
            scopes = new[] { ListingGateway.VertexScope, ListingGateway.SageMakerScope, ListingGateway.CodeArtsScope },
            filter = RunningInWindow,
            dryRun = true,
            maxRuns = 500,
        }).Within();

        Assert.True(reply.Status == 200, reply.Describe());
        var operation = reply.Json;
        Assert.True(operation.GetProperty("done").GetBoolean());
        var response = operation.GetProperty("response");
        Assert.Equal(expected, response.GetProperty("matches").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        Assert.Equal(JsonValueKind.String, response.GetProperty("selectionToken").ValueKind);
        Assert.Equal(0, gateway.Stops);
    }
}
