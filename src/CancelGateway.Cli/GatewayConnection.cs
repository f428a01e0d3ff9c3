using System.Security.Cryptography.X509Certificates;
using CancelGateway.V1;
using Google.LongRunning;
using Grpc.Core;
using Grpc.Net.Client;

namespace CancelGateway.Cli;

/// <summary>One channel to the gateway, with the TLS, mTLS and bearer-token settings applied.</summary>
internal sealed class GatewayConnection : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly Metadata _headers = [];
    private readonly TimeSpan _timeout;

    public GatewayConnection(ConnectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _timeout = settings.Timeout;
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        if (settings.CaFile is { } caFile)
        {
            handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            handler.SslOptions.CertificateChainPolicy.CustomTrustStore.AddRange(LoadCertificates(caFile));
        }

        if (settings.CertFile is { } certFile)
        {
            handler.SslOptions.ClientCertificates = [X509Certificate2.CreateFromPemFile(certFile, settings.KeyFile)];
        }

        if (settings.Token is { Length: > 0 } token)
        {
            // Sent as a header on every call (also over cleartext, where CallCredentials refuse to go).
            _headers.Add("authorization", "Bearer " + token);
        }

        _channel = GrpcChannel.ForAddress(settings.Address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        PipelineControl = new PipelineControl.PipelineControlClient(_channel);
        Operations = new Operations.OperationsClient(_channel);
    }

    public PipelineControl.PipelineControlClient PipelineControl { get; }

    public Operations.OperationsClient Operations { get; }

    /// <summary>Options for a unary call: the headers and a deadline.</summary>
    public CallOptions Unary(CancellationToken cancellationToken) =>
        new(_headers, TimeProvider.System.GetUtcNow().UtcDateTime + _timeout, cancellationToken);

    /// <summary>Options for a stream that lasts as long as the run: the headers, no deadline.</summary>
    public CallOptions Stream(CancellationToken cancellationToken) => new(_headers, cancellationToken: cancellationToken);

    public void Dispose() => _channel.Dispose();

    private static X509Certificate2Collection LoadCertificates(string path)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(path);
        return certificates;
    }
}
