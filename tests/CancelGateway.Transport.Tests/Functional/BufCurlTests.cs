using System.Text;
using System.Text.Json;
using CancelGateway.Transport.Tests.Support;
using Xunit;

namespace CancelGateway.Transport.Tests.Functional;

/// <summary>
/// The buf CLI (Go, connect-go) against the probe server: it discovers the schema through
/// grpc-dotnet's server reflection only, so every call here also proves that reflection describes
/// the services completely, on both the v1 and the v1alpha protocol (forced with --reflect-protocol).
/// </summary>
public sealed class BufCurlTests(ProbeServerFixture fixture) : IClassFixture<ProbeServerFixture>
{
    private static readonly TimeSpan BufTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan SetupTimeout = TimeSpan.FromMinutes(6);

    public static TheoryData<string> ReflectProtocols { get; } = new() { "grpc-v1", "grpc-v1alpha" };

    private string BaseUrl => $"http://127.0.0.1:{fixture.Server.Port}";

    [Theory]
    [MemberData(nameof(ReflectProtocols))]
    public async Task ListServices_ThroughReflection_ListsEveryService(string reflectProtocol)
    {
        var result = await CurlAsync(reflectProtocol, [BaseUrl, "--list-services"]);

        AssertSucceeded(result);
        var services = Lines(result.StandardOutput);
        foreach (var expected in new[] { "probe.v1.ProbeService", "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection" })
        {
            Assert.True(services.Contains(expected), $"--list-services lacks {expected}.{Environment.NewLine}{result.Describe()}");
        }

        await AssertNoServerErrorsAsync();
    }

    [Theory]
    [MemberData(nameof(ReflectProtocols))]
    public async Task ListMethods_ThroughReflection_ListsProbeAndHealthMethods(string reflectProtocol)
    {
        var result = await CurlAsync(reflectProtocol, [BaseUrl, "--list-methods"]);

        AssertSucceeded(result);
        var methods = Lines(result.StandardOutput);
        string[] expectedMethods =
        [
            "probe.v1.ProbeService/Echo",
            "probe.v1.ProbeService/Count",
            "probe.v1.ProbeService/Sleep",
            "probe.v1.ProbeService/GetSleepOutcome",
            "probe.v1.ProbeService/Fail",
            "grpc.health.v1.Health/Check",
            "grpc.health.v1.Health/Watch",
        ];
        foreach (var expected in expectedMethods)
        {
            Assert.True(methods.Contains(expected), $"--list-methods lacks {expected}.{Environment.NewLine}{result.Describe()}");
        }

        await AssertNoServerErrorsAsync();
    }

    [Theory]
    [MemberData(nameof(ReflectProtocols))]
    public async Task Echo_ThroughReflection_ReturnsText(string reflectProtocol)
    {
        var result = await CurlAsync(reflectProtocol, [$"{BaseUrl}/probe.v1.ProbeService/Echo", "-d", """{"text":"hi"}"""]);

        AssertSucceeded(result);
        var response = Assert.Single(ParseJsonDocuments(result.StandardOutput));
        Assert.Equal("""{"text":"hi"}""", Compact(response));
        await AssertNoServerErrorsAsync();
    }

    [Theory]
    [MemberData(nameof(ReflectProtocols))]
    public async Task Count_ServerStreaming_ReturnsThreeMessagesInOrder(string reflectProtocol)
    {
        // --emit-defaults: index 0 is proto3's default and would otherwise print as {}.
        var result = await CurlAsync(reflectProtocol, [$"{BaseUrl}/probe.v1.ProbeService/Count", "--emit-defaults", "-d", """{"count":3}"""]);

        AssertSucceeded(result);
        var indexes = ParseJsonDocuments(result.StandardOutput).Select(d => d.RootElement.GetProperty("index").GetInt32()).ToList();
        Assert.Equal(new[] { 0, 1, 2 }, indexes);
        await AssertNoServerErrorsAsync();
    }

    [Theory]
    [MemberData(nameof(ReflectProtocols))]
    public async Task HealthCheck_ForWholeServer_ReturnsServing(string reflectProtocol)
    {
        var result = await CurlAsync(reflectProtocol, [$"{BaseUrl}/grpc.health.v1.Health/Check", "-d", "{}"]);

        AssertSucceeded(result);
        var response = Assert.Single(ParseJsonDocuments(result.StandardOutput));
        Assert.Equal("SERVING", response.RootElement.GetProperty("status").GetString());
        await AssertNoServerErrorsAsync();
    }

