using System.Globalization;
using CancelGateway.Emulators.SageMaker;
using CancelGateway.Tests.Support;
using Xunit;

namespace CancelGateway.Tests.Functional.SageMaker;

/// <summary>
/// SageMaker executions cancelled through the real gateway by a foreign gRPC stack (Debian's
/// python3-grpcio, stubs generated from protos/ at test time); callback steps are answered, as
/// their own workers would, with botocore. Each scenario asserts inside the client; the test
/// adds what only the emulator can tell (what SageMaker was asked, and how often).
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed class SageMakerPythonClientTests(SageMakerGatewayFixture fixture) : IClassFixture<SageMakerGatewayFixture>
{
    private const string Queue = "https://sqs.us-east-1.amazonaws.com/123456789012/gateway-tests-callbacks";

    // Generating the stubs happens once per run, in whichever test comes first.
    private static readonly TimeSpan SetupTimeout = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Cancel_PlainStepsOnly_Cancelled()
    {
        var run = fixture.AddExecution(b => b.WithStep("evaluate").StopsAfter(TimeSpan.FromSeconds(1)));

        await RunAsync(fixture.Gateway, "plain_cancelled", "--run", run);

        Assert.Equal(SageMakerExecutionStatus.Stopped, fixture.Emulator.GetExecution(run)!.Status);
        Assert.Equal(1, fixture.Emulator.AcceptedStops(run));
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Cancel_CallbackStepWaiting_PendingUntilTheStepIsAnsweredThenCancelled()
    {
        var run = fixture.AddExecution(b => b.WithCallbackStep("approve", sqsQueueUrl: Queue));

        await RunAsync(fixture.Gateway, "callback_held", "--run", run, "--step", "approve", "--queue", Queue, "--endpoint", fixture.Emulator.BaseAddress.AbsoluteUri);

        var execution = fixture.Emulator.GetExecution(run)!;
        Assert.Equal(SageMakerExecutionStatus.Stopped, execution.Status);
        Assert.Equal(SageMakerStepStatus.Succeeded, execution.Step("approve").Status);
        Assert.Equal([new KeyValuePair<string, string>("cleanup", "done")], execution.Step("approve").OutputParameters);
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Cancel_ForceWithCallbackStepWaiting_StepFailedByTheGatewayAndCancelled()
    {
        var run = fixture.AddExecution(b => b.WithCallbackStep("approve", sqsQueueUrl: Queue).StopsAfter(TimeSpan.FromSeconds(2)));

        await RunAsync(fixture.Gateway, "callback_force", "--run", run, "--step", "approve", "--queue", Queue);

        var step = fixture.Emulator.GetExecution(run)!.Step("approve");
        Assert.Equal(SageMakerStepStatus.Failed, step.Status);
        Assert.StartsWith("Stopped by CancelGateway operation operations/", step.FailureReason, StringComparison.Ordinal);
        Assert.EndsWith(": python sagemaker", step.FailureReason, StringComparison.Ordinal);
        Assert.Equal(SageMakerExecutionStatus.Stopped, fixture.Emulator.GetExecution(run)!.Status);
        Assert.DoesNotContain(step.CallbackToken!, fixture.Logs.AllText(), StringComparison.Ordinal);
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Cancel_LambdaStepThatFinishes_HeldThenCancelled()
    {
        var run = fixture.AddExecution(b => b.WithLambdaStep("notify", TimeSpan.FromSeconds(1.5), TimeSpan.FromMinutes(1), timedFromStop: true));

        await RunAsync(fixture.Gateway, "lambda_finishes", "--run", run, "--step", "notify");

        Assert.Equal(SageMakerStepStatus.Succeeded, fixture.Emulator.GetExecution(run)!.Step("notify").Status);
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Cancel_LambdaStepThatTimesOut_FinalStateFailed()
    {
        var run = fixture.AddExecution(b => b.WithLambdaStep("export", TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(1.5), timedFromStop: true));

        await RunAsync(fixture.Gateway, "lambda_timeout", "--run", run);

        Assert.Equal(SageMakerExecutionStatus.Failed, fixture.Emulator.GetExecution(run)!.Status);
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Cancel_UnknownExecution_NotFoundWithErrorInfo()
    {
        var run = SageMakerGatewayFixture.NewArn("missing");

        await RunAsync(fixture.Gateway, "not_found", "--run", run);

        Assert.Equal(1, fixture.Emulator.StopCalls(run));
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Cancel_MalformedArn_InvalidArgumentWithFieldViolation()
    {
        var before = fixture.Emulator.TotalRequests;

        await RunAsync(fixture.Gateway, "malformed_name");

        Assert.Equal(before, fixture.Emulator.TotalRequests);
    }

    [Fact]
    public async Task Cancel_RetryWithTheSameRequestId_OneStopWithOneToken()
    {
        var run = fixture.AddExecution();

        await RunAsync(fixture.Gateway, "idempotent_retry", "--run", run);

        Assert.Equal(1, fixture.Emulator.StopCalls(run));
        var token = Assert.Single(fixture.Emulator.StopRequestTokens(run));
        Assert.Matches("^cancelgateway-stop-[0-9a-f]{32}$", token);
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task BatchCancel_FiveHundredExecutionsUnderAThrottlingAccount_AllCancelledNoneThrottled()
    {
        // The account allows 50 requests/s; the gateway is told to stay at 40 for SageMaker.
        await using var throttled = await SageMakerGatewayFixture.StartAsync(
            new Dictionary<string, string> { ["Engine:ProviderRequestsPerSecond"] = "40" },
            new SageMakerEmulatorOptions { RequestsPerSecond = 50 });
        var runs = Enumerable.Range(0, 500)
            .Select(i => throttled.Emulator.AddExecution(SageMakerGatewayFixture.NewArn("batch")).WithStep("train").StopsAfter(TimeSpan.Zero).Arn)
            .ToList();
        using var directory = new TempDirectory();
        var runsFile = directory.File("runs.txt");
        await File.WriteAllLinesAsync(runsFile, runs).Within();

        await RunAsync(throttled.Gateway, "batch_throttled", "--runs-file", runsFile);

        Assert.Equal(0, throttled.Emulator.ThrottledRequests);
        Assert.All(runs, run =>
        {
            Assert.Equal(SageMakerExecutionStatus.Stopped, throttled.Emulator.GetExecution(run)!.Status);
            Assert.Equal(1, throttled.Emulator.AcceptedStops(run));
        });
        throttled.AssertNoUnexpectedErrors();
    }

    private async Task RunAsync(GatewayTestHost gateway, string scenario, params string[] extra)
    {
        var stubs = await PythonGatewayStubs.EnsureGeneratedAsync().WaitAsync(SetupTimeout);
        var arguments = new List<string>
        {
            Path.Combine(RepoPaths.Root, "tests", "CancelGateway.Tests", "Functional", "SageMaker", "sagemaker_gateway_client.py"),
            "--target", "127.0.0.1:" + gateway.Address.Port.ToString(CultureInfo.InvariantCulture),
            "--stubs", stubs,
            "--scenario", scenario,
        };
        arguments.AddRange(extra);

        // The demo credentials go where AWS SDKs read them, never on the command line (which a failure prints).
        var environment = new Dictionary<string, string?>
        {
            ["PYTHONDONTWRITEBYTECODE"] = "1",
            ["AWS_ACCESS_KEY_ID"] = fixture.Emulator.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = fixture.Emulator.SecretAccessKey,
        };
        var result = await ProcessRunner.RunAsync(PythonGatewayStubs.Python, arguments, ClientTimeout, environment: environment);

        Assert.True(result.Succeeded, $"The Python client failed the {scenario} scenario.{Environment.NewLine}{result.Describe()}");
        Assert.Contains($"PASS python-sagemaker {scenario}", result.StandardOutput, StringComparison.Ordinal);
    }
}
