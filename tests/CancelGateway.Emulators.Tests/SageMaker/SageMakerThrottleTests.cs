using System.Net;
using CancelGateway.Emulators.SageMaker;
using Xunit;

namespace CancelGateway.Emulators.Tests.SageMaker;

public sealed class SageMakerThrottleTests : SageMakerTestBase
{
    [Fact]
    public async Task Call_OverTheRateLimit_400ThrottlingExceptionUntilTheBucketRefills()
    {
        Emulator.AddExecution(Execution1);
        Emulator.ThrottleLimit = 3;

        var answers = new List<AwsResponse>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await DescribeAsync(Execution1));
        }

        Assert.All(answers.Take(3), a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Equal(HttpStatusCode.BadRequest, answers[3].Status);
        Assert.Equal("ThrottlingException", answers[3].ErrorType);
        Assert.Equal("Rate exceeded", answers[3].ErrorMessage);
        Assert.Equal(1, Emulator.ThrottledRequests);

        // A third of a second refills one of three tokens a second.
        Clock.Advance(TimeSpan.FromMilliseconds(334));
        Assert.Equal(HttpStatusCode.OK, (await DescribeAsync(Execution1)).Status);
        Assert.Equal("ThrottlingException", (await DescribeAsync(Execution1)).ErrorType);
    }

    [Fact]
    public async Task Stop_Throttled_NoEffect()
    {
        Emulator.AddExecution(Execution1).WithStep("train");
        Emulator.ThrottleLimit = 1;
        await DescribeAsync(Execution1);

        var stop = await StopAsync(Execution1);

        Assert.Equal("ThrottlingException", stop.ErrorType);
        Assert.Equal(SageMakerExecutionStatus.Executing, Emulator.GetExecution(Execution1)!.Status);
        Assert.Equal(1, Emulator.StopCalls(Execution1));
        Assert.Equal(0, Emulator.AcceptedStops(Execution1));
    }

    [Fact]
    public async Task Call_InjectedUnavailable_503ServiceUnavailableWithRequestId()
    {
        Emulator.AddExecution(Execution1);
        Emulator.Faults.FailureRate = 1;
        Emulator.Faults.ThrottleShare = 0;

        var response = await DescribeAsync(Execution1);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.Status);
        Assert.Equal("ServiceUnavailable", response.ErrorType);
        Assert.False(string.IsNullOrEmpty(response.RequestId));
        Assert.Equal(1, Emulator.DescribeCalls(Execution1));
    }

    [Fact]
    public async Task Call_InjectedThrottle_400ThrottlingExceptionCounted()
    {
        Emulator.Faults.FailureRate = 1;
        Emulator.Faults.ThrottleShare = 1;

        var response = await DescribeAsync(Execution1);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("ThrottlingException", response.ErrorType);
        Assert.Equal(1, Emulator.ThrottledRequests);
    }

    [Fact]
    public async Task Stop_FailAfterEffect_TookEffectAndTheRetryWithTheSameTokenCountsOnce()
    {
        Emulator.AddExecution(Execution1).WithStep("train");
        Emulator.Faults.FailAfterEffectRate = 1;

        var lost = await StopAsync(Execution1);
        Emulator.Faults.Reset();
        var retry = await StopAsync(Execution1);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, lost.Status);
        Assert.False(string.IsNullOrEmpty(lost.RequestId));
        Assert.Equal(HttpStatusCode.OK, retry.Status);
        Assert.Equal(2, Emulator.StopCalls(Execution1));
        Assert.Equal(1, Emulator.AcceptedStops(Execution1));
        Assert.Equal(SageMakerExecutionStatus.Stopping, Emulator.GetExecution(Execution1)!.Status);
    }

    [Fact]
    public async Task Start_BadRateLimit_FailsNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => SageMakerEmulator.StartAsync(new SageMakerEmulatorOptions { RequestsPerSecond = 0 }));

        Assert.Contains("SageMakerEmulatorOptions.RequestsPerSecond", error.Message, StringComparison.Ordinal);
    }
}
