namespace CancelGateway.Security;

/// <summary>Bearer token settings (section "Security:Jwt"); on when an issuer is set.</summary>
internal sealed class JwtOptions
{
    /// <summary>The <c>iss</c> every token must carry.</summary>
    public string? Issuer { get; set; }

    /// <summary>The <c>aud</c> every token must carry.</summary>
    public string? Audience { get; set; }

    /// <summary>A JWKS JSON file holding the issuer's public keys; re-read when it changes.</summary>
    public string? JwksFile { get; set; }

    /// <summary>An OpenID Connect issuer whose discovery document names the keys (instead of <see cref="JwksFile"/>).</summary>
    public string? Authority { get; set; }

    /// <summary>How far <c>exp</c> and <c>nbf</c> may be off the gateway's clock (default 30 s).</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether bearer tokens are accepted.</summary>
    public bool Configured => !string.IsNullOrWhiteSpace(Issuer);
}
