using System.Globalization;
using CancelGateway.Tests.Functional;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Xunit;

namespace CancelGateway.Tests.Security;

/// <summary>
/// Foreign stacks calling the secured gateway as services and people would: Python grpcio
/// (ssl_channel_credentials + access_token_call_credentials), grpc-go with mTLS, and buf curl
/// with --cert/--key or a bearer header. Each process asserts the status it must see.
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed class ForeignSecureClientTests(SecureGatewayFixture fixture) : IClassFixture<SecureGatewayFixture>
{
    private static readonly TimeSpan SetupTimeout = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(60);
    private static readonly Lazy<Task<string>> GoClient = new(() => DebianGo.BuildAsync("secureclient", Path.Combine(RepoPaths.ForeignClients, "go", "secure_client.go")));

    private string Target => "127.0.0.1:" + fixture.Gateway.Address.Port.ToString(CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("token", "ml-prod", "OK", "ci-bot")]
    [InlineData("certificate", "ml-prod", "OK", TestPki.SpiffeId)]
    [InlineData("certificate-and-token", "ml-prod", "OK", "ci-bot")]
    [InlineData("expired-token", "ml-prod", "UNAUTHENTICATED", "invalid credentials")]
    [InlineData("nothing", "ml-prod", "UNAUTHENTICATED", "invalid credentials")]
    [InlineData("out-of-scope-certificate", "ml-prod", "PERMISSION_DENIED", "The caller may not cancel")]
    public async Task PythonGrpcio_WithTlsAndCallCredentials_SeesTheExpectedStatus(string credentials, string project, string expected, string said)
    {
        var run = fixture.AddRun(project);
        var stubs = await PythonGatewayStubs.EnsureGeneratedAsync().WaitAsync(SetupTimeout);
        var arguments = new List<string> { Path.Combine(RepoPaths.PythonClients, "secure_client.py"), "--target", Target, "--stubs", stubs, "--ca", fixture.Pki.CaFile, "--run", run, "--expect", expected };
        var certificate = credentials switch
        {
            "certificate" or "certificate-and-token" => "spiffe",
            "out-of-scope-certificate" => "cn",
            _ => null,
        };
        if (certificate is not null)
        {
            arguments.AddRange(["--cert", fixture.Pki.Client(certificate).Certificate, "--key", fixture.Pki.Client(certificate).Key]);
        }

        var token = credentials switch
        {
            "token" or "certificate-and-token" => fixture.Tokens.For("ci-bot"),
            "expired-token" => fixture.Tokens.Expired("ci-bot"),
            _ => null,
        };
        if (token is not null)
        {
            arguments.AddRange(["--token", token]);
        }

        var result = await ProcessRunner.RunAsync(PythonGatewayStubs.Python, arguments, ClientTimeout, environment: new Dictionary<string, string?> { ["PYTHONDONTWRITEBYTECODE"] = "1" });

        Assert.True(result.Succeeded, result.Describe());
        Assert.Contains($"PASS python {expected} {said}", result.StandardOutput, StringComparison.Ordinal);
        fixture.AssertNoUnexpectedErrors();
    }

    [Theory]
    [InlineData("spiffe", "ml-prod", "OK")]
    [InlineData("cn", "ml-prod", "PermissionDenied")]
    [InlineData("foreign", "ml-prod", "Unauthenticated")]
    [InlineData("expired", "ml-prod", "Unauthenticated")]
    public async Task GrpcGo_WithClientCertificate_SeesTheExpectedStatus(string certificate, string project, string expected)
    {
        var run = fixture.AddRun(project);
        var binary = await GoClient.Value.WaitAsync(SetupTimeout);
        var (certificateFile, keyFile) = fixture.Pki.Client(certificate);

        var result = await ProcessRunner.RunAsync(binary, ["-target", Target, "-ca", fixture.Pki.CaFile, "-cert", certificateFile, "-key", keyFile, "-run", run, "-expect", expected], ClientTimeout);

        Assert.True(result.Succeeded, result.Describe());
        Assert.Contains($"PASS go {expected}", result.StandardOutput, StringComparison.Ordinal);
        if (expected == "OK")
        {
            var name = result.StandardOutput.Trim().Split(' ')[^1];
            using var reader = fixture.ClientWith(certificate: "spiffe");
            Assert.Equal(TestPki.SpiffeId, (await reader.GetOperationAsync(name)).Metadata.Unpack<CancelOperationMetadata>().RequestedBy);
        }
    }

    [Theory]
    [InlineData("certificate", true)]
    [InlineData("token", true)]
    [InlineData("nothing", false)]
    public async Task BufCurl_WithCertificateOrBearerHeader_IsServed_AndWithoutIsUnauthenticated(string credentials, bool served)
    {
        var run = fixture.AddRun("ml-prod");
        var buf = await ForeignClientModules.BufAsync().WaitAsync(SetupTimeout);
        var arguments = new List<string> { "curl", "--protocol", "grpc", "--cacert", fixture.Pki.CaFile, "--timeout", "30s" };

        // As the README shows it: the schema from the server's reflection, which needs the
        // credentials too (buf sends -H headers to reflection with --reflect-header '*').
        if (credentials == "certificate")
        {
            arguments.AddRange(["--cert", fixture.Pki.Client("spiffe").Certificate, "--key", fixture.Pki.Client("spiffe").Key]);
        }
        else if (credentials == "token")
        {
            arguments.AddRange(["-H", "authorization: Bearer " + fixture.Tokens.For("ci-bot"), "--reflect-header", "*"]);
        }
        else
        {
            arguments.AddRange(["--schema", GrpcWebSchema.Directory]);
        }

        arguments.AddRange(["-d", $"{{\"name\": \"{run}\"}}", $"https://127.0.0.1:{fixture.Gateway.Address.Port}/cancelgateway.v1.PipelineControl/Cancel"]);

        var result = await ProcessRunner.RunAsync(buf, arguments, ClientTimeout, RepoPaths.ForeignClients);

        if (served)
        {
            Assert.True(result.Succeeded, result.Describe());
            Assert.Contains(credentials == "certificate" ? TestPki.SpiffeId : "ci-bot", result.StandardOutput, StringComparison.Ordinal);
        }
        else
        {
            Assert.False(result.Succeeded, result.Describe());
            Assert.Contains("unauthenticated", result.StandardError, StringComparison.Ordinal);
            Assert.Contains("invalid credentials", result.StandardError, StringComparison.Ordinal);
        }
    }
}
