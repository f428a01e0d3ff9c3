using Grpc.Core;
using CancelGateway.V1;

namespace CancelGateway.Providers;

/// <summary>
/// A provider call that failed: which provider, what kind of failure, the HTTP status, the
/// provider's own error code and request id. The gRPC code, reason and transience follow from the
/// kind (<see cref="ProviderFailures"/>); adapters never choose them. The message never holds a
/// credential, token or signature.
/// </summary>
internal sealed class ProviderException : Exception
{
    public ProviderException(Provider provider, ProviderFailureKind kind, string message, int? httpStatus = null, string? providerCode = null, string? requestId = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        var failure = ProviderFailures.Of(kind);
        Provider = provider;
        Kind = kind;
        Code = failure.Code;
        Reason = failure.Reason;
        IsTransient = failure.IsTransient;
        HttpStatus = httpStatus;
        ProviderCode = providerCode;
        RequestId = requestId;
        RetryAfter = retryAfter;
    }

    /// <summary>The provider that failed.</summary>
    public Provider Provider { get; }

    /// <summary>What went wrong, in words of no provider.</summary>
    public ProviderFailureKind Kind { get; }

    /// <summary>The gRPC code the failure maps to.</summary>
    public StatusCode Code { get; }

    /// <summary>The AIP-193 ErrorInfo reason, UPPER_SNAKE (e.g. RUN_NOT_FOUND).</summary>
    public string Reason { get; }

    /// <summary>True when the same call may succeed later (429, 503, connection failures).</summary>
    public bool IsTransient { get; }

    /// <summary>The provider's HTTP status, when there was a response.</summary>
    public int? HttpStatus { get; }

    /// <summary>The provider's own error code (e.g. NOT_FOUND, ResourceNotFound, APIG.0303).</summary>
    public string? ProviderCode { get; }

    /// <summary>The provider's request id, for its support.</summary>
    public string? RequestId { get; }

    /// <summary>How long the provider asked us to wait (Retry-After), if it did.</summary>
    public TimeSpan? RetryAfter { get; }
}
