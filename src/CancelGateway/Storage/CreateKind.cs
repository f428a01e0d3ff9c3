namespace CancelGateway.Storage;

/// <summary>How a request found its operation.</summary>
internal enum CreateKind
{
    /// <summary>A new operation was stored.</summary>
    Created,

    /// <summary>The run's cancellation already in flight was joined.</summary>
    Joined,

    /// <summary>The request id had been used before: its operation was returned.</summary>
    Replayed,
}
