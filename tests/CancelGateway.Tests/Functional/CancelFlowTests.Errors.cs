using CancelGateway.Emulators.Vertex;
using Grpc.Core;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Google.LongRunning;
using Google.Rpc;
using Microsoft.Data.Sqlite;
using Xunit;

namespace CancelGateway.Tests.Functional;

/// <content>Refusals: request ids reused, runs the provider does not know or will not let us cancel, malformed names.</content>
public sealed partial class CancelFlowTests
{
    [Fact]
    public async Task Cancel_SameRequestIdForAnotherRun_FailsRequestIdReused()
    {
        var run = fixture.AddRun();
        var otherRun = fixture.AddRun();
        var requestId = Guid.NewGuid().ToString();
        var first = await Client.CancelAsync(run, requestId).Within();

        var failure = await GatewayClient.FailureOf(() => Client.CancelAsync(otherRun, requestId)).Within();

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        var info = failure.GetDetail<ErrorInfo>();
        Assert.NotNull(info);
        Assert.Equal("REQUEST_ID_REUSED", info.Reason);
        Assert.Equal("cancelgateway.v1.PipelineControl", info.Domain);
        Assert.Equal(first.Name, info.Metadata["operation"]);
        Assert.Equal(0, fixture.Emulator.CancelCalls(otherRun));
        Assert.Equal(RunState.Cancelled, (await Client.WaitDoneAsync(first.Name).Within()).Response.Unpack<CancelRunResponse>().FinalState);
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Cancel_SameRequestIdConcurrentlyForTwoRuns_AnswersOnlyOneRun()
    {
        // AIP-155: a request id names one request. Sent at once for two different runs, one of
        // them must be refused, whichever reaches the store first. To make "at once" certain,
        // the test holds the database's write lock (reads go on under WAL) while both calls
        // look their request id up and queue for the insert; it cannot observe that moment, so it
        // gives them 500 ms (too little only makes the test pass without proving anything).
        var runA = fixture.AddRun(b => b.CancellingFor(TimeSpan.FromMilliseconds(300)));
        var runB = fixture.AddRun(b => b.CancellingFor(TimeSpan.FromMilliseconds(300)));
        var requestId = Guid.NewGuid().ToString();
        (string Run, Operation? Operation, RpcException? Failure)[] outcomes;
        using (var writeLock = new SqliteConnection($"Data Source={fixture.Gateway.DatabasePath};Pooling=False"))
        {
            writeLock.Open();
            Execute(writeLock, "BEGIN IMMEDIATE;");
            var calls = new[] { Outcome(Client.CancelAsync(runA, requestId), runA), Outcome(Client.CancelAsync(runB, requestId), runB) };
            await Task.Delay(500);
            Execute(writeLock, "ROLLBACK;");
            outcomes = await Task.WhenAll(calls).Within();
        }

        var answered = outcomes.Where(o => o.Operation is not null).ToList();
        Assert.True(
            answered.Count == 1,
            "Both Cancel calls with one request_id were answered: " + string.Join("; ", answered.Select(o => $"the call for {o.Run} got {o.Operation!.Name}, which cancels {o.Operation.Metadata.Unpack<CancelOperationMetadata>().Run}")));
        var winner = answered[0];
        Assert.Equal(winner.Run, winner.Operation!.Metadata.Unpack<CancelOperationMetadata>().Run);
        var refused = Assert.Single(outcomes, o => o.Operation is null);
        Assert.Equal(StatusCode.InvalidArgument, refused.Failure!.StatusCode);
        Assert.Equal("REQUEST_ID_REUSED", refused.Failure.GetDetail<ErrorInfo>()?.Reason);
        await Client.WaitDoneAsync(winner.Operation.Name).Within();
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Cancel_UnknownRun_FailsNotFoundWithErrorInfo()
    {
        var run = GatewayFixture.NewRunName("missing");

        var failure = await GatewayClient.FailureOf(() => Client.CancelAsync(run)).Within();

        Assert.Equal(StatusCode.NotFound, failure.StatusCode);
        var status = failure.GetRpcStatus();
        Assert.NotNull(status);
        Assert.Equal((int)StatusCode.NotFound, status.Code);
        var info = failure.GetDetail<ErrorInfo>();
        Assert.NotNull(info);
        Assert.Equal("RUN_NOT_FOUND", info.Reason);
        Assert.Equal("cancelgateway.v1.PipelineControl", info.Domain);
        Assert.Equal("vertex-ai", info.Metadata["provider"]);
        Assert.Equal(run, info.Metadata["run"]);
        Assert.Equal("404", info.Metadata["provider_http_status"]);
        Assert.Equal(1, fixture.Emulator.CancelCalls(run));
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Cancel_ForbiddenRun_FailsPermissionDeniedWithErrorInfo()
    {
        var run = fixture.AddRun(b => b.Forbidden());

        var failure = await GatewayClient.FailureOf(() => Client.CancelAsync(run)).Within();

        Assert.Equal(StatusCode.PermissionDenied, failure.StatusCode);
        var info = failure.GetDetail<ErrorInfo>();
        Assert.NotNull(info);
        Assert.Equal("PROVIDER_PERMISSION_DENIED", info.Reason);
        Assert.Equal("cancelgateway.v1.PipelineControl", info.Domain);
        Assert.Equal("vertex-ai", info.Metadata["provider"]);
        Assert.Equal(run, info.Metadata["run"]);
        Assert.Equal(PipelineState.Running, fixture.Emulator.GetRun(run)!.State);
        fixture.AssertNoUnexpectedErrors();
    }

    [Theory]
    [InlineData("")]
    [InlineData("pipelineJobs/x")]
    [InlineData("projects/p/pipelineJobs/x")]
    [InlineData("projects/p/locations/us-central1/pipelineJobs/")]
    public async Task Cancel_MalformedName_FailsInvalidArgumentWithFieldViolation(string name)
    {
        var before = fixture.Emulator.TotalRequests;

        var failure = await GatewayClient.FailureOf(() => Client.CancelAsync(name)).Within();

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        Assert.Equal("INVALID_RUN_NAME", failure.GetDetail<ErrorInfo>()?.Reason);
        var badRequest = failure.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        var violation = Assert.Single(badRequest.FieldViolations);
        Assert.Equal("name", violation.Field);
        Assert.Contains("projects/{project}/locations/{location}/pipelineJobs/{job}", violation.Description, StringComparison.Ordinal);
        Assert.Equal(before, fixture.Emulator.TotalRequests);
        fixture.AssertNoUnexpectedErrors();
    }

    private static async Task<(string Run, Operation? Operation, RpcException? Failure)> Outcome(Task<Operation> call, string run)
    {
        try
        {
            return (run, await call, null);
        }
        catch (RpcException failure)
        {
            return (run, null, failure);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
