using CancelGateway.Hosting;
using CancelGateway.Tests.Functional;
using CancelGateway.Tests.Support;
using Microsoft.Extensions.Options;
using Xunit;

namespace CancelGateway.Tests.Security;

/// <summary>Settings that would open the gateway up, or that cannot work, stop the start with a message naming them.</summary>
[Collection(FunctionalTests.Name)]
public sealed class SecurityStartupTests
{
    [Fact]
    public async Task NonLoopbackListen_WithoutAuthentication_RefusesToStart()
    {
        var failure = await StartFailureAsync(new() { ["Gateway:Listen"] = "0.0.0.0:0" });

        Assert.Contains("0.0.0.0:0", failure, StringComparison.Ordinal);
        Assert.Contains("Security:AllowAnonymous", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonLoopbackHttpListen_WithoutAuthentication_RefusesToStart()
    {
        var failure = await StartFailureAsync(new() { ["Gateway:HttpListen"] = "0.0.0.0:0" });

        Assert.Contains("beyond loopback", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientCertificates_WithoutTls_RefuseToStart()
    {
        using var directory = new TempDirectory();
        await File.WriteAllTextAsync(directory.File("ca.pem"), "unused");

        var failure = await StartFailureAsync(new() { ["Security:ClientCertificates:TrustedCaFile"] = directory.File("ca.pem") });

        Assert.Contains("Gateway:TlsCertificateFile", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jwt_WithoutAudienceOrKeys_RefusesToStart()
    {
        var failure = await StartFailureAsync(new() { ["Security:Jwt:Issuer"] = "https://idp.example" });

        Assert.Contains("Security:Jwt:Audience", failure, StringComparison.Ordinal);
        Assert.Contains("Security:Jwt:JwksFile", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadPolicyFile_RefusesToStart_NamingTheLine()
    {
        using var directory = new TempDirectory();
        var policy = directory.File("policy.json");
        await File.WriteAllTextAsync(policy, "{\"principals\": {\n  \"ci\": {\"runs\": [\"projects/***\"]}\n}}");

        var failure = await StartFailureAsync(new() { ["Security:PolicyFile"] = policy });

        Assert.Contains("line 2", failure, StringComparison.Ordinal);
        Assert.Contains("***", failure, StringComparison.Ordinal);
    }

    private static async Task<string> StartFailureAsync(Dictionary<string, string> settings)
    {
        using var directory = new TempDirectory();
        var arguments = new List<string>
        {
            "--Gateway:Listen=127.0.0.1:0",
            "--Gateway:HttpListen=127.0.0.1:0",
            "--Emulators:Enabled=false",
            "--Providers:VertexAi:Endpoint=http://127.0.0.1:9",
            "--Storage:Sqlite:Path=" + directory.File("operations.db"),
        };
        arguments.AddRange(settings.Select(s => $"--{s.Key}={s.Value}"));
        var (app, _) = await GatewayApp.BuildAsync([.. arguments]).Within();
        await using (app)
        {
            var failure = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync().Within());
            if (failure is OptionsValidationException validation)
            {
                return string.Join(' ', validation.Failures);
            }

            return failure.Message;
        }
    }
}
