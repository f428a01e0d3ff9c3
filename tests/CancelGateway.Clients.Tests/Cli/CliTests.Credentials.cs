using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CancelGateway.Clients.Tests.Support;
using Xunit;

namespace CancelGateway.Clients.Tests.Cli;

public sealed partial class CliTests
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Cancel_SecuredGateway_TokenOrClientCertificateAuthenticates_NoneIsUnauthenticated()
    {
        var directory = TestRunDirectory.GetSubdirectory($"secured-{Guid.NewGuid():N}");
        string File(string name) => Path.Combine(directory, name);
        WriteCertificates(directory);

        // A development identity provider (the README's scripts/dev-jwt.py): its JWKS and a token for ci-bot.
        var devJwt = Path.Combine(RepoPaths.Root, "scripts", "dev-jwt.py");
        Assert.True((await ProcessRunner.RunAsync("openssl", ["genrsa", "-out", File("idp.key"), "2048"], ToolTimeout)).Succeeded);
        var jwks = await ProcessRunner.RunAsync("python3", [devJwt, "jwks", "--key", File("idp.key"), "--kid", "dev-1"], ToolTimeout);
        Assert.True(jwks.Succeeded, jwks.Describe());
        await System.IO.File.WriteAllTextAsync(File("jwks.json"), jwks.StandardOutput);
        var token = await ProcessRunner.RunAsync("python3", [devJwt, "token", "--key", File("idp.key"), "--kid", "dev-1", "--iss", "https://idp.example", "--aud", "cancelgateway", "--sub", "ci-bot"], ToolTimeout);
        Assert.True(token.Succeeded, token.Describe());

        await using var gateway = await LiveGateway.StartAsync(
            $"--Gateway:TlsCertificateFile={File("server.pem")}",
            $"--Gateway:TlsKeyFile={File("server.key")}",
            $"--Security:ClientCertificates:TrustedCaFile={File("ca.pem")}",
            "--Security:Jwt:Issuer=https://idp.example",
            "--Security:Jwt:Audience=cancelgateway",
            $"--Security:Jwt:JwksFile={File("jwks.json")}");
        string[] tls = ["--address", gateway.GrpcAddress.ToString(), "--ca-file", File("ca.pem")];

        var anonymous = await CliProcess.RunAsync([.. tls, "cancel", DemoRunNames.Vertex(1)]);
        var withToken = await CliProcess.RunAsync([.. tls, "--token", token.StandardOutput.Trim(), "cancel", "--wait", DemoRunNames.Vertex(1)]);
        var withCertificate = await CliProcess.RunAsync([.. tls, "--cert-file", File("client.pem"), "--key-file", File("client.key"), "--output", "json", "cancel", DemoRunNames.CodeArts(1)]);

        Assert.True(anonymous.ExitCode == 26, anonymous.Describe());
        Assert.StartsWith("error: UNAUTHENTICATED", Assert.Single(anonymous.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.True(withToken.ExitCode == 0, withToken.Describe());
        Assert.Contains("CANCELLED", withToken.StandardOutput, StringComparison.Ordinal);
        Assert.True(withCertificate.ExitCode == 0, withCertificate.Describe());
        Assert.Contains("\"requestedBy\": \"spiffe://example.org/ns/ml/sa/canceller\"", withCertificate.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>A CA, the gateway's certificate for 127.0.0.1 and a client certificate with a SPIFFE id, as PEM files.</summary>
    private static void WriteCertificates(string directory)
    {
        var now = TimeProvider.System.GetUtcNow();
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));
        File.WriteAllText(Path.Combine(directory, "ca.pem"), ca.ExportCertificatePem());

        void Issue(string name, string subject, Action<SubjectAlternativeNameBuilder> san, string usage)
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            san(names);
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
            using var issued = request.Create(ca, now.AddMinutes(-5), now.AddHours(1), RandomNumberGenerator.GetBytes(8));
            File.WriteAllText(Path.Combine(directory, name + ".pem"), issued.ExportCertificatePem());
            File.WriteAllText(Path.Combine(directory, name + ".key"), key.ExportPkcs8PrivateKeyPem());
        }

        Issue("server", "CN=127.0.0.1", names => names.AddIpAddress(IPAddress.Loopback), "1.3.6.1.5.5.7.3.1");
        Issue("client", "CN=canceller", names => names.AddUri(new Uri("spiffe://example.org/ns/ml/sa/canceller")), "1.3.6.1.5.5.7.3.2");
    }
}
