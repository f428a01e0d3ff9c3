namespace CancelGateway.Providers;

/// <summary>Errors of the gateway's own (not a provider's); <see cref="GatewayErrors"/> maps each to its code and reason.</summary>
internal enum GatewayError
{
    /// <summary>A request id used before for a different request.</summary>
    RequestIdReused,

    /// <summary>No adapter is configured for the run's provider.</summary>
    ProviderNotConfigured,

    /// <summary>FORCE for a provider without a forced stop.</summary>
    ForceNotSupported,

    /// <summary>The operation store cannot be written or read.</summary>
    StoreUnavailable,

    /// <summary>A stored operation record that cannot be read.</summary>
    OperationUnreadable,

    /// <summary>No operation of that name.</summary>
    OperationNotFound,

    /// <summary>WatchRun of a run that has no cancellation.</summary>
    CancellationNotFound,

    /// <summary>Deleting an operation still in flight.</summary>
    OperationNotDone,

    /// <summary>CancelOperation of a cancellation already sent: a stop cannot be taken back.</summary>
    CancellationIrrevocable,

    /// <summary>Every run of a batch failed.</summary>
    BatchAllFailed,

    /// <summary>The caller has too many runs waiting to be sent.</summary>
    CallerQueueFull,

    /// <summary>The gateway stopped following an operation on an unexpected error.</summary>
    GatewayInternal,

    /// <summary>No credentials, or credentials refused.</summary>
    InvalidCredentials,

    /// <summary>The run is outside the caller's policy patterns.</summary>
    RunNotPermitted,

    /// <summary>FORCE without the policy's permission for the run.</summary>
    ForceNotPermitted,

    /// <summary>ListAuditEvents without the policy's permission.</summary>
    AuditNotPermitted,

    /// <summary>More requests per second than the principal's policy allows.</summary>
    PrincipalRateLimited,

    /// <summary>More WatchRun streams open than the principal may have.</summary>
    TooManyWatches,

    /// <summary>A stored operation whose run name this gateway no longer reads, found at a restart.</summary>
    RunNameNotResumable,

    /// <summary>The server is stopping: an open stream (WatchRun) ends so (the operation goes on).</summary>
    ServerShuttingDown,

    /// <summary>A selection_token that is malformed, unknown, or not the caller's own dry run's.</summary>
    InvalidSelectionToken,

    /// <summary>A selection_token of a dry run of other scopes or another filter.</summary>
    SelectionTokenMismatch,

    /// <summary>A selection_token older than Engine:SelectionTokenLifetime.</summary>
    SelectionTokenExpired,

    /// <summary>More runs match a CancelMatching request than its max_runs (or the policy's maxBatch).</summary>
    TooManyMatches,

    /// <summary>A scope that holds more runs than one request may list.</summary>
    ScopeTooLarge,

    /// <summary>A scope of a provider whose adapter cannot list runs.</summary>
    ListingNotSupported,
}
