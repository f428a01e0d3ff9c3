namespace CancelGateway.Providers;

/// <summary>
/// What every HTTP adapter reads off a failed call the same way: whether an exception is the
/// transport failing, how to say what failed, and how long the provider asked us to wait.
/// Each provider keeps its own message sanitizer (what a secret looks like differs).
/// </summary>
internal static class ProviderHttpFailures
{
    /// <summary>True for the exceptions a failed connection or a dropped response surfaces as.</summary>
    public static bool IsTransportFailure(Exception exception) => exception is HttpRequestException or IOException;

    /// <summary>A short account of a transport failure, with the innermost message passed through <paramref name="sanitize"/>.</summary>
    public static string Describe(Exception exception, Func<string?, string> sanitize)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(sanitize);
        var what = exception is HttpRequestException http ? http.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "its host name could not be resolved",
            HttpRequestError.ConnectionError => "the connection failed",
            HttpRequestError.SecureConnectionError => "the TLS handshake failed",
            HttpRequestError.ResponseEnded => "the connection closed before the response was complete",
            HttpRequestError.InvalidResponse => "the response was not valid HTTP",
            HttpRequestError.ProxyTunnelError => "the proxy tunnel failed",
            _ => "the request failed",
        } : "the connection failed";
        var innermost = exception;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }

        return $"{what} ({sanitize(innermost.Message)})";
    }

    /// <summary>The Retry-After of a response (RFC 9110 §10.2.3: delay-seconds or an HTTP-date), or null.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(response);
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
