using System.Net;
using CancelGateway.Emulators.SageMaker;
using Xunit;

namespace CancelGateway.Emulators.Tests.SageMaker;

public sealed class SageMakerTemporaryCredentialsTests : SageMakerTestBase
{
    private const string SessionToken = "FwoGZXIvYXdzEDemoSessionToken0123456789";

    [Fact]
    public async Task Call_WithTheSessionToken_Accepted()
    {
        Emulator.AddExecution(Execution1);

        var response = await DescribeAsync(Execution1);

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task Call_WithAnotherSessionToken_403UnrecognizedClient()
    {
        var response = await CallAsync("DescribePipelineExecution", new { PipelineExecutionArn = Execution1 }, sessionToken: "FwoGZXIvYXdzEDemoSessionTokenOther00000");

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("UnrecognizedClientException", response.ErrorType);
    }

    protected override void Configure(SageMakerEmulatorOptions options) => options.SessionToken = SessionToken;
}
