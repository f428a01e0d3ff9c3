using Microsoft.Extensions.Logging;

namespace CancelGateway.Providers.SageMaker;

/// <summary>
/// The SageMaker adapter's log messages; event ids 2100-2199. Secret keys, session tokens,
/// signatures and callback tokens are never logged.
/// </summary>
internal static partial class SageMakerLog
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Debug, Message = "SageMaker accepted the stop of {Run}.")]
    public static partial void StopAccepted(ILogger logger, string run);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "SageMaker execution {Run} had already ended ({ProviderState}); nothing to stop.")]
    public static partial void StopAlreadyEnded(ILogger logger, string run, string providerState);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Debug, Message = "SageMaker execution {Run} is already stopping; the stop counts as accepted.")]
    public static partial void StopAlreadyStopping(ILogger logger, string run);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Debug, Message = "SageMaker execution {Run} is {ProviderState}; {Blockers} step(s) hold the stop.")]
    public static partial void StatusRead(ILogger logger, string run, string providerState, int blockers);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Debug, Message = "SageMaker call failed while {What}: {Reason} (transient: {IsTransient}).")]
    public static partial void CallFailed(ILogger logger, string what, string reason, bool isTransient);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Error, Message = "SageMaker refused the gateway's AWS credentials while {What}; check " + SageMakerOptions.SectionName + ": {Reason}")]
    public static partial void AuthenticationFailed(ILogger logger, string what, string reason);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Information, Message = "SageMaker calls are signed with {Source}, access key id {AccessKeyId}.")]
    public static partial void CredentialsResolved(ILogger logger, string source, string accessKeyId);

    [LoggerMessage(EventId = 2107, Level = LogLevel.Information, Message = "FORCE: failed callback step {StepName} of {Run} with its callback token, so the stop can go through.")]
    public static partial void StepForced(ILogger logger, string stepName, string run);

    [LoggerMessage(EventId = 2108, Level = LogLevel.Information, Message = "FORCE: step {StepName} of {Run} was not forced: {Why}")]
    public static partial void StepNotForced(ILogger logger, string stepName, string run, string why);

    [LoggerMessage(EventId = 2109, Level = LogLevel.Debug, Message = "SageMaker listed {Count} execution(s) of {Pipeline} (more pages: {HasMore}).")]
    public static partial void RunsListed(ILogger logger, string pipeline, int count, bool hasMore);

    [LoggerMessage(EventId = 2110, Level = LogLevel.Warning, Message = "SageMaker listed {Count} execution(s) of {Pipeline} whose ARN is not an execution of it, e.g. {Example}; they were skipped.")]
    public static partial void ListedRunsSkipped(ILogger logger, string pipeline, int count, string example);
}
