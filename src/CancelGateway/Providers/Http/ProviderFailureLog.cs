using Microsoft.Extensions.Logging;

namespace CancelGateway.Providers.Http;

/// <summary>
/// A provider's own [LoggerMessage] methods for failures (each provider keeps its event ids), which
/// the HTTP core calls: one way to log a failure, three sets of ids.
/// </summary>
/// <param name="CallFailed">Any failure but the two below, at Debug: (what, reason, transient).</param>
/// <param name="AuthenticationFailed">The gateway's credentials refused, at Error: (what, message).</param>
/// <param name="ClockSkew">A signature refused over clock skew, at Error: (what, message); null where signatures have no date window to miss.</param>
internal sealed record ProviderFailureLog(
    Action<ILogger, string, string, bool> CallFailed,
    Action<ILogger, string, string> AuthenticationFailed,
    Action<ILogger, string, string>? ClockSkew = null);
