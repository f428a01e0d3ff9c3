using CancelGateway.Emulators.Vertex;
using Grpc.Core;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Google.LongRunning;
using Google.Rpc;
using Grpc.Health.V1;
using Xunit;

namespace CancelGateway.Tests.Functional;

/// <content>The google.longrunning.Operations side: listing, deleting, reading unknown operations; health.</content>
public sealed partial class CancelFlowTests
{
    [Fact]
    public async Task ListOperations_DoneFilterWithPaging_ReturnsEveryMatchOnceInOrder()
    {
        // Each Cancel of a run that already ended is a new, done operation.
        var run = fixture.AddRun(b => b.InState(PipelineState.Succeeded));
        var names = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            names.Add((await Client.CancelAsync(run).Within()).Name);
        }

        var listed = new List<Operation>();
        var pages = 0;
        var token = string.Empty;
        do
        {
            var page = await Client.ListOperationsAsync($"done = true AND run = \"{run}\"", pageSize: 2, pageToken: token).Within();
            Assert.InRange(page.Operations.Count, 1, 2);
            listed.AddRange(page.Operations);
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0);

        Assert.Equal(names, listed.Select(o => o.Name));
        Assert.Equal(3, pages);
        Assert.All(listed, o => Assert.True(o.Done));
        Assert.Empty((await Client.ListOperationsAsync($"done = false AND run = \"{run}\"").Within()).Operations);
        var allDone = await Client.ListOperationsAsync("done = true", pageSize: 1000).Within();
        Assert.All(allDone.Operations, o => Assert.True(o.Done));
        Assert.Superset(names.ToHashSet(), allDone.Operations.Select(o => o.Name).ToHashSet());
        var badFilter = await GatewayClient.FailureOf(() => Client.ListOperationsAsync("done = maybe")).Within();
        Assert.Equal(StatusCode.InvalidArgument, badFilter.StatusCode);
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task DeleteOperation_DoneOperation_RemovesIt()
    {
        var run = fixture.AddRun(b => b.InState(PipelineState.Succeeded));
        var done = await Client.CancelAsync(run).Within();
        Assert.True(done.Done);

        await Client.DeleteOperationAsync(done.Name).Within();

        var get = await GatewayClient.FailureOf(() => Client.GetOperationAsync(done.Name)).Within();
        Assert.Equal(StatusCode.NotFound, get.StatusCode);
        Assert.Equal("OPERATION_NOT_FOUND", get.GetDetail<ErrorInfo>()?.Reason);
        var lroGet = await GatewayClient.FailureOf(() => Client.LroGetOperationAsync(done.Name)).Within();
        Assert.Equal(StatusCode.NotFound, lroGet.StatusCode);
        var again = await GatewayClient.FailureOf(() => Client.DeleteOperationAsync(done.Name)).Within();
        Assert.Equal(StatusCode.NotFound, again.StatusCode);
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Cancel_RetriedAfterItsOperationWasDeleted_NotFoundAndNoSecondCancel()
    {
        var run = fixture.AddRun();
        var requestId = Guid.NewGuid().ToString();
        var first = await Client.CancelAsync(run, requestId).Within();
        await Client.WaitDoneAsync(first.Name).Within();
        await Client.DeleteOperationAsync(first.Name).Within();

        var retry = await GatewayClient.FailureOf(() => Client.CancelAsync(run, requestId)).Within();

        Assert.Equal(StatusCode.NotFound, retry.StatusCode);
        Assert.Equal("OPERATION_NOT_FOUND", retry.GetDetail<ErrorInfo>()?.Reason);
        Assert.Equal(1, fixture.Emulator.CancelCalls(run));
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task DeleteOperation_OperationInFlight_FailsFailedPrecondition()
    {
        var run = fixture.AddRun(b => b.CancellingFor(TimeSpan.FromSeconds(1)));
        var pending = await Client.CancelAsync(run).Within();

        var failure = await GatewayClient.FailureOf(() => Client.DeleteOperationAsync(pending.Name)).Within();

        Assert.Equal(StatusCode.FailedPrecondition, failure.StatusCode);
        Assert.Equal("OPERATION_NOT_DONE", failure.GetDetail<ErrorInfo>()?.Reason);
        Assert.Equal(RunState.Cancelled, (await Client.WaitDoneAsync(pending.Name).Within()).Response.Unpack<CancelRunResponse>().FinalState);
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task GetOperation_UnknownOperation_FailsNotFound()
    {
        var failure = await GatewayClient.FailureOf(() => Client.GetOperationAsync("operations/" + Guid.NewGuid().ToString("N"))).Within();

        Assert.Equal(StatusCode.NotFound, failure.StatusCode);
        Assert.Equal("OPERATION_NOT_FOUND", failure.GetDetail<ErrorInfo>()?.Reason);
        fixture.AssertNoUnexpectedErrors();
    }

    [Theory]
    [InlineData("")]
    [InlineData("cancelgateway.v1.PipelineControl")]
    [InlineData("google.longrunning.Operations")]
    public async Task HealthCheck_GatewayStarted_ReturnsServing(string service)
    {
        var health = await Client.CheckHealthAsync(service).Within();

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        fixture.AssertNoUnexpectedErrors();
    }
}
