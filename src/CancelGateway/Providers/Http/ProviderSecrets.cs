namespace CancelGateway.Providers.Http;

/// <summary>
/// The credentials of one provider that provider text must never carry: the configured secrets,
/// and the tokens and temporary keys issued since (remembered as they are used, the newest few).
/// Redaction is verbatim and by whole value, whatever its length: a short session token a
/// provider echoes back is a secret as much as a long one.
/// </summary>
internal sealed class ProviderSecrets
{
    /// <summary>How many issued credentials are remembered (tokens are refreshed, old ones expire).</summary>
    private const int MaxIssued = 32;

    private readonly Lock _gate = new();
    private readonly List<string> _configured;
    private readonly LinkedList<string> _issued = new();
    private string[] _all;

    public ProviderSecrets(IEnumerable<string?> configured)
    {
        _configured = [.. configured.Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).Distinct(StringComparer.Ordinal)];
        _all = Sorted(_configured);
    }

    /// <summary>Remembers a credential issued at run time (an access token, a session token, a secret key from a credential chain).</summary>
    public void Remember(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return;
        }

        lock (_gate)
        {
            if (_configured.Contains(secret) || _issued.Contains(secret))
            {
                return;
            }

            _issued.AddFirst(secret);
            if (_issued.Count > MaxIssued)
            {
                _issued.RemoveLast();
            }

            _all = Sorted(_configured.Concat(_issued));
        }
    }

    /// <summary><paramref name="text"/> without any known secret in it.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var secret in Volatile.Read(ref _all))
        {
            text = text.Replace(secret, ProviderText.Redacted, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>Provider text cleaned for messages and operations: secrets redacted, then <see cref="ProviderText.Clean"/>.</summary>
    public string Clean(string? text) => string.IsNullOrEmpty(text) ? string.Empty : ProviderText.Clean(Redact(text));

    // Longest first, so a secret that contains another is redacted whole.
    private static string[] Sorted(IEnumerable<string> secrets) => [.. secrets.OrderByDescending(s => s.Length)];
}
