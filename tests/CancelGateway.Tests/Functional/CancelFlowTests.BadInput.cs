using CancelGateway.Tests.Support;
using Google.LongRunning;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Xunit;

namespace CancelGateway.Tests.Functional;

/// <content>Bad input is refused without echoing it back at length, and near-miss names are not new names.</content>
public sealed partial class CancelFlowTests
{
    /// <summary>Generous for a message plus its ErrorInfo and BadRequest, tiny beside the inputs below.</summary>
    private const int MaxErrorBytes = 4096;

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\0")]
    public async Task Cancel_RunNameWithTrailingControlCharacter_InvalidArgumentAndNoSecondCancel(string trailer)
    {
        var run = fixture.AddRun();
        var first = await Client.CancelAsync(run).Within();

        var failure = await GatewayClient.FailureOf(() => Client.CancelAsync(run + trailer)).Within();

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        Assert.Equal("INVALID_RUN_NAME", failure.GetDetail<ErrorInfo>()?.Reason);
        await Client.WaitDoneAsync(first.Name).Within();
        Assert.Equal(1, fixture.Emulator.CancelCalls(run));
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Cancel_MegabyteName_RefusedWithAShortError()
    {
        var name = "projects/p/locations/us-central1/pipelineJobs/" + new string('x', 1_000_000);

        var failure = await GatewayClient.FailureOf(() => Client.CancelAsync(name)).Within();

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        AssertShort(failure);
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task GetOperation_MegabyteName_RefusedWithAShortError()
    {
        var failure = await GatewayClient.FailureOf(() => Client.GetOperationAsync("operations/" + new string('z', 1_000_000))).Within();

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        Assert.Equal("INVALID_OPERATION_NAME", failure.GetDetail<ErrorInfo>()?.Reason);
        AssertShort(failure);
    }

    [Fact]
    public async Task ListOperations_MegabyteFilter_RefusedWithAShortError()
    {
        var failure = await GatewayClient.FailureOf(() => Client.ListOperationsAsync($"run = \"{new string('r', 1_000_000)}\"")).Within();

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        Assert.Equal("INVALID_FILTER", failure.GetDetail<ErrorInfo>()?.Reason);
        AssertShort(failure);
    }

    [Fact]
    public async Task BatchCancel_ThousandBadNames_FirstViolationsListedWithTheCount()
    {
        var names = Enumerable.Range(0, 1000).Select(i => $"not-a-run-{i}-" + new string('n', 500));

        var failure = await GatewayClient.FailureOf(() => Client.BatchCancelAsync(names)).Within();

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        Assert.Contains("1000 of the 1000 names are invalid", failure.Status.Detail, StringComparison.Ordinal);
        var violations = failure.GetDetail<BadRequest>()!.FieldViolations;
        Assert.Equal(21, violations.Count);
        Assert.Equal("names[0]", violations[0].Field);
        Assert.Equal("and 980 more invalid names, not listed", violations[^1].Description);
        Assert.True(failure.GetRpcStatus()!.CalculateSize() < 20 * MaxErrorBytes, $"the status is {failure.GetRpcStatus()!.CalculateSize()} bytes");
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task WaitOperation_TimeoutOfACentury_WaitsWithinTheCapAndAnswersDone()
    {
        var run = fixture.AddRun();
        var operation = await Client.CancelAsync(run).Within();
        var century = new Duration { Seconds = 100L * 365 * 24 * 3600 };

        var waited = await Client.Operations.WaitOperationAsync(
            new WaitOperationRequest { Name = operation.Name, Timeout = century },
            deadline: TimeProvider.System.GetUtcNow().UtcDateTime + TestTimeouts.Default).ResponseAsync.Within();

        Assert.True(waited.Done);
        fixture.AssertNoUnexpectedErrors();
    }

    [Theory]
    [InlineData(1, -5)]
    [InlineData(-1, 5)]
    [InlineData(0, 2_000_000_000)]
    [InlineData(-3, 0)]
    public async Task WaitOperation_InvalidOrNegativeTimeout_InvalidArgument(long seconds, int nanos)
    {
        var run = fixture.AddRun();
        var operation = await Client.CancelAsync(run).Within();

        var failure = await GatewayClient.FailureOf(() => Client.Operations.WaitOperationAsync(
            new WaitOperationRequest { Name = operation.Name, Timeout = new Duration { Seconds = seconds, Nanos = nanos } },
            deadline: TimeProvider.System.GetUtcNow().UtcDateTime + GatewayClient.CallTimeout).ResponseAsync).Within();

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        Assert.Equal("INVALID_TIMEOUT", failure.GetDetail<ErrorInfo>()?.Reason);
        fixture.AssertNoUnexpectedErrors();
    }

    private static void AssertShort(RpcException failure)
    {
        Assert.True(failure.Status.Detail.Length < MaxErrorBytes, $"the message is {failure.Status.Detail.Length} characters");
        var size = failure.GetRpcStatus()?.CalculateSize() ?? 0;
        Assert.True(size < MaxErrorBytes, $"the status with its details is {size} bytes");
    }
}
