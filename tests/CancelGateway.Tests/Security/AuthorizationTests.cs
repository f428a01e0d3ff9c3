using CancelGateway.Tests.Functional;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Google.Rpc;
using Grpc.Core;
using Xunit;

namespace CancelGateway.Tests.Security;

/// <summary>
/// What each caller may touch, under the fixture's policy, through the real host: refusals come
/// before any provider call or store write and say the same whether or not the run exists;
/// other callers' operations stay out of sight.
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed class AuthorizationTests(SecureGatewayFixture fixture) : IClassFixture<SecureGatewayFixture>
{
    [Fact]
    public async Task Cancel_OutOfScope_IsTheSamePermissionDeniedWhetherOrNotTheRunExists()
    {
        var existing = fixture.AddRun("ml-prod");
        var missing = GatewayFixture.NewRunName("missing", "projects/ml-prod/locations/us-central1");
        using var alice = fixture.ClientWith(certificate: "cn");
        var operations = fixture.StoreRows().Operations;

        var onExisting = await GatewayClient.FailureOf(() => alice.CancelAsync(existing));
        var onMissing = await GatewayClient.FailureOf(() => alice.CancelAsync(missing));

        foreach (var (failure, run) in new[] { (onExisting, existing), (onMissing, missing) })
        {
            Assert.Equal(StatusCode.PermissionDenied, failure.StatusCode);
            Assert.Equal("RUN_NOT_PERMITTED", failure.GetDetail<ErrorInfo>()!.Reason);
            Assert.Equal($"The caller may not cancel {run}.", failure.Status.Detail);
        }

        Assert.Equal(0, fixture.Emulator.CancelCalls(existing) + fixture.Emulator.GetCalls(existing));
        Assert.Equal(operations, fixture.StoreRows().Operations);
    }

    [Fact]
    public async Task Cancel_ForceWithoutForcePermission_IsPermissionDenied()
    {
        var run = fixture.AddRun("ml-prod");
        using var ciBot = fixture.ClientWith(token: fixture.Tokens.For("ci-bot"));
        using var canceller = fixture.ClientWith(certificate: "spiffe");

        var refused = await GatewayClient.FailureOf(() => ciBot.CancelAsync(run, mode: CancelMode.Force));
        var permitted = await GatewayClient.FailureOf(() => canceller.CancelAsync(run, mode: CancelMode.Force));

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Equal("FORCE_NOT_PERMITTED", refused.GetDetail<ErrorInfo>()!.Reason);

        // Past authorization, Vertex AI itself has no FORCE: the provider's answer, not the policy's.
        Assert.Equal(StatusCode.FailedPrecondition, permitted.StatusCode);
    }

    [Fact]
    public async Task BatchCancel_MixingInAndOutOfScopeRuns_ReportsRefusedOnesPerIndex()
    {
        var inScope1 = fixture.AddRun("ml-prod");
        var outOfScope = fixture.AddRun("ml-dev");
        var inScope2 = fixture.AddRun("ml-prod");
        var shared = fixture.AddRun("shared");
        using var ciBot = fixture.ClientWith(token: fixture.Tokens.For("ci-bot"));

        var batch = await ciBot.BatchCancelAsync([inScope1, outOfScope, inScope2, shared]);
        var done = await ciBot.WaitDoneAsync(batch.Name);

        var response = done.Response.Unpack<BatchCancelResponse>();
        Assert.Equal([1], response.FailedRequests.Keys);
        Assert.Equal("RUN_NOT_PERMITTED", response.FailedRequests[1].Details.Single().Unpack<ErrorInfo>().Reason);
        Assert.Equal(3, response.Results.Count);
        var metadata = done.Metadata.Unpack<BatchCancelOperationMetadata>();
        Assert.Equal(4, metadata.Total);
        Assert.Equal(4, metadata.DoneCount);
        Assert.Equal([0, 2, 3], metadata.Items.Select(i => i.Index));
        Assert.Equal(0, fixture.Emulator.CancelCalls(outOfScope));
        Assert.Equal(CancelGateway.Emulators.Vertex.PipelineState.Running, fixture.Emulator.GetRun(outOfScope)!.State);
        Assert.Contains(response.Results, r => r.Run == shared && r.FinalState == RunState.Cancelled);
    }

    [Fact]
    public async Task BatchCancel_AboveThePrincipalsMaxBatch_IsInvalidArgument()
    {
        using var ciBot = fixture.ClientWith(token: fixture.Tokens.For("ci-bot"));

        var failure = await GatewayClient.FailureOf(() => ciBot.BatchCancelAsync(Enumerable.Range(0, 6).Select(_ => fixture.AddRun("ml-prod"))));

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        Assert.Equal("INVALID_BATCH_SIZE", failure.GetDetail<ErrorInfo>()!.Reason);
    }

    [Fact]
    public async Task AnotherPrincipal_CannotGetWatchWaitListOrDeleteAnOperation()
    {
        var run = fixture.AddRun("ml-prod");
        using var ciBot = fixture.ClientWith(token: fixture.Tokens.For("ci-bot"));
        using var alice = fixture.ClientWith(certificate: "cn");
        using var bob = fixture.ClientWith(token: fixture.Tokens.For("bob"));
        var operation = await ciBot.CancelAsync(run);
        await ciBot.WaitDoneAsync(operation.Name);

        foreach (var call in new Func<Task>[]
        {
            () => alice.GetOperationAsync(operation.Name),
            () => alice.LroGetOperationAsync(operation.Name),
            () => alice.WatchAsync(operation.Name),
            () => alice.WatchAsync(run),
            () => alice.WaitOperationAsync(operation.Name, TimeSpan.FromSeconds(1)),
            () => alice.DeleteOperationAsync(operation.Name),
        })
        {
            Assert.Equal(StatusCode.NotFound, (await GatewayClient.FailureOf(call)).StatusCode);
        }

        Assert.DoesNotContain(await ListAllAsync(alice, $"run = \"{run}\""), o => o == operation.Name);
        Assert.Contains(await ListAllAsync(bob, $"run = \"{run}\""), o => o == operation.Name);
        Assert.Equal(operation.Name, (await bob.GetOperationAsync(operation.Name)).Name);
    }

    [Fact]
    public async Task ListOperations_PagesOnlyTheCallersOperations_WithoutLosingAny()
    {
        using var ciBot = fixture.ClientWith(token: fixture.Tokens.For("ci-bot"));
        using var alice = fixture.ClientWith(certificate: "cn");
        var mine = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            mine.Add((await alice.CancelAsync(fixture.AddRun("ml-dev"))).Name);
            await ciBot.CancelAsync(fixture.AddRun("ml-prod"));
        }

        var listed = await ListAllAsync(alice, string.Empty, pageSize: 2);

        Assert.All(mine, name => Assert.Contains(name, listed));
        Assert.Equal(listed.Count, listed.Distinct().Count());
        foreach (var name in listed)
        {
            Assert.Contains("ml-dev", (await alice.GetOperationAsync(name)).Metadata.Unpack<CancelOperationMetadata>().Run, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RequestId_ReplayedByAnotherPrincipal_DoesNotRevealTheFirstCallersOperation()
    {
        var requestId = Guid.NewGuid().ToString();
        var prodRun = fixture.AddRun("ml-prod");
        var devRun = fixture.AddRun("ml-dev");
        using var ciBot = fixture.ClientWith(token: fixture.Tokens.For("ci-bot"));
        using var alice = fixture.ClientWith(certificate: "cn");
        var first = await ciBot.CancelAsync(prodRun, requestId);

        var sameRun = await GatewayClient.FailureOf(() => alice.CancelAsync(prodRun, requestId));
        var ownRun = await alice.CancelAsync(devRun, requestId);

        Assert.Equal(StatusCode.PermissionDenied, sameRun.StatusCode);
        Assert.DoesNotContain(first.Name, sameRun.Status.Detail, StringComparison.Ordinal);
        Assert.NotEqual(first.Name, ownRun.Name);
        Assert.Equal(devRun, ownRun.Metadata.Unpack<CancelOperationMetadata>().Run);
        Assert.Equal(first.Name, (await ciBot.CancelAsync(prodRun, requestId)).Name);
    }

    private static async Task<List<string>> ListAllAsync(GatewayClient client, string filter, int pageSize = 0)
    {
        var names = new List<string>();
        var token = string.Empty;
        for (var page = 0; page < 1000; page++)
        {
            var response = await client.ListOperationsAsync(filter, pageSize, token);
            names.AddRange(response.Operations.Select(o => o.Name));
            token = response.NextPageToken;
            if (token.Length == 0)
            {
                return names;
            }
        }

        throw new InvalidOperationException("ListOperations never ended.");
    }
}
