using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace CancelGateway.Security;

/// <summary>
/// The fast path for a bearer token validated before: JwtBearer's <c>OnMessageReceived</c>
/// asks here first, and a token found in the cache ends authentication without parsing the
/// token or checking its signature again. A token not in the cache (new, expired, or validated
/// under keys since replaced) takes the full validation.
/// </summary>
internal static class CachedBearer
{
    /// <summary>How an Authorization header carrying a bearer token begins (compared without case).</summary>
    public const string Prefix = "Bearer ";

    /// <summary>The principal of the request's bearer token when the cache holds it; null when the full validation must run.</summary>
    public static ClaimsPrincipal? Find(HttpRequest request, ValidatedTokenCache cache)
    {
        var header = request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { Length: > 7 } value || !value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return cache.Find(value.AsSpan(Prefix.Length).Trim());
    }
}
