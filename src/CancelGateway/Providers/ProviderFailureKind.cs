namespace CancelGateway.Providers;

/// <summary>
/// What went wrong at a provider, in words of no provider: adapters raise a kind, and
/// <see cref="ProviderFailures"/> alone decides the gRPC code, the ErrorInfo reason and whether the
/// engine retries it.
/// </summary>
internal enum ProviderFailureKind
{
    /// <summary>The provider has no such run (HTTP 404, SageMaker ResourceNotFound).</summary>
    NotFound,

    /// <summary>The gateway's identity may not do this (HTTP 403, AccessDeniedException).</summary>
    PermissionDenied,

    /// <summary>The provider rejected the request as invalid (HTTP 400, ValidationException).</summary>
    InvalidArgument,

    /// <summary>The run cannot be cancelled in its current state (HTTP 400 FAILED_PRECONDITION).</summary>
    NotCancellable,

    /// <summary>A conflicting change of the same run (HTTP 409, ConflictException).</summary>
    Conflict,

    /// <summary>The provider is throttling the gateway (HTTP 429, ThrottlingException, APIG.0308).</summary>
    RateLimited,

    /// <summary>An account quota is reached (SageMaker ResourceLimitExceeded): waiting does not help.</summary>
    QuotaExceeded,

    /// <summary>The provider answered that it is unavailable (HTTP 5xx).</summary>
    Unavailable,

    /// <summary>The provider reported an internal error of its own (Vertex AI HTTP 500 INTERNAL; AIP-194: not retried).</summary>
    InternalError,

    /// <summary>A failure the gateway cannot classify (an unexpected status).</summary>
    Unknown,

    /// <summary>The provider could not be reached, or did not answer in time.</summary>
    Unreachable,

    /// <summary>The gateway's own credentials were refused or are missing: its configuration.</summary>
    AuthenticationFailed,

    /// <summary>A request signature was refused while the gateway's clock is too far from the provider's.</summary>
    ClockSkew,

    /// <summary>The configured endpoint has no such API (CodeArts APIG.0101): its configuration.</summary>
    ApiNotFound,

    /// <summary>An answer the gateway cannot read: an unreadable body, a redirect, a reply over the size cap, a token endpoint without a token.</summary>
    InvalidResponse,

    /// <summary>A readable status without a run state the gateway knows; polled again until the poll budget is spent.</summary>
    UnrecognizedState,

    /// <summary>FORCE was asked of a provider that has no forced stop.</summary>
    ForceNotSupported,

    /// <summary>The gateway has no endpoint for the run (a SageMaker partition it does not know).</summary>
    NotConfigured,
}
