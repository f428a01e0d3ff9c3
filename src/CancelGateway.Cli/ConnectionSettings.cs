namespace CancelGateway.Cli;

/// <summary>Where the gateway is and how to reach it.</summary>
/// <param name="Address">http:// for cleartext h2c, https:// for TLS.</param>
/// <param name="CaFile">A PEM root certificate to trust instead of the system's (a private CA).</param>
/// <param name="CertFile">A PEM client certificate, for mTLS (with <paramref name="KeyFile"/>).</param>
/// <param name="KeyFile">The client certificate's PEM private key.</param>
/// <param name="Token">Sent as <c>authorization: Bearer …</c> on every call.</param>
/// <param name="Timeout">The deadline of each unary call.</param>
internal sealed record ConnectionSettings(Uri Address, string? CaFile, string? CertFile, string? KeyFile, string? Token, TimeSpan Timeout);
