using CancelGateway.Tests.Functional;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Grpc.Core;
using Xunit;

namespace CancelGateway.Tests.Security;

/// <summary>The README's way to try bearer tokens (openssl + scripts/dev-jwt.py) gives a JWKS and a token the gateway accepts.</summary>
[Collection(FunctionalTests.Name)]
public sealed class DevJwtScriptTests
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task DevJwtScript_JwksAndToken_AreAcceptedByTheGateway()
    {
        using var directory = new TempDirectory();
        var key = directory.File("idp.key");
        var script = Path.Combine(RepoPaths.Root, "scripts", "dev-jwt.py");
        Assert.True((await ProcessRunner.RunAsync("openssl", ["genrsa", "-out", key, "2048"], ScriptTimeout)).Succeeded);
        var jwks = await ProcessRunner.RunAsync("python3", [script, "jwks", "--key", key, "--kid", "dev-1"], ScriptTimeout);
        Assert.True(jwks.Succeeded, jwks.Describe());
        await File.WriteAllTextAsync(directory.File("jwks.json"), jwks.StandardOutput);
        var token = await ProcessRunner.RunAsync("python3", [script, "token", "--key", key, "--kid", "dev-1", "--iss", "https://idp.example", "--aud", "cancelgateway", "--sub", "ci-bot"], ScriptTimeout);
        Assert.True(token.Succeeded, token.Describe());

        await using var fixture = await GatewayFixture.StartAsync(new Dictionary<string, string>
        {
            ["Security:Jwt:Issuer"] = "https://idp.example",
            ["Security:Jwt:Audience"] = "cancelgateway",
            ["Security:Jwt:JwksFile"] = directory.File("jwks.json"),
        });
        var request = new CancelRequest { Name = fixture.AddRun() };
        var deadline = TimeProvider.System.GetUtcNow().UtcDateTime + GatewayClient.CallTimeout;

        var operation = await fixture.Client.PipelineControl.CancelAsync(request, new Metadata { { "authorization", "Bearer " + token.StandardOutput.Trim() } }, deadline);
        var refused = await GatewayClient.FailureOf(() => fixture.Client.PipelineControl.CancelAsync(request, deadline: deadline).ResponseAsync);

        Assert.Equal("ci-bot", operation.Metadata.Unpack<CancelOperationMetadata>().RequestedBy);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }
}
