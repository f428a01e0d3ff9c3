using CancelGateway.Providers.Http;
using CancelGateway.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelGateway.Providers.CodeArts;

/// <summary>
/// IAM tokens, one per region (the IAM project a token is scoped to), shared by every call: a
/// token is fetched once and reused until <see cref="CodeArtsOptions.TokenRefreshMargin"/> before
/// it expires. Fetches are single-flight: however many calls need a token at once, IAM is asked
/// once, and each caller waits for that answer within its own cancellation. A failed fetch is not
/// cached, so the next call asks again.
/// </summary>
internal sealed class IamTokenCache(IamTokenClient client, [FromKeyedServices(Provider.Codearts)] ProviderSecrets secrets, IOptions<CodeArtsOptions> options, TimeProvider timeProvider, ILogger<IamTokenCache> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeSpan _margin = options.Value.TokenRefreshMargin;

    /// <summary>A token for <paramref name="region"/>, from cache while it is fresh.</summary>
    public async Task<string> GetTokenAsync(string region, CancellationToken cancellationToken)
    {
        Task<IamToken> pending;
        TaskCompletionSource<IamToken>? fetch = null;
        lock (_gate)
        {
            if (!_entries.TryGetValue(region, out var entry))
            {
                entry = new Entry();
                _entries.Add(region, entry);
            }

            if (entry.Token is { } cached && timeProvider.GetUtcNow() < cached.ExpiresAt - _margin)
            {
                return cached.Value;
            }

            if (entry.Pending is null)
            {
                fetch = new TaskCompletionSource<IamToken>(TaskCreationOptions.RunContinuationsAsynchronously);
                entry.Pending = fetch.Task;
            }

            pending = entry.Pending;
        }

        if (fetch is not null)
        {
            // Started outside the lock, and not on this caller's token: other callers share the answer.
            _ = FetchAsync(region, fetch);
        }

        return (await pending.WaitAsync(cancellationToken)).Value;
    }

    /// <summary>CodeArts refused <paramref name="token"/> (revoked: password or permissions changed): drop it, once.</summary>
    public void Invalidate(string region, string token)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(region, out var entry) && entry.Token?.Value == token)
            {
                entry.Token = null;
                CodeArtsLog.TokenDropped(logger, region);
            }
        }
    }

    private async Task FetchAsync(string region, TaskCompletionSource<IamToken> fetch)
    {
        try
        {
            var token = await client.RequestAsync(region, CancellationToken.None);
            secrets.Remember(token.Value);
            lock (_gate)
            {
                var entry = _entries[region];
                entry.Token = token;
                entry.Pending = null;
            }

            fetch.SetResult(token);
        }
        catch (Exception exception)
        {
            lock (_gate)
            {
                _entries[region].Pending = null;
            }

            fetch.SetException(exception);
        }
    }

    private sealed class Entry
    {
        public IamToken? Token { get; set; }

        public Task<IamToken>? Pending { get; set; }
    }
}
