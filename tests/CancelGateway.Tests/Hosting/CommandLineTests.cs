using System.Net;
using System.Net.Sockets;
using CancelGateway.Tests.Support;
using Xunit;

namespace CancelGateway.Tests.Hosting;

/// <summary>The production host's command line, as an operator meets it: the built CancelGateway.dll as a process.</summary>
public sealed class CommandLineTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Help_PrintsTheSettingsWithDefaults_ExitsZero()
    {
        var result = await RunAsync(["--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--Gateway:Listen=127.0.0.1:50051", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("--Gateway:ShutdownDrainTimeout=", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("--Engine:PollInitialInterval=00:00:01", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("--Providers:VertexAi:Endpoint", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("--Telemetry:OtlpEndpoint", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Logging:Console:FormatterName", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("listening", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_PrintsTheVersion_ExitsZero()
    {
        var result = await RunAsync(["--version"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^CancelGateway \d+\.\d+\.\d+", result.StandardOutput);
    }

    [Fact]
    public async Task Start_MisspelledSection_ExitsTwoNamingIt()
    {
        var result = await RunAsync([.. Configured(), "--Gatway:Listen=127.0.0.1:0"]);

        AssertOneLineExitTwo(result, "--Gatway:Listen");
    }

    [Fact]
    public async Task Start_MisspelledKeyInKnownSectionFromEnvironment_ExitsTwoNamingIt()
    {
        var result = await RunAsync(Configured(), new Dictionary<string, string?> { ["Engine__PollIntervall"] = "00:00:01" });

        AssertOneLineExitTwo(result, "Engine:PollIntervall");
    }

    [Fact]
    public async Task Start_BadValue_ExitsTwoNamingTheSetting()
    {
        var result = await RunAsync([.. Configured(), "--Engine:PollMaxInterval=soon"]);

        AssertOneLineExitTwo(result, "Engine:PollMaxInterval");
    }

    [Fact]
    public async Task Start_ReadTraceRatioOutOfRange_ExitsTwoNamingTheSetting()
    {
        var result = await RunAsync([.. Configured(), "--Telemetry:ReadTraceRatio=1.5"]);

        AssertOneLineExitTwo(result, "Telemetry:ReadTraceRatio");
    }

    [Fact]
    public async Task Start_NegativeReadTracesPerSecond_ExitsTwoNamingTheSetting()
    {
        var result = await RunAsync([.. Configured(), "--Telemetry:ReadTracesPerSecond=-1"]);

        AssertOneLineExitTwo(result, "Telemetry:ReadTracesPerSecond");
    }

    [Fact]
    public async Task Start_BusyPort_ExitsTwoNamingTheAddress()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var address = $"127.0.0.1:{((IPEndPoint)busy.LocalEndpoint).Port}";

        var result = await RunAsync([.. Configured(), $"--Gateway:Listen={address}"]);

        AssertOneLineExitTwo(result, address);
    }

    [Fact]
    public async Task Start_NoProviderConfigured_ExitsTwoNamingTheProviderSections()
    {
        var result = await RunAsync(["--Gateway:Listen=127.0.0.1:0", "--Gateway:HttpListen=", $"--Storage:Sqlite:Path={_directory.File("operations.db")}"]);

        AssertOneLineExitTwo(result, "Providers:VertexAi");
        Assert.Contains("Providers:SageMaker", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Providers:CodeArts", result.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private static void AssertOneLineExitTwo(ProcessResult result, string named)
    {
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}\nstdout:\n{result.StandardOutput}\nstderr:\n{result.StandardError}");
        var lines = (result.StandardOutput + result.StandardError).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, "one line expected:\n" + string.Join('\n', lines));
        Assert.Contains(named, lines[0], StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\bat [\w.`]+\(|Exception:", lines[0]);
    }

    private string[] Configured() =>
        ["--Gateway:Listen=127.0.0.1:0", "--Gateway:HttpListen=", $"--Storage:Sqlite:Path={_directory.File("operations.db")}", "--Providers:VertexAi:Endpoint=http://127.0.0.1:9/"];

    private static Task<ProcessResult> RunAsync(string[] arguments, IReadOnlyDictionary<string, string?>? environment = null) =>
        ProcessRunner.RunAsync("dotnet", [RepoPaths.GatewayDll, .. arguments], Timeout, environment: environment);
}
