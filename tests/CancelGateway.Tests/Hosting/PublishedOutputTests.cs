using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CancelGateway.Emulators.Hosting;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Grpc.Health.V1;
using Xunit;

namespace CancelGateway.Tests.Hosting;

/// <summary>
/// What the container image holds, run as the image runs it (no container runtime here):
/// <c>scripts/publish.sh</c> (the Dockerfile's build stage runs the same script) into a
/// directory standing for <c>/app</c>, started with the Dockerfile's ENV and ENTRYPOINT, against
/// the emulators as a standalone process; its HEALTHCHECK command and a Cancel are answered.
/// </summary>
[Collection(Functional.FunctionalTests.Name)]
public sealed partial class PublishedOutputTests
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task PublishedOutput_ImageEnvironmentAndEntrypoint_AnswersHealthAndCancel()
    {
        using var directory = new TempDirectory();
        var app = Path.Combine(directory.Path, "app");
        var volume = Path.Combine(directory.Path, "var-lib-cancelgateway");
        Directory.CreateDirectory(volume);
        var publish = await ProcessRunner.RunAsync(Path.Combine(RepoPaths.Root, "scripts", "publish.sh"), [app], PublishTimeout);
        Assert.True(publish.Succeeded, publish.Describe());
        Assert.False(File.Exists(Path.Combine(app, "CancelGateway.Emulators.dll")), "the published host carries the emulators");
        Assert.False(File.Exists(Path.Combine(app, "CancelGateway.Demo.dll")), "the published host carries the demo launcher");

        var image = DockerfileRuntime.Read(Path.Combine(RepoPaths.Root, "Dockerfile"));
        Assert.Equal("dotnet", image.Entrypoint[0]);
        Assert.Equal("0.0.0.0", image.Environment["Gateway__Listen"].Split(':')[0]);

        await using var emulators = await StandaloneEmulators.StartAsync();

        // The image's environment, with what a test needs: the volume's directory, the provider
        // pointed at the emulators; and traces on (no exporter), as with an OTLP collector, so
        // that log lines carry trace ids.
        var environment = image.Environment.ToDictionary(e => e.Key, e => e.Value.Replace("/var/lib/cancelgateway", volume, StringComparison.Ordinal));
        environment["Providers__VertexAi__Endpoint"] = emulators.VertexBaseAddress;
        environment["Providers__VertexAi__CredentialsFile"] = emulators.VertexKeyFile;
        environment["Telemetry__Traces"] = "true";
        var entrypoint = image.Entrypoint.Skip(1).Select(a => ToApp(a, app)).ToList();

        // As the image is (0.0.0.0) and with no authentication configured, it refuses to start,
        // naming the way out; it binds nothing before it refuses.
        var refused = await ProcessRunner.RunAsync("dotnet", entrypoint, Budget, environment: environment.ToDictionary(e => e.Key, string? (e) => e.Value));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("Security:AllowAnonymous", refused.StandardError + refused.StandardOutput, StringComparison.Ordinal);

        // Free ports on loopback (tests bind nothing else); loopback serves callers without credentials.
        environment["Gateway__Listen"] = "127.0.0.1:0";
        environment["Gateway__HttpListen"] = "127.0.0.1:0";

        await using var gateway = await GatewayProcess.StartAsync([], dll: entrypoint[0], environment: environment);
        Assert.True(File.Exists(Path.Combine(volume, "operations.db")), "the database is not in the volume");

        // The HEALTHCHECK command, as Docker would run it inside the container.
        var probeEnvironment = environment.ToDictionary(e => e.Key, string? (e) => e.Value);
        probeEnvironment["Gateway__Listen"] = "127.0.0.1:" + gateway.Address.Port.ToString(CultureInfo.InvariantCulture);
        var health = await ProcessRunner.RunAsync(image.HealthCheck[0], image.HealthCheck.Skip(1).Select(a => ToApp(a, app)), Budget, environment: probeEnvironment);
        Assert.True(health.Succeeded && health.StandardOutput.Contains("Serving", StringComparison.Ordinal), health.Describe());

        using var client = new GatewayClient(gateway.Address);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await client.CheckHealthAsync()).Status);
        var accepted = await client.CancelAsync(DemoRuns.VertexRunNames[0], Guid.NewGuid().ToString());
        var done = await client.WaitDoneAsync(accepted.Name, Budget);
        Assert.Equal(RunState.Cancelled, done.Response.Unpack<CancelRunResponse>().FinalState);

        // JSON logs, as the image sets: every line a JSON object, none an error. The console
        // logger writes from a queue: the done line may follow the answer by a moment.
        var doneLine = "\"EventId\":3002,";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!gateway.Output.Split('\n').Any(l => l.Contains(doneLine, StringComparison.Ordinal) && l.Contains(accepted.Name, StringComparison.Ordinal)) && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }

        var logLines = gateway.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith('{')).ToList();
        var acceptedLine = logLines.FirstOrDefault(l => l.Contains("\"EventId\":3000,", StringComparison.Ordinal) && l.Contains("\"Operation\":\"" + accepted.Name + "\"", StringComparison.Ordinal));
        Assert.True(acceptedLine is not null, "no JSON line for the accepted Cancel:\n" + string.Join('\n', logLines));
        Assert.Contains("\"Run\":\"" + DemoRuns.VertexRunNames[0] + "\"", acceptedLine, StringComparison.Ordinal);
        Assert.Contains("\"Provider\":\"VertexAi\"", acceptedLine, StringComparison.Ordinal);
        Assert.Contains("\"TraceId\":\"", acceptedLine, StringComparison.Ordinal);
        Assert.Contains(logLines, l => l.Contains(doneLine, StringComparison.Ordinal) && l.Contains("\"Operation\":\"" + accepted.Name + "\"", StringComparison.Ordinal));
        Assert.All(logLines, l => Assert.DoesNotContain(JsonDocument.Parse(l).RootElement.GetProperty("LogLevel").GetString(), new[] { "Error", "Critical" }));
    }

    private static string ToApp(string argument, string app) =>
        argument.StartsWith("/app/", StringComparison.Ordinal) ? Path.Combine(app, argument["/app/".Length..]) : argument;

    /// <summary>The final stage of the Dockerfile: its ENV, ENTRYPOINT and HEALTHCHECK CMD.</summary>
    private sealed record DockerfileRuntime(IReadOnlyDictionary<string, string> Environment, IReadOnlyList<string> Entrypoint, IReadOnlyList<string> HealthCheck)
    {
        public static DockerfileRuntime Read(string path)
        {
            var lines = File.ReadAllLines(path);
            var final = lines.Select((line, i) => (line, i)).Last(l => l.line.StartsWith("FROM ", StringComparison.Ordinal)).i;
            var stage = lines.Skip(final).ToList();
            var environment = stage.Where(l => l.StartsWith("ENV ", StringComparison.Ordinal))
                .Select(l => l["ENV ".Length..].Split('=', 2))
                .ToDictionary(kv => kv[0], kv => kv[1]);
            var entrypoint = JsonSerializer.Deserialize<string[]>(stage.Single(l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal))["ENTRYPOINT ".Length..])!;
            var check = stage.Single(l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal));
            var healthCheck = JsonSerializer.Deserialize<string[]>(check[(check.IndexOf(" CMD ", StringComparison.Ordinal) + " CMD ".Length)..])!;
            return new DockerfileRuntime(environment, entrypoint, healthCheck);
        }
    }

    /// <summary><c>dotnet run --project src/CancelGateway.Emulators</c>, as the built dll: its banner names the Vertex AI URL and key file.</summary>
    private sealed partial class StandaloneEmulators : IAsyncDisposable
    {
        private readonly StreamingClientProcess _process;

        private StandaloneEmulators(StreamingClientProcess process, string baseAddress, string keyFile)
        {
            _process = process;
            VertexBaseAddress = baseAddress;
            VertexKeyFile = keyFile;
        }

        public string VertexBaseAddress { get; }

        public string VertexKeyFile { get; }

        public static async Task<StandaloneEmulators> StartAsync()
        {
            var dll = RepoPaths.GatewayDll.Replace(
                Path.Combine("src", "CancelGateway", "bin"), Path.Combine("src", "CancelGateway.Emulators", "bin"), StringComparison.Ordinal)
                .Replace("CancelGateway.dll", "CancelGateway.Emulators.dll", StringComparison.Ordinal);
            var process = StreamingClientProcess.Start("dotnet", [dll, "--port", "0"]);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (!process.StandardOutput.Contains("Ready.", StringComparison.Ordinal))
            {
                if (clock.Elapsed > Budget)
                {
                    await process.DisposeAsync();
                    throw new TimeoutException("The emulators did not print Ready.:\n" + process.StandardOutput + process.StandardError);
                }

                await Task.Delay(50);
            }

            var banner = process.StandardOutput;
            return new StandaloneEmulators(process, BaseUrl().Match(banner).Groups[1].Value, KeyFile().Match(banner).Groups[1].Value.Trim());
        }

        public ValueTask DisposeAsync() => _process.DisposeAsync();

        [GeneratedRegex(@"base URL:\s+(\S+)")]
        private static partial Regex BaseUrl();

        [GeneratedRegex(@"key file:\s+(\S+)")]
        private static partial Regex KeyFile();
    }
}
