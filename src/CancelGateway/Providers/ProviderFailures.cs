using Grpc.Core;

namespace CancelGateway.Providers;

/// <summary>
/// The one table from provider failure kinds to what callers see: the README's error table, in
/// code (a test reads both and fails when they differ). Transience follows from the kind.
/// </summary>
internal static class ProviderFailures
{
    private static readonly Dictionary<ProviderFailureKind, ProviderFailureClass> Table = new()
    {
        [ProviderFailureKind.NotFound] = new(StatusCode.NotFound, "RUN_NOT_FOUND", IsTransient: false),
        [ProviderFailureKind.PermissionDenied] = new(StatusCode.PermissionDenied, "PROVIDER_PERMISSION_DENIED", IsTransient: false),
        [ProviderFailureKind.InvalidArgument] = new(StatusCode.InvalidArgument, "PROVIDER_INVALID_ARGUMENT", IsTransient: false),
        [ProviderFailureKind.NotCancellable] = new(StatusCode.FailedPrecondition, "RUN_NOT_CANCELLABLE", IsTransient: false),

        // A concurrent change of the same entity (AIP-193's ABORTED: retry the whole sequence at a
        // higher level), not a state the caller must fix first (FAILED_PRECONDITION).
        [ProviderFailureKind.Conflict] = new(StatusCode.Aborted, "PROVIDER_CONFLICT", IsTransient: false),
        [ProviderFailureKind.RateLimited] = new(StatusCode.ResourceExhausted, "PROVIDER_RATE_LIMITED", IsTransient: true),
        [ProviderFailureKind.QuotaExceeded] = new(StatusCode.ResourceExhausted, "PROVIDER_QUOTA_EXCEEDED", IsTransient: false),
        [ProviderFailureKind.Unavailable] = new(StatusCode.Unavailable, "PROVIDER_UNAVAILABLE", IsTransient: true),

        // AIP-194: INTERNAL (like UNKNOWN) is not retried by default; retrying is for a higher
        // level that knows the call is safe to repeat.
        [ProviderFailureKind.InternalError] = new(StatusCode.Internal, "PROVIDER_INTERNAL_ERROR", IsTransient: false),
        [ProviderFailureKind.Unknown] = new(StatusCode.Unknown, "PROVIDER_ERROR", IsTransient: false),
        [ProviderFailureKind.Unreachable] = new(StatusCode.Unavailable, "PROVIDER_UNREACHABLE", IsTransient: true),

        // The gateway's own configuration, not the caller's fault: INTERNAL, and retrying cannot help.
        [ProviderFailureKind.AuthenticationFailed] = new(StatusCode.Internal, "PROVIDER_AUTHENTICATION_FAILED", IsTransient: false),
        [ProviderFailureKind.ClockSkew] = new(StatusCode.Internal, "PROVIDER_CLOCK_SKEW", IsTransient: false),
        [ProviderFailureKind.ApiNotFound] = new(StatusCode.Internal, "PROVIDER_API_NOT_FOUND", IsTransient: false),
        [ProviderFailureKind.InvalidResponse] = new(StatusCode.Internal, "PROVIDER_INVALID_RESPONSE", IsTransient: false),
        [ProviderFailureKind.UnrecognizedState] = new(StatusCode.Internal, "PROVIDER_STATE_UNRECOGNIZED", IsTransient: true),
        [ProviderFailureKind.ForceNotSupported] = new(StatusCode.FailedPrecondition, "FORCE_NOT_SUPPORTED", IsTransient: false),
        [ProviderFailureKind.NotConfigured] = new(StatusCode.FailedPrecondition, "PROVIDER_NOT_CONFIGURED", IsTransient: false),
    };

    /// <summary>Every kind with its class, for the test that holds the README to this table.</summary>
    public static IReadOnlyDictionary<ProviderFailureKind, ProviderFailureClass> All => Table;

    /// <summary>The gRPC code, ErrorInfo reason and transience of <paramref name="kind"/>.</summary>
    public static ProviderFailureClass Of(ProviderFailureKind kind) =>
        Table.TryGetValue(kind, out var found) ? found : throw new ArgumentOutOfRangeException(nameof(kind), kind, "A failure kind without a row in the error table.");
}
