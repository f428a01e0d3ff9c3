using CancelGateway.Emulators.SageMaker;
using Xunit;

namespace CancelGateway.Emulators.Tests.SageMaker;

/// <summary>
/// The emulator's protocol fidelity, checked by someone else's code: botocore (Debian's
/// python3-botocore), an AWS SDK, signs with SigV4, serializes AWS JSON 1.1 and parses the
/// answers and modeled errors from its own service model of SageMaker.
/// </summary>
public sealed class BotocoreFidelityTests : SageMakerTestBase
{
    private const string Prefix = Pipeline + "/execution/";
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Botocore_StopDescribeListAnswerAndErrors_AsTheServiceModelSays()
    {
        RequireBotocore();
        Emulator.AddExecution(Prefix + "plain1").WithStep("train").StopsAfter(TimeSpan.Zero);
        Emulator.AddExecution(Prefix + "callback1").WithStep("train").WithCallbackStep("approve").StopsAfter(TimeSpan.Zero);
        Emulator.AddExecution(Prefix + "callback2").WithCallbackStep("approve").StopsAfter(TimeSpan.Zero);
        Emulator.AddExecution(Prefix + "succeeded1").WithStep("train").InStatus(SageMakerExecutionStatus.Succeeded);
        var paged = Emulator.AddExecution(Prefix + "paged1");
        for (var i = 0; i < 25; i++)
        {
            paged.WithStep($"step-{i:00}");
        }

        await RunAsync("main");

        Assert.Equal(SageMakerExecutionStatus.Stopped, Emulator.GetExecution(Prefix + "callback1")!.Status);
        Assert.Equal(1, Emulator.AcceptedStops(Prefix + "callback1"));
        Assert.Equal(SageMakerStepStatus.Failed, Emulator.GetExecution(Prefix + "callback2")!.Step("approve").Status);

        // botocore generated the idempotency token itself when none was given: a UUID.
        Assert.Matches("^[0-9a-f-]{36}$", Assert.Single(Emulator.StopRequestTokens(Prefix + "plain1")));
        Assert.Contains(Logs.Entries, l => l.Message.Contains("InvalidSignatureException", StringComparison.Ordinal));
        Assert.DoesNotContain(Logs.Entries, l => l.Message.Contains(Emulator.SecretAccessKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Botocore_OverTheRateLimit_ThrottlingException()
    {
        RequireBotocore();
        Emulator.AddExecution(Prefix + "plain1");
        Emulator.ThrottleLimit = 2;

        await RunAsync("throttle");

        Assert.Equal(1, Emulator.ThrottledRequests);
    }

    [Fact]
    public async Task Botocore_ServerClockTenMinutesAhead_SignatureExpired()
    {
        RequireBotocore();
        Emulator.AddExecution(Prefix + "plain1");
        Clock.Advance(TimeSpan.FromMinutes(10));

        await RunAsync("skewed_clock");
    }

    private static void RequireBotocore() =>
        Assert.True(PythonScript.CanImport("boto3"), $"{PythonScript.Python} cannot import boto3: apt-get install -y python3-boto3");

    private async Task RunAsync(string scenario)
    {
        var (exitCode, output, error) = await PythonScript.RunAsync(
            "botocore_fidelity.py",
            ["--endpoint", Emulator.BaseAddress.AbsoluteUri, "--region", Region, "--prefix", Prefix, "--scenario", scenario],
            new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = Emulator.AccessKeyId, ["AWS_SECRET_ACCESS_KEY"] = Emulator.SecretAccessKey },
            ScriptTimeout);

        Assert.True(exitCode == 0, $"botocore failed the {scenario} scenario (exit {exitCode}).\n--- stdout ---\n{output}\n--- stderr ---\n{error}");
        Assert.Contains($"PASS botocore {scenario}", output, StringComparison.Ordinal);
    }
}
