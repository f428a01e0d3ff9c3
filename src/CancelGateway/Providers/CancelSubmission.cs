namespace CancelGateway.Providers;

/// <summary>How a provider took a request to cancel.</summary>
internal enum CancelSubmission
{
    /// <summary>The provider accepted the request (or the run was already stopping); poll for the end.</summary>
    Accepted,

    /// <summary>The run had already ended; there was nothing to cancel. Poll once for how it ended.</summary>
    AlreadyEnded,
}
