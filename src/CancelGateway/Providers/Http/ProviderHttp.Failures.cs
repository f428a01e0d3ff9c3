using System.Globalization;

namespace CancelGateway.Providers.Http;

/// <summary>The failures the core itself finds: the network, time-outs, redirects and oversized replies.</summary>
internal sealed partial class ProviderHttp
{
    /// <summary>True for the exceptions a failed connection or a dropped response surfaces as.</summary>
    public static bool IsTransportFailure(Exception exception) => exception is HttpRequestException or IOException;

    /// <summary>A short account of a transport failure, its innermost message cleaned.</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
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

        return $"{what} ({ProviderText.Clean(innermost.Message)})";
    }

    /// <summary>The Retry-After of a response (RFC 9110 §10.2.3: delay-seconds or an HTTP-date), or null.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(timeProvider);
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

    /// <summary><paramref name="who"/> (the provider, or its credential endpoint) could not be reached, or dropped the connection.</summary>
    public ProviderException Unreachable(string who, Exception exception, string what) =>
        new(settings.Provider, ProviderFailureKind.Unreachable, $"{who} could not be reached while {what}: {Describe(exception)}.", innerException: exception);

    private ProviderException TimedOut(string what, bool authenticating)
    {
        var who = authenticating ? settings.CredentialSource : settings.DisplayName;
        var seconds = settings.RequestTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        return new(settings.Provider, ProviderFailureKind.Unreachable, $"{who} did not answer within {seconds} s ({settings.SettingsSection}:RequestTimeout) while {what}.");
    }

    // A provider API never redirects; following one would carry the credentials (X-Auth-Token,
    // X-Amz-Security-Token, a re-posted password or assertion) to another origin, and its 200
    // would count as the provider's answer.
    private ProviderException Redirected(HttpResponseMessage response, string what)
    {
        var target = response.Headers.Location is { IsAbsoluteUri: true } location ? $" to {ProviderText.Clean(location.GetLeftPart(UriPartial.Authority))}" : string.Empty;
        return new(
            settings.Provider,
            ProviderFailureKind.InvalidResponse,
            $"{settings.DisplayName} answered HTTP {(int)response.StatusCode}, a redirect{target}, while {what}; the gateway follows no redirects, so its credentials never reach another origin.",
            (int)response.StatusCode,
            requestId: RequestIdOf(response));
    }

    private ProviderException TooLarge(HttpResponseMessage response, string what) =>
        new(
            settings.Provider,
            ProviderFailureKind.InvalidResponse,
            $"{settings.DisplayName} answered HTTP {(int)response.StatusCode} with a body over {settings.MaxResponseBytes.ToString(CultureInfo.InvariantCulture)} bytes ({settings.SettingsSection}:MaxResponseBytes) while {what}; it was not read.",
            (int)response.StatusCode,
            requestId: RequestIdOf(response));
}
