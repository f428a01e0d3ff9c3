using CancelGateway.Emulators.Hosting;
using CancelGateway.Emulators.SageMaker;
using CancelGateway.Emulators.Tests.Support;
using Xunit;

namespace CancelGateway.Emulators.Tests.SageMaker;

public sealed class SageMakerDemoRunsTests
{
    [Fact]
    public async Task StartAsync_Default_SageMakerDemoExecutionsSeededOnItsOwnPort()
    {
        await using var host = await EmulatorHost.StartAsync().WaitAsync(Timeouts.Default);

        var statuses = DemoRuns.SageMakerExecutionArns.ToDictionary(a => a[(a.LastIndexOf('/') + 1)..], a => host.SageMaker.GetExecution(a)!);

        Assert.Equal(SageMakerExecutionStatus.Executing, statuses["plainsteps1"].Status);
        Assert.Equal(SageMakerStepKind.Callback, statuses["callbackwait1"].Step("approve-model").Kind);
        Assert.Equal(SageMakerStepKind.Lambda, statuses["lambdafinishes1"].Step("notify").Kind);
        Assert.Equal(SageMakerStepKind.Lambda, statuses["lambdatimesout1"].Step("export").Kind);
        Assert.Equal(SageMakerExecutionStatus.Succeeded, statuses["succeeded1"].Status);
        Assert.Equal(SageMakerExecutionStatus.Failed, statuses["failed1"].Status);
        Assert.All(DemoRuns.SageMakerExecutionArns, a => Assert.StartsWith(DemoRuns.SageMakerPipelineArn + "/execution/", a, StringComparison.Ordinal));
        Assert.NotEqual(host.Vertex.BaseAddress.Port, host.SageMaker.BaseAddress.Port);
        Assert.Equal(SageMakerEmulatorOptions.DemoAccessKeyId, host.SageMaker.AccessKeyId);
    }

    [Fact]
    public async Task StartAsync_BadPort_FailsNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => SageMakerEmulator.StartAsync(new SageMakerEmulatorOptions { Port = 70000 }).WaitAsync(Timeouts.Default));

        Assert.Contains("SageMakerEmulatorOptions.Port", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddExecution_MalformedArn_Throws()
    {
        await using var emulator = await SageMakerEmulator.StartAsync().WaitAsync(Timeouts.Default);

        var error = Assert.Throws<ArgumentException>(() => emulator.AddExecution("arn:aws:sagemaker:us-east-1:1:pipeline/p/execution/x"));

        Assert.Contains("pipeline/{pipeline}/execution/{id}", error.Message, StringComparison.Ordinal);
    }
}
