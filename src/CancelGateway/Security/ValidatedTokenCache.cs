using System.Collections.Concurrent;
using System.Security.Claims;

namespace CancelGateway.Security;

/// <summary>
/// Bearer tokens already validated, so that a caller sending the same token on every call
/// costs one signature check, not one per call. An entry lasts until the token expires (with
/// the clock skew) or five minutes, whichever is sooner, and every entry goes when the keys
/// change. Bounded: at the bound the cache is emptied rather than grown.
/// </summary>
internal sealed class ValidatedTokenCache(TimeProvider time)
{
    private const int MaxEntries = 10_000;
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, (ClaimsPrincipal Principal, DateTimeOffset Until)> _entries = new(StringComparer.Ordinal);

    /// <summary>The principal of a token validated before and not expired, looked up without copying the token.</summary>
    public ClaimsPrincipal? Find(ReadOnlySpan<char> token)
    {
        var entries = _entries.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!entries.TryGetValue(token, out var entry))
        {
            return null;
        }

        if (time.GetUtcNow() < entry.Until)
        {
            return entry.Principal;
        }

        entries.TryRemove(token, out _);
        return null;
    }

    public void Add(string token, ClaimsPrincipal principal, DateTimeOffset validUntil)
    {
        var cap = time.GetUtcNow() + MaxAge;
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[token] = (principal, validUntil < cap ? validUntil : cap);
    }

    public void Clear() => _entries.Clear();
}
