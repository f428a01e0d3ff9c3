using System.Net;
using CancelGateway.Hosting;
using Microsoft.Extensions.Options;

namespace CancelGateway.Security;

/// <summary>
/// Checks the security settings against each other and against where the gateway listens,
/// at start: a gateway reachable beyond loopback with no authentication does not start unless
/// anonymous access is asked for by name.
/// </summary>
internal sealed class SecurityOptionsValidation(IOptions<GatewayOptions> gateway) : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        var problems = new List<string>();
        var jwt = options.Jwt;
        if (jwt.Configured)
        {
            if (string.IsNullOrWhiteSpace(jwt.Audience))
            {
                problems.Add("Security:Jwt:Audience must be set with Security:Jwt:Issuer.");
            }

            if (string.IsNullOrWhiteSpace(jwt.JwksFile) == string.IsNullOrWhiteSpace(jwt.Authority))
            {
                problems.Add("Exactly one of Security:Jwt:JwksFile and Security:Jwt:Authority must be set with Security:Jwt:Issuer.");
            }

            if (jwt.ClockSkew < TimeSpan.Zero || jwt.ClockSkew > TimeSpan.FromMinutes(5))
            {
                problems.Add("Security:Jwt:ClockSkew must be between 0 and 00:05:00.");
            }
        }
        else if (!string.IsNullOrWhiteSpace(jwt.Audience) || !string.IsNullOrWhiteSpace(jwt.JwksFile) || !string.IsNullOrWhiteSpace(jwt.Authority))
        {
            problems.Add("Security:Jwt:Issuer must be set for bearer tokens to be accepted (Audience, JwksFile or Authority is set without it).");
        }

        if (options.ClientCertificates.Configured && string.IsNullOrWhiteSpace(gateway.Value.TlsCertificateFile))
        {
            problems.Add("Security:ClientCertificates:TrustedCaFile needs TLS: set Gateway:TlsCertificateFile and Gateway:TlsKeyFile.");
        }

        if (options.MaxWatchStreamsPerPrincipal < 1)
        {
            problems.Add("Security:MaxWatchStreamsPerPrincipal must be at least 1.");
        }

        if (!options.AuthenticationConfigured && !options.AllowAnonymous && ExposedAddress(gateway.Value) is { } exposed)
        {
            problems.Add($"The gateway listens on {exposed}, beyond loopback, and no authentication is configured (Security:Jwt:Issuer or Security:ClientCertificates:TrustedCaFile). Configure one, or set Security:AllowAnonymous=true to serve anyone who can reach it.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>The first listen address that is not loopback, or null when every listener is loopback-only.</summary>
    public static string? ExposedAddress(GatewayOptions gateway)
    {
        foreach (var endpoint in new[] { gateway.ListenEndPoint(), gateway.HttpListenEndPoint() })
        {
            if (endpoint is not null && !IPAddress.IsLoopback(endpoint.Address))
            {
                return endpoint.ToString();
            }
        }

        return null;
    }
}
