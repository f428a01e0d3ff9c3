namespace CancelGateway.Security;

/// <summary>Who may call the gateway and what each caller may touch (configuration section "Security").</summary>
internal sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>Bearer tokens (JWT) from an identity provider.</summary>
    public JwtOptions Jwt { get; set; } = new();

    /// <summary>Client certificates (mutual TLS) from a trusted CA.</summary>
    public ClientCertificateOptions ClientCertificates { get; set; } = new();

    /// <summary>
    /// A JSON policy file naming, per principal, the runs it may cancel and its limits; re-read
    /// when it changes. Unset: every authenticated caller may cancel every run.
    /// </summary>
    public string? PolicyFile { get; set; }

    /// <summary>
    /// Allow callers without credentials on a listener that is not loopback-only. Off by default:
    /// a gateway reachable from the network with no authentication refuses to start.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>How many WatchRun streams one principal may hold open at once (default 100).</summary>
    public int MaxWatchStreamsPerPrincipal { get; set; } = 100;

    /// <summary>Whether any way to authenticate callers is configured.</summary>
    public bool AuthenticationConfigured => Jwt.Configured || ClientCertificates.Configured;
}
