using System.Globalization;
using System.Net;

namespace CancelGateway.Hosting;

/// <summary>The gateway's own settings (configuration section "Gateway").</summary>
internal sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Where to listen, <c>host:port</c> (default <c>127.0.0.1:50051</c>; port 0 picks one).</summary>
    public string Listen { get; set; } = "127.0.0.1:50051";

    /// <summary>
    /// Where REST/JSON (JSON transcoding) and gRPC-Web are served over cleartext HTTP/1.1,
    /// <c>host:port</c> (default <c>127.0.0.1:8080</c>; port 0 picks one; empty turns it off).
    /// A port of its own because cleartext HTTP/2 needs prior knowledge: a cleartext port that
    /// also spoke HTTP/1.1 could not serve h2c gRPC.
    /// </summary>
    public string HttpListen { get; set; } = "127.0.0.1:8080";

    /// <summary>A PEM certificate for TLS; h2c (plaintext HTTP/2) when unset.</summary>
    public string? TlsCertificateFile { get; set; }

    /// <summary>The PEM private key of <see cref="TlsCertificateFile"/>.</summary>
    public string? TlsKeyFile { get; set; }

    /// <summary>Serve gRPC server reflection (default true), for grpcurl and buf curl.</summary>
    public bool EnableReflection { get; set; } = true;

    /// <summary>
    /// Send the message of an unexpected server exception to callers (default false: they see
    /// "Exception was thrown by handler."). For debugging only; it may reveal internals.
    /// </summary>
    public bool EnableDetailedErrors { get; set; }

    /// <summary>
    /// The most connections open at once, on all listeners together; one more is closed as soon
    /// as it is accepted. Unset: half the process's open-file limit, at most 10 000, so a
    /// connection flood can never take the descriptors the store, the providers and the
    /// runtime itself need (at the limit a process cannot even load an assembly).
    /// </summary>
    public int? MaxConnections { get; set; }

    /// <summary>A connection with no request in flight is closed after this long (default 2 min).</summary>
    public TimeSpan IdleConnectionTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// An HTTP/2 connection that has been silent this long is sent a PING (default 1 min), so a
    /// long-lived stream (WatchRun, health Watch, reflection) to a peer that has gone away does
    /// not stay open forever.
    /// </summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A PING not answered within this time closes the connection (default 20 s).</summary>
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// On SIGTERM, how long open streams (WatchRun) and in-flight calls get to end before the
    /// process stops (default 10 s). Open WatchRun streams end at once with UNAVAILABLE ("the
    /// server is shutting down"); the time is for their last messages and for unary calls and
    /// store writes in flight. Keep it below the orchestrator's grace period (Kubernetes: 30 s).
    /// </summary>
    public TimeSpan ShutdownDrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Parses <see cref="Listen"/>; throws naming the setting when it is malformed.</summary>
    public IPEndPoint ListenEndPoint() => Parse(Listen, nameof(Listen), "127.0.0.1:50051");

    /// <summary>Parses <see cref="HttpListen"/>: null when it is empty (the HTTP/1.1 listener is off).</summary>
    public IPEndPoint? HttpListenEndPoint() =>
        string.IsNullOrWhiteSpace(HttpListen) ? null : Parse(HttpListen, nameof(HttpListen), "127.0.0.1:8080");

    private static IPEndPoint Parse(string value, string setting, string example)
    {
        var colon = value.LastIndexOf(':');
        if (colon <= 0
            || !IPAddress.TryParse(value[..colon].Trim('[', ']'), out var address)
            || !int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port > 65535)
        {
            throw new InvalidOperationException($"{SectionName}:{setting} must be an IP address and port such as {example} (was '{value}').");
        }

        return new IPEndPoint(address, port);
    }
}
