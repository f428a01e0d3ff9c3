using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;

namespace CancelGateway.Hosting;

/// <summary>
/// <c>--health-check</c>: asks a running gateway, over <c>grpc.health.v1.Health/Check</c> on the
/// gRPC listener its settings name, whether it is serving; exit 0 if SERVING, 1 otherwise. The
/// container's HEALTHCHECK, which then needs no tool in the image beyond the gateway itself.
/// </summary>
internal static class GatewayHealthProbe
{
    public const string Flag = "--health-check";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);

        // The host's own sources: appsettings.json, the environment, the command line.
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. args.Where(a => a != Flag)])
            .Build();
        var gateway = configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions();
        var endPoint = gateway.ListenEndPoint();
        var address = endPoint.Address.Equals(IPAddress.Any) ? IPAddress.Loopback
            : endPoint.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback
            : endPoint.Address;
        var tls = gateway.TlsCertificateFile is not null;
        var target = new UriBuilder(tls ? Uri.UriSchemeHttps : Uri.UriSchemeHttp, address.ToString(), endPoint.Port).Uri;

        // The probe runs beside the gateway: its certificate names the service, not the loopback,
        // so the probe trusts exactly the certificate the settings give the gateway.
        using var handler = new SocketsHttpHandler();
        if (tls)
        {
            using var own = X509Certificate2.CreateFromPemFile(gateway.TlsCertificateFile!, gateway.TlsKeyFile);
            var thumbprint = own.GetCertHashString(HashAlgorithmName.SHA256);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) =>
                presented is not null && string.Equals(presented.GetCertHashString(HashAlgorithmName.SHA256), thumbprint, StringComparison.Ordinal);
        }

        using var channel = GrpcChannel.ForAddress(target, new GrpcChannelOptions { HttpHandler = handler });
        try
        {
            var response = await new Health.HealthClient(channel).CheckAsync(
                new HealthCheckRequest(), deadline: TimeProvider.System.GetUtcNow().UtcDateTime + Deadline);
            await output.WriteLineAsync($"{target}: {response.Status}");
            return response.Status == HealthCheckResponse.Types.ServingStatus.Serving ? 0 : 1;
        }
        catch (RpcException e)
        {
            await output.WriteLineAsync($"{target}: {e.StatusCode} {e.Status.Detail}");
            return 1;
        }
    }
}
