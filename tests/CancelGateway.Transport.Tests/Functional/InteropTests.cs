using CancelGateway.Transport.Tests.Support;
using Xunit;

namespace CancelGateway.Transport.Tests.Functional;

/// <summary>
/// The official gRPC interop-test client (Ruby, from Debian's ruby-grpc) against
/// grpc.testing.TestService on grpc-dotnet (tests/InteropServer): the cross-language
/// conformance suite every gRPC server is held to.
/// </summary>
public sealed class InteropTests(InteropServerFixture fixture) : IClassFixture<InteropServerFixture>
{
    // Ruby plus the grpc gem take a few seconds to load on a busy machine; the slowest case sleeps about a second.
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(90);

    public static TheoryData<string> Cases { get; } = new()
    {
        "empty_unary",
        "large_unary",
        "server_streaming",
        "client_streaming",
        "ping_pong",
        "empty_stream",
        "cancel_after_begin",
        "cancel_after_first_response",
        "timeout_on_sleeping_server",
        "status_code_and_message",
        "custom_metadata",
        "unimplemented_method",
        "unimplemented_service",
        "client_compressed_unary",
        "client_compressed_streaming",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task TestCase_FromRubyInteropClient_Passes(string testCase)
    {
        var ruby = RubyInteropClient.Ruby;
        var script = RubyInteropClient.Script;

        var result = await ProcessRunner.RunAsync(
            ruby,
            [script, "--server_host=127.0.0.1", $"--server_port={fixture.Port}", $"--test_case={testCase}"],
            CaseTimeout);

        Assert.True(result.Succeeded, $"The Ruby interop client failed {testCase}.{Environment.NewLine}{result.Describe()}");
        // client.rb prints this only after the case's own assertions have passed.
        Assert.True(
            result.StandardOutput.Contains($"OK: {testCase}", StringComparison.Ordinal),
            $"The Ruby interop client did not report {testCase} as passed.{Environment.NewLine}{result.Describe()}");
        await ServerLogs.AssertNoErrorsAsync(fixture.Logs, "The interop server");
    }
}
