using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CancelGateway.Security;

/// <summary>
/// ASP.NET Core authentication for the gateway: a bearer token (JWT) and/or a client
/// certificate, picked by what the request carries (a bearer token wins). With both, JwtBearer
/// is the default scheme and hands requests without a bearer header to the certificate handler
/// (its <c>ForwardDefaultSelector</c>): one handler per bearer call, not a policy scheme in
/// front of it. Both handlers end in the same two claims: the principal and how it was proven.
/// </summary>
internal static class GatewayAuthentication
{
    /// <summary>Asymmetric algorithms only: "none" and HMAC (and so the key-confusion attack, an HS256 token keyed with an RSA public key) are refused.</summary>
    public static readonly string[] Algorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.RsaSsaPssSha256,
    ];

    public static void Add(IServiceCollection services, SecurityOptions security)
    {
        if (!security.AuthenticationConfigured)
        {
            return;
        }

        var jwt = security.Jwt.Configured;
        var certificates = security.ClientCertificates.Configured;
        var authentication = services.AddAuthentication(jwt ? JwtBearerDefaults.AuthenticationScheme : CertificateAuthenticationDefaults.AuthenticationScheme);
        if (jwt)
        {
            services.AddSingleton<ValidatedTokenCache>();
            if (security.Jwt.JwksFile is { Length: > 0 } jwksFile)
            {
                services.AddSingleton(provider => new JwksKeySource(jwksFile, provider.GetRequiredService<ILogger<JwksKeySource>>()));
            }

            authentication.AddJwtBearer();
            services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
                .Configure<TimeProvider, ValidatedTokenCache, IServiceProvider>((options, time, cache, provider) => ConfigureJwt(options, security.Jwt, certificates, time, cache, provider.GetService<JwksKeySource>()));
        }

        if (certificates)
        {
            authentication.AddCertificate(options => ConfigureCertificates(options, security.ClientCertificates))
                .AddCertificateCache();
        }
    }

    private static void ConfigureJwt(JwtBearerOptions options, JwtOptions jwt, bool certificates, TimeProvider time, ValidatedTokenCache cache, JwksKeySource? keys)
    {
        if (certificates)
        {
            // null: this handler authenticates the request itself.
            options.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith(CachedBearer.Prefix, StringComparison.OrdinalIgnoreCase) ? null : CertificateAuthenticationDefaults.AuthenticationScheme;
        }

        // Claims keep their JWT names ("sub" stays "sub").
        options.MapInboundClaims = false;
        options.TimeProvider = time;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = jwt.Issuer,
            ValidAudience = jwt.Audience,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidAlgorithms = Algorithms,
            ClockSkew = jwt.ClockSkew,
        };
        if (keys is not null)
        {
            keys.Changed += cache.Clear;
            options.TokenValidationParameters.IssuerSigningKeyResolver = (_, _, kid, _) => keys.Resolve(kid);
        }
        else
        {
            // OpenID Connect discovery: the keys come from the issuer's jwks_uri, over HTTPS only.
            options.Authority = jwt.Authority;
            options.RequireHttpsMetadata = true;
        }

        options.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                // A token validated before (and not expired since) is not validated again.
                if (CachedBearer.Find(context.Request, cache) is { } known)
                {
                    context.Principal = known;
                    context.Success();
                }

                return Task.CompletedTask;
            },
            OnTokenValidated = context =>
            {
                if (context.Principal?.FindFirst(JwtRegisteredClaimNames.Sub)?.Value is not { Length: > 0 } subject)
                {
                    context.Fail("the token has no sub claim");
                    return Task.CompletedTask;
                }

                context.Principal = Principal(subject, CallerClaims.JwtMethod);
                if (context.SecurityToken is JsonWebToken validated)
                {
                    // Looked up by OnMessageReceived (CachedBearer) on the token's next calls.
                    cache.Add(validated.EncodedToken, context.Principal, new DateTimeOffset(validated.ValidTo, TimeSpan.Zero) + jwt.ClockSkew);
                }

                return Task.CompletedTask;
            },
        };
    }

    private static void ConfigureCertificates(CertificateAuthenticationOptions options, ClientCertificateOptions settings)
    {
        var bundle = new X509Certificate2Collection();
        try
        {
            bundle.ImportFromPemFile(settings.TrustedCaFile!);
        }
        catch (Exception bad) when (bad is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException($"Security:ClientCertificates:TrustedCaFile '{settings.TrustedCaFile}' cannot be read: {bad.Message}", bad);
        }

        if (bundle.Count == 0)
        {
            throw new InvalidOperationException($"Security:ClientCertificates:TrustedCaFile '{settings.TrustedCaFile}' holds no PEM certificate.");
        }

        options.AllowedCertificateTypes = CertificateTypes.Chained;
        options.ChainTrustValidationMode = X509ChainTrustMode.CustomRootTrust;
        foreach (var certificate in bundle)
        {
            // Self-signed ones are the roots; the rest complete chains.
            (certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData) ? options.CustomTrustStore : options.AdditionalChainCertificates).Add(certificate);
        }

        // No CRL or OCSP endpoint is configured for a private CA; short-lived certificates are the revocation.
        options.RevocationMode = X509RevocationMode.NoCheck;
        options.ValidateCertificateUse = true;
        options.ValidateValidityPeriod = true;
        options.Events = new CertificateAuthenticationEvents
        {
            OnCertificateValidated = context =>
            {
                if (CertificatePrincipal.Of(context.ClientCertificate) is { } principal)
                {
                    context.Principal = Principal(principal, CallerClaims.CertificateMethod);
                    context.Success();
                }
                else
                {
                    context.Fail("the client certificate names no principal (no URI SAN, no CN)");
                }

                return Task.CompletedTask;
            },
        };
    }

    private static ClaimsPrincipal Principal(string name, string method) =>
        new(new ClaimsIdentity([new Claim(CallerClaims.Principal, name), new Claim(CallerClaims.Method, method)], method, CallerClaims.Principal, null));
}
