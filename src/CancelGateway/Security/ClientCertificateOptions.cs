namespace CancelGateway.Security;

/// <summary>Client certificate settings (section "Security:ClientCertificates"); on when a trusted CA file is set.</summary>
internal sealed class ClientCertificateOptions
{
    /// <summary>A PEM bundle of the CAs whose client certificates are trusted (roots and intermediates).</summary>
    public string? TrustedCaFile { get; set; }

    /// <summary>Whether client certificates are asked for and accepted.</summary>
    public bool Configured => !string.IsNullOrWhiteSpace(TrustedCaFile);
}
