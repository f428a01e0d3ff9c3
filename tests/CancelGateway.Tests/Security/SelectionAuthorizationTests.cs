using CancelGateway.Tests.Functional;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Google.Rpc;
using Grpc.Core;
using Xunit;

namespace CancelGateway.Tests.Security;

/// <summary>
/// CancelMatching under the fixture's policy, against the Vertex AI emulator's listing: runs
/// outside the caller's patterns are never shown nor cancelled (only counted), a token is its
/// caller's only, and maxBatch caps what a selector cancels.
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed class SelectionAuthorizationTests(SecureGatewayFixture fixture) : IClassFixture<SecureGatewayFixture>
{
    [Fact]
    public async Task CancelMatching_ScopesPartlyOutsideThePolicy_ShowsAndCancelsOnlyTheCallersRuns()
    {
        var location = NewLocation();
        var own = AddRuns("ml-dev", location, 3);
        var foreign = AddRuns("ml-prod", location, 4);
        using var alice = fixture.ClientWith(certificate: "cn");
        var request = Request([$"projects/ml-dev/locations/{location}", $"projects/ml-prod/locations/{location}"], dryRun: true);

        var dryRun = await alice.CancelMatchingAsync(request).Within();

        var listed = dryRun.Response.Unpack<BatchCancelResponse>();
        Assert.Equal(own, listed.Matches.Select(m => m.Name));
        var selection = dryRun.Metadata.Unpack<BatchCancelOperationMetadata>().Selection;
        Assert.Equal(4, selection.NotPermitted);
        Assert.All(foreign, run => Assert.DoesNotContain(run, dryRun.ToString(), StringComparison.Ordinal));

        request.DryRun = false;
        request.SelectionToken = listed.SelectionToken;
        var done = await alice.WaitDoneAsync((await alice.CancelMatchingAsync(request).Within()).Name, TimeSpan.FromSeconds(60)).Within();

        Assert.Equal(own, done.Response.Unpack<BatchCancelResponse>().Results.Select(r => r.Run).Order(StringComparer.Ordinal));
        Assert.All(foreign, run => Assert.Equal(0, fixture.Emulator.CancelCalls(run)));
        Assert.All(foreign, run => Assert.Equal(CancelGateway.Emulators.Vertex.PipelineState.Running, fixture.Emulator.GetRun(run)!.State));
    }

    [Fact]
    public async Task CancelMatching_AnotherCallersToken_IsInvalidSelectionToken()
    {
        var location = NewLocation();
        AddRuns("ml-prod", location, 2);
        using var bob = fixture.ClientWith(token: fixture.Tokens.For("bob"));
        using var ciBot = fixture.ClientWith(token: fixture.Tokens.For("ci-bot"));
        var request = Request([$"projects/ml-prod/locations/{location}"], dryRun: true);
        var token = (await bob.CancelMatchingAsync(request).Within()).Response.Unpack<BatchCancelResponse>().SelectionToken;

        request.DryRun = false;
        request.SelectionToken = token;
        var failure = await GatewayClient.FailureOf(() => ciBot.CancelMatchingAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        Assert.Equal("INVALID_SELECTION_TOKEN", failure.GetDetail<ErrorInfo>()!.Reason);
    }

    [Fact]
    public async Task CancelMatching_MoreMatchesThanMaxBatch_IsTooManyMatchesForARealRequestOnly()
    {
        var location = NewLocation();
        var runs = AddRuns("ml-prod", location, 6);
        using var ciBot = fixture.ClientWith(token: fixture.Tokens.For("ci-bot"));
        var request = Request([$"projects/ml-prod/locations/{location}"], dryRun: true);

        var dryRun = await ciBot.CancelMatchingAsync(request).Within();
        request.DryRun = false;
        var failure = await GatewayClient.FailureOf(() => ciBot.CancelMatchingAsync(request));

        Assert.Equal(6, dryRun.Response.Unpack<BatchCancelResponse>().Matches.Count);
        Assert.Equal(StatusCode.FailedPrecondition, failure.StatusCode);
        Assert.Equal("TOO_MANY_MATCHES", failure.GetDetail<ErrorInfo>()!.Reason);
        Assert.Contains("maxBatch", failure.Status.Detail, StringComparison.Ordinal);
        Assert.All(runs, run => Assert.Equal(0, fixture.Emulator.CancelCalls(run)));
        Assert.Equal(0, fixture.Emulator.BatchCancelCalls);
    }

    private static string NewLocation() => "sel-" + Guid.NewGuid().ToString("N")[..12];

    private List<string> AddRuns(string project, string location, int count) =>
        [.. Enumerable.Range(0, count)
            .Select(i => fixture.Emulator.AddRun($"projects/{project}/locations/{location}/pipelineJobs/run-{i}").CancellingFor(TimeSpan.FromMilliseconds(100)).Name)
            .Order(StringComparer.Ordinal)];

    private static CancelMatchingRequest Request(string[] scopes, bool dryRun) => new()
    {
        Scopes = { scopes },
        Filter = "state = RUNNING",
        DryRun = dryRun,
        Reason = "selector under policy",
    };
}