    [Theory]
    [MemberData(nameof(ReflectProtocols))]
    public async Task HealthWatch_ForProbeService_FirstMessageIsServing(string reflectProtocol)
    {
        // Watch never ends by itself: stop buf once SERVING has been printed in full. Watch streams
        // what the health-check publisher last saw; right after start-up its first run may still be
        // pending, which Watch reports as SERVICE_UNKNOWN before SERVING.
        var result = await CurlAsync(
            reflectProtocol,
            [$"{BaseUrl}/grpc.health.v1.Health/Watch", "-d", $$"""{"service":"{{ProbeServer.ProbeServiceName}}"}"""],
            stopWhen: output => Statuses(output).Contains("SERVING"));

        Assert.True(result.StoppedEarly, $"buf curl should still have been watching when SERVING arrived.{Environment.NewLine}{result.Describe()}");
        var statuses = Statuses(result.StandardOutput);
        Assert.Equal("SERVING", statuses[^1]);
        Assert.All(statuses[..^1], status => Assert.Equal("SERVICE_UNKNOWN", status));
        await AssertNoServerErrorsAsync();
    }

    [Theory]
    [InlineData("probe.v1.ProbeService/NoSuchMethod")]
    [InlineData("probe.v1.NoSuchService/Echo")]
    public async Task Call_UnknownMethodOrService_FailsWithUnimplemented(string method)
    {
        // Reflection would make buf refuse the call itself; a local schema that declares the
        // missing methods gets the request onto the wire, so the answer is the server's.
        var schema = await WriteUnknownMethodsSchemaAsync();

        var result = await RunBufAsync(
            ["curl", "--protocol", "grpc", "--http2-prior-knowledge", "--schema", schema, $"{BaseUrl}/{method}", "-d", "{}"],
            RepoPaths.ForeignClients);

        Assert.False(result.TimedOut, result.Describe());
        Assert.NotEqual(0, result.ExitCode);
        Assert.True(
            result.StandardError.Contains("unimplemented", StringComparison.OrdinalIgnoreCase),
            $"buf curl should report the server's UNIMPLEMENTED.{Environment.NewLine}{result.Describe()}");
        await AssertNoServerErrorsAsync();
    }

    private static async Task<ProcessResult> RunBufAsync(IReadOnlyList<string> arguments, string workingDirectory, Func<string, bool>? stopWhen = null)
    {
        var buf = await NodeModules.EnsureBufAsync().WaitAsync(SetupTimeout);
        return await ProcessRunner.RunAsync(buf, arguments, BufTimeout, workingDirectory, stopWhen: stopWhen);
    }

    private static Task<ProcessResult> CurlAsync(string reflectProtocol, IReadOnlyList<string> arguments, Func<string, bool>? stopWhen = null) =>
        RunBufAsync(
            ["curl", "--protocol", "grpc", "--http2-prior-knowledge", "--reflect-protocol", reflectProtocol, .. arguments],
            RepoPaths.ForeignClients,
            stopWhen);

    private static async Task<string> WriteUnknownMethodsSchemaAsync()
    {
        var path = Path.Combine(TestRunDirectory.GetSubdirectory("buf-schema"), "unknown.proto");
        const string Schema = """
            syntax = "proto3";

            package probe.v1;

            message Nothing {}

            service ProbeService {
              rpc NoSuchMethod(Nothing) returns (Nothing);
            }

            service NoSuchService {
              rpc Echo(Nothing) returns (Nothing);
            }

            """;
        await File.WriteAllTextAsync(path, Schema, Encoding.UTF8).WaitAsync(SetupTimeout);
        return path;
    }

    private static void AssertSucceeded(ProcessResult result) =>
        Assert.True(result.Succeeded, $"buf failed.{Environment.NewLine}{result.Describe()}");

    private Task AssertNoServerErrorsAsync() => ServerLogs.AssertNoErrorsAsync(fixture.Server.Logs);

    private static HashSet<string> Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);

    // buf curl prints each response message as its own (pretty-printed) JSON document. A
    // trailing incomplete document, as seen mid-stream, is not returned.
    private static List<JsonDocument> ParseJsonDocuments(string output)
    {
        var documents = new List<JsonDocument>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(output), new JsonReaderOptions { AllowMultipleValues = true });
        try
        {
            while (reader.Read())
            {
                documents.Add(JsonDocument.ParseValue(ref reader));
            }
        }
        catch (JsonException)
        {
            // The rest has not been written yet.
        }

        return documents;
    }

    private static List<string?> Statuses(string output) =>
        [.. ParseJsonDocuments(output).Select(d => d.RootElement.TryGetProperty("status", out var status) ? status.GetString() : null)];

    private static string Compact(JsonDocument document) => JsonSerializer.Serialize(document.RootElement);
}
