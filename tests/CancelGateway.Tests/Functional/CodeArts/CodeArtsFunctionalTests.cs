using System.Globalization;
using System.Text;
using CancelGateway.Emulators.CodeArts;
using CancelGateway.Tests.Support;
using Xunit;

namespace CancelGateway.Tests.Functional.CodeArts;

/// <summary>
/// CodeArts runs cancelled through the real gateway by a generated grpcio client (Debian's
/// python3-grpcio, stubs made from protos/ at test time, codearts_client.py beside this file),
/// in both auth modes. The client asserts what a caller sees; the test adds what only the emulator
/// and the captured logs can tell.
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed class CodeArtsFunctionalTests
{
    // Generating the stubs happens once per run, in whichever test comes first.
    private static readonly TimeSpan SetupTimeout = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Cancel_RunningRun_EndsCancelled(bool akSk)
    {
        await using var gateway = await CodeArtsGatewayHost.StartAsync(akSk);
        var run = gateway.Emulator.AddRun().StopTakes(TimeSpan.FromMilliseconds(200));

        var result = await RunClientAsync(gateway, "cancel", "--run", run.RunName, "--expect-state", "RUN_STATE_CANCELLED", "--expect-provider-state", "CANCELED");

        AssertPassed(result, "cancel");
        Assert.Equal(CodeArtsRunStatus.Canceled, gateway.Emulator.GetRun(run.RunId)!.Status);
        Assert.Equal(1, gateway.Emulator.AcceptedStops(run.RunId));
        Assert.Equal(akSk ? 0 : 1, gateway.Emulator.TokenRequests);
        gateway.AssertNoUnexpectedErrors();
    }

    [Theory]
    [InlineData(CodeArtsRunStatus.Completed, "RUN_STATE_SUCCEEDED", "COMPLETED")]
    [InlineData(CodeArtsRunStatus.Failed, "RUN_STATE_FAILED", "FAILED")]
    public async Task Cancel_EndedRun_DoneOperationSayingItHadEnded(CodeArtsRunStatus status, string state, string raw)
    {
        await using var gateway = await CodeArtsGatewayHost.StartAsync(akSk: true);
        var run = gateway.Emulator.AddRun().InStatus(status);

        var result = await RunClientAsync(gateway, "cancel", "--run", run.RunName, "--expect-state", state, "--expect-provider-state", raw, "--already-ended");

        AssertPassed(result, "cancel");
        Assert.Equal(0, gateway.Emulator.AcceptedStops(run.RunId));
        gateway.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Cancel_StopLosesTheRace_ReportsSucceededNotCancelled()
    {
        await using var gateway = await CodeArtsGatewayHost.StartAsync(akSk: true);
        var run = gateway.Emulator.AddRun().LosesRace().StopTakes(TimeSpan.FromMilliseconds(200));

        var result = await RunClientAsync(gateway, "cancel", "--run", run.RunName, "--expect-state", "RUN_STATE_SUCCEEDED", "--expect-provider-state", "COMPLETED");

        AssertPassed(result, "cancel");
        Assert.Equal(1, gateway.Emulator.AcceptedStops(run.RunId));
        gateway.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Cancel_UnknownRun_NotFoundWithProviderCodeAndRequestId()
    {
        await using var gateway = await CodeArtsGatewayHost.StartAsync(akSk: true);
        var run = CodeArtsEmulator.RunNameOf(gateway.Emulator.Region, new string('a', 32), new string('b', 32), new string('c', 32));

        // DEVPIPE.00011105 is the emulator's code for an unknown run (the real one is undocumented).
        var result = await RunClientAsync(gateway, "not_found", "--run", run, "--expect-provider-code", "DEVPIPE.00011105");

        AssertPassed(result, "not_found");
        Assert.Equal(1, gateway.Emulator.StopCalls(new string('c', 32)));
        gateway.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Cancel_WrongSecretKey_InternalConfigurationErrorAndTheSecretNowhere()
    {
        const string WrongSecretKey = "WrongSK-Functional-7f3e9a1c5b2d4e6f8a0b1c2d";
        await using var gateway = await CodeArtsGatewayHost.StartAsync(akSk: true, new Dictionary<string, string> { ["SecretKey"] = WrongSecretKey });
        var run = gateway.Emulator.AddRun();

        var result = await RunClientAsync(gateway, "auth_failed", "--run", run.RunName, "--secret", WrongSecretKey, "--expect-provider-code", "APIG.0301");

        AssertPassed(result, "auth_failed");
        AssertSecretNowhere(gateway, result, WrongSecretKey);
        AssertSecretNowhere(gateway, result, gateway.Emulator.SecretKey);
        Assert.Equal(CodeArtsRunStatus.Running, gateway.Emulator.GetRun(run.RunId)!.Status);
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Id == 2204);
        gateway.AssertNoUnexpectedErrors(2204);
    }

    [Fact]
    public async Task Cancel_WrongIamPassword_InternalConfigurationErrorAndThePasswordNowhere()
    {
        const string WrongPassword = "WrongPwd-Functional-3c5e7a9b1d2f4a6c";
        await using var gateway = await CodeArtsGatewayHost.StartAsync(akSk: false, new Dictionary<string, string> { ["Password"] = WrongPassword });
        var run = gateway.Emulator.AddRun();

        var result = await RunClientAsync(gateway, "auth_failed", "--run", run.RunName, "--secret", WrongPassword);

        AssertPassed(result, "auth_failed");
        AssertSecretNowhere(gateway, result, WrongPassword);
        Assert.Equal(0, gateway.Emulator.StopCalls(run.RunId));
        Assert.Equal(1, gateway.Emulator.TokenRequests);
        gateway.AssertNoUnexpectedErrors(2204);
    }

    [Fact]
    public async Task Cancel_HundredRunsWithIamUser_OneTokenFetchedAndReused()
    {
        await using var gateway = await CodeArtsGatewayHost.StartAsync(akSk: false);
        var runs = Enumerable.Range(0, 100).Select(_ => gateway.Emulator.AddRun().StopTakes(TimeSpan.FromMilliseconds(50))).ToList();
        using var directory = new TempDirectory();
        var runsFile = directory.File("runs.txt");
        await File.WriteAllLinesAsync(runsFile, runs.Select(r => r.RunName)).Within();

        var result = await RunClientAsync(gateway, "cancel_many", "--runs-file", runsFile);

        AssertPassed(result, "cancel_many");
        Assert.All(runs, r => Assert.Equal(CodeArtsRunStatus.Canceled, gateway.Emulator.GetRun(r.RunId)!.Status));
        Assert.Equal(100, gateway.Emulator.StopCallsTotal);
        Assert.Equal(1, gateway.Emulator.TokenRequests);
        gateway.AssertNoUnexpectedErrors();
    }

    private static void AssertPassed(ProcessResult result, string scenario)
    {
        Assert.True(result.Succeeded, $"The Python client failed the {scenario} scenario.{Environment.NewLine}{result.Describe()}");
        Assert.Contains($"PASS python {scenario}", result.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>The secret is in no log line, no client output (which prints the error), and nowhere in the operations database.</summary>
    private static void AssertSecretNowhere(CodeArtsGatewayHost gateway, ProcessResult result, string secret)
    {
        Assert.DoesNotContain(secret, gateway.Logs.AllText(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, result.StandardError, StringComparison.Ordinal);
        var needle = Encoding.UTF8.GetBytes(secret);
        foreach (var file in gateway.DatabaseFiles.Where(File.Exists))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            Assert.True(copy.ToArray().AsSpan().IndexOf(needle) < 0, $"The secret is in {Path.GetFileName(file)}.");
        }
    }

    private static async Task<ProcessResult> RunClientAsync(CodeArtsGatewayHost gateway, string scenario, params string[] options)
    {
        var stubs = await PythonGatewayStubs.EnsureGeneratedAsync().WaitAsync(SetupTimeout);
        var arguments = new List<string>
        {
            Path.Combine(RepoPaths.Root, "tests", "CancelGateway.Tests", "Functional", "CodeArts", "codearts_client.py"),
            "--target", "127.0.0.1:" + gateway.Address.Port.ToString(CultureInfo.InvariantCulture),
            "--stubs", stubs,
            "--scenario", scenario,
        };
        arguments.AddRange(options);
        return await ProcessRunner.RunAsync(PythonGatewayStubs.Python, arguments, ClientTimeout, environment: new Dictionary<string, string?> { ["PYTHONDONTWRITEBYTECODE"] = "1" });
    }
}
