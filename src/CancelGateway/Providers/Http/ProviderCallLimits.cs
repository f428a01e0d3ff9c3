namespace CancelGateway.Providers.Http;

/// <summary>The checks every provider's options share: how long a call may take, how much of a reply is read.</summary>
internal static class ProviderCallLimits
{
    /// <summary>The longest RequestTimeout accepted.</summary>
    public static readonly TimeSpan MaxRequestTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The range of MaxResponseBytes: enough for any answer the adapters read, small enough to bound memory.</summary>
    public const long MinResponseBytes = 1024;

    /// <inheritdoc cref="MinResponseBytes"/>
    public const long MaxResponseBytes = 64 * 1024 * 1024;

    /// <summary>Adds a failure, naming the setting under <paramref name="prefix"/>, for each limit out of range.</summary>
    public static void Validate(string prefix, TimeSpan requestTimeout, long maxResponseBytes, List<string> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (requestTimeout <= TimeSpan.Zero || requestTimeout > MaxRequestTimeout)
        {
            failures.Add($"{prefix}RequestTimeout must be more than 0 and at most 00:10:00; got {requestTimeout}.");
        }

        if (maxResponseBytes is < MinResponseBytes or > MaxResponseBytes)
        {
            failures.Add($"{prefix}MaxResponseBytes must be between {MinResponseBytes} and {MaxResponseBytes}; got {maxResponseBytes}.");
        }
    }
}
