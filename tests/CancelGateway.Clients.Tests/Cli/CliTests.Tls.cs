using System.Security.Cryptography.X509Certificates;
using CancelGateway.Clients.Tests.Support;
using Xunit;

namespace CancelGateway.Clients.Tests.Cli;

public sealed partial class CliTests
{
    [Fact]
    public async Task Get_TlsGatewayWithItsCaFile_ReachesIt_WithoutTheCaFile_OneLineUntrusted()
    {
        var directory = TestRunDirectory.GetSubdirectory($"tls-{Guid.NewGuid():N}");
        var certFile = Path.Combine(directory, "gateway.pem");
        var keyFile = Path.Combine(directory, "gateway.key");
        using (var certificate = SelfSignedCertificate.ForLoopback())
        {
            await File.WriteAllTextAsync(certFile, certificate.ExportCertificatePem());
            await File.WriteAllTextAsync(keyFile, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        }

        await using var gateway = await LiveGateway.StartAsync($"--Gateway:TlsCertificateFile={certFile}", $"--Gateway:TlsKeyFile={keyFile}");
        Assert.Equal("https", gateway.GrpcAddress.Scheme);

        // Over TLS, trusting the gateway's certificate: the call reaches it (an unknown operation).
        var trusted = await CliProcess.RunAsync("--address", gateway.GrpcAddress.ToString(), "--ca-file", certFile, "--token", "t0ken", "get", "operations/0123456789abcdef0123456789abcdef");
        var untrusted = await CliProcess.RunAsync("--address", gateway.GrpcAddress.ToString(), "get", "operations/0123456789abcdef0123456789abcdef");

        Assert.True(trusted.ExitCode == 15, trusted.Describe());
        Assert.StartsWith("error: NOT_FOUND OPERATION_NOT_FOUND: ", trusted.StandardError, StringComparison.Ordinal);
        // Grpc.Net.Client reports a failed TLS handshake as INTERNAL.
        Assert.True(untrusted.ExitCode == 23, untrusted.Describe());
        Assert.Contains("UntrustedRoot", Assert.Single(untrusted.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }
}
