using Microsoft.AspNetCore.Http;

namespace CancelGateway.Security;

/// <summary>
/// The fast path for a bearer token validated before: the caller is set from the cache and the
/// authentication middleware is skipped (its per-request handlers cost more than the call). A
/// token not in the cache (new, expired, or validated under keys since replaced) takes the
/// full path through JwtBearer.
/// </summary>
internal static class CachedBearer
{
    /// <summary>Sets the caller when the request's bearer token is in the cache; false when the full path must run.</summary>
    public static bool TrySet(HttpContext context, ValidatedTokenCache cache)
    {
        var header = context.Request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { Length: > 7 } value || !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (cache.Find(value.AsSpan(7).Trim()) is not { } principal)
        {
            return false;
        }

        context.User = principal;
        return true;
    }
}
