using Microsoft.Extensions.Logging;

namespace CancelGateway.Providers.VertexAi;

/// <summary>The Vertex AI adapter's log messages; event ids 2000-2099.</summary>
internal static partial class VertexAiLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Debug, Message = "Vertex AI accepted the cancellation of {Run}.")]
    public static partial void CancelAccepted(ILogger logger, string run);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Vertex AI run {Run} had already ended ({ProviderState}); nothing to cancel.")]
    public static partial void CancelAlreadyEnded(ILogger logger, string run, string providerState);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Vertex AI run {Run} is already cancelling; the cancellation counts as accepted.")]
    public static partial void CancelAlreadyCancelling(ILogger logger, string run);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Vertex AI started batch cancellation {Operation} of {Count} runs under {Parent}.")]
    public static partial void BatchCancelStarted(ILogger logger, string operation, int count, string parent);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Debug, Message = "Vertex AI run {Run} is {ProviderState}.")]
    public static partial void StatusRead(ILogger logger, string run, string providerState);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Debug, Message = "Vertex AI call failed while {What}: {Reason} (transient: {IsTransient}).")]
    public static partial void CallFailed(ILogger logger, string what, string reason, bool isTransient);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Error, Message = "Vertex AI credentials were refused while {What}; check " + VertexAiOptions.SectionName + ": {Reason}.")]
    public static partial void AuthenticationFailed(ILogger logger, string what, string reason);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Vertex AI calls authenticate as service account {ClientEmail} through token endpoint {TokenUri}.")]
    public static partial void CredentialsFromKeyFile(ILogger logger, string clientEmail, string tokenUri);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "Vertex AI calls authenticate with Application Default Credentials ({CredentialType}).")]
    public static partial void CredentialsFromApplicationDefault(ILogger logger, string credentialType);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Debug, Message = "Vertex AI listed {Count} run(s) in {Parent} (more pages: {HasMore}).")]
    public static partial void RunsListed(ILogger logger, string parent, int count, bool hasMore);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Vertex AI listed {Count} job(s) in {Parent} whose name is not a run of it, e.g. {Example}; they were skipped.")]
    public static partial void ListedRunsSkipped(ILogger logger, string parent, int count, string example);
}
