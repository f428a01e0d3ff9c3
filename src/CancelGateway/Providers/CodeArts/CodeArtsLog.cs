using CancelGateway.Providers.Http;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Providers.CodeArts;

/// <summary>
/// The CodeArts adapter's log messages; event ids 2200-2299. No password, secret key, token or
/// signature is ever an argument: messages come through the HTTP core, which redacts them.
/// </summary>
internal static partial class CodeArtsLog
{
    /// <summary>The failure logs the HTTP core writes for CodeArts and IAM calls.</summary>
    public static ProviderFailureLog Failures { get; } = new(CallFailed, AuthenticationFailed, ClockSkew);

    [LoggerMessage(EventId = 2200, Level = LogLevel.Debug, Message = "CodeArts accepted the stop of {Run}.")]
    public static partial void StopAccepted(ILogger logger, string run);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "CodeArts run {Run} had already ended ({ProviderState}); nothing to stop.")]
    public static partial void StopAlreadyEnded(ILogger logger, string run, string providerState);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Debug, Message = "CodeArts run {Run} is {ProviderState}.")]
    public static partial void StatusRead(ILogger logger, string run, string providerState);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Debug, Message = "CodeArts call failed while {What}: {Reason} (transient: {IsTransient}).")]
    public static partial void CallFailed(ILogger logger, string what, string reason, bool isTransient);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Error, Message = "CodeArts credentials were refused while {What}; check " + CodeArtsOptions.SectionName + ": {Reason}")]
    public static partial void AuthenticationFailed(ILogger logger, string what, string reason);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Error, Message = "Huawei Cloud refused the gateway's signature while {What}, and the clocks are more than 15 minutes apart; synchronise the gateway's clock (NTP): {Reason}")]
    public static partial void ClockSkew(ILogger logger, string what, string reason);

    [LoggerMessage(EventId = 2206, Level = LogLevel.Information, Message = "Obtained an IAM token for project {Project} from {IamEndpoint}, valid until {ExpiresAt:O}.")]
    public static partial void TokenObtained(ILogger logger, string project, Uri iamEndpoint, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 2207, Level = LogLevel.Warning, Message = "CodeArts refused the cached IAM token for project {Project}; it is dropped and the next call obtains a new one.")]
    public static partial void TokenDropped(ILogger logger, string project);

    [LoggerMessage(EventId = 2208, Level = LogLevel.Information, Message = "CodeArts calls authenticate with {Mode} as {Identity}.")]
    public static partial void Authenticating(ILogger logger, CodeArtsAuthMode mode, string identity);

    [LoggerMessage(EventId = 2209, Level = LogLevel.Debug, Message = "CodeArts listed {Count} run(s) of {Pipeline} (more pages: {HasMore}).")]
    public static partial void RunsListed(ILogger logger, string pipeline, int count, bool hasMore);

    [LoggerMessage(EventId = 2210, Level = LogLevel.Warning, Message = "CodeArts listed {Count} run(s) of {Pipeline} whose ID the gateway cannot name, e.g. {Example}; they were skipped.")]
    public static partial void ListedRunsSkipped(ILogger logger, string pipeline, int count, string example);
}
