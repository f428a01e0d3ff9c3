using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace CancelGateway.Emulators.Vertex.Auth;

/// <summary>
/// Checks a service account's JWT-bearer assertion (RFC 7523) the way Google's token server does:
/// RS256 signed by the account's key (<c>kid</c>, when present, naming it), issued by the account,
/// addressed to the token endpoint (its <c>token_uri</c> or Google's canonical token URL), asking for scopes, and short-lived: <c>exp - iat</c> at most one
/// hour, not expired, not issued in the future (5 minutes of clock skew tolerated).
/// </summary>
internal sealed class JwtBearerGrantValidator(ServiceAccountKey key, TimeProvider time)
{
    public const string GrantType = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private const long MaxLifetimeSeconds = 3600;
    private const long MaxFutureSkewSeconds = 300;
    private const string TimeframeMessage =
        "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.";

    /// <summary>
    /// Google's token server also takes its own documented token URLs as the audience, and
    /// clients rely on it: Google.Apis.Auth (1.78) posts to <c>token_uri</c> but always names
    /// <c>https://oauth2.googleapis.com/token</c> in <c>aud</c>.
    /// </summary>
    private static readonly string[] GoogleTokenAudiences =
    [
        "https://oauth2.googleapis.com/token",
        "https://www.googleapis.com/oauth2/v4/token",
    ];

    public JwtBearerGrant Validate(string assertion)
    {
        var parts = assertion.Split('.');
        if (parts.Length != 3)
        {
            throw Invalid("Invalid JWT: the assertion must be a compact JWS with three parts.");
        }

        using var header = ParseJson(parts[0], "header");
        if (Text(header.RootElement, "alg") != "RS256")
        {
            throw Invalid("Invalid JWT: the signing algorithm must be RS256.");
        }

        var signature = Decode(parts[2], "signature");
        var keyId = Text(header.RootElement, "kid");
        if ((keyId is not null && keyId != key.PrivateKeyId)
            || !key.Verify(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), signature))
        {
            throw Invalid("Invalid JWT Signature.");
        }

        using var payload = ParseJson(parts[1], "payload");
        var claims = payload.RootElement;
        var issuer = Text(claims, "iss");
        if (issuer != key.ClientEmail)
        {
            throw Invalid("Invalid grant: account not found");
        }

        if (!HasAudience(claims, key.TokenUri) && !GoogleTokenAudiences.Any(audience => HasAudience(claims, audience)))
        {
            throw Invalid($"Invalid JWT: Failed audience check. The right audience is {key.TokenUri}");
        }

        CheckTimeframe(claims);

        if (Text(claims, "sub") is { } subject && subject != issuer)
        {
            // Impersonating a user needs domain-wide delegation, which the emulated account lacks.
            throw new OAuthException(
                OAuthException.UnauthorizedClient,
                "Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.");
        }

        var scopes = (Text(claims, "scope") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return scopes.Length == 0
            ? throw new OAuthException(OAuthException.InvalidScope, "Invalid OAuth scope or ID token audience provided.")
            : new JwtBearerGrant(issuer, scopes);
    }

    private void CheckTimeframe(JsonElement claims)
    {
        if (!claims.TryGetProperty("iat", out var iatElement) || !iatElement.TryGetDouble(out var iatValue)
            || !claims.TryGetProperty("exp", out var expElement) || !expElement.TryGetDouble(out var expValue))
        {
            throw Invalid(TimeframeMessage);
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var iat = (long)Math.Floor(iatValue);
        var exp = (long)Math.Floor(expValue);
        if (exp <= iat || exp - iat > MaxLifetimeSeconds || exp <= now || iat > now + MaxFutureSkewSeconds)
        {
            throw Invalid(TimeframeMessage);
        }
    }

    private static bool HasAudience(JsonElement claims, string? expected)
    {
        if (expected is null || !claims.TryGetProperty("aud", out var audience))
        {
            return false;
        }

        // RFC 7519 §4.1.3: a single string or an array of strings.
        return audience.ValueKind switch
        {
            JsonValueKind.String => audience.GetString() == expected,
            JsonValueKind.Array => audience.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && a.GetString() == expected),
            _ => false,
        };
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonDocument ParseJson(string part, string what)
    {
        try
        {
            var document = JsonDocument.Parse(Decode(part, what));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw Invalid($"Invalid JWT: the {what} is not a JSON object.");
            }

            return document;
        }
        catch (JsonException)
        {
            throw Invalid($"Invalid JWT: the {what} is not valid JSON.");
        }
    }

    private static byte[] Decode(string part, string what)
    {
        try
        {
            return Base64Url.DecodeFromChars(part);
        }
        catch (FormatException)
        {
            throw Invalid($"Invalid JWT: the {what} is not base64url.");
        }
    }

    private static OAuthException Invalid(string description) => new(OAuthException.InvalidGrant, description);
}
