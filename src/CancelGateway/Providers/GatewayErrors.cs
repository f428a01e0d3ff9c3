using Grpc.Core;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

namespace CancelGateway.Providers;

/// <summary>
/// The one place gateway-side errors come from: each <see cref="GatewayError"/> with its gRPC code
/// and ErrorInfo reason (the README's error table, in code, as <see cref="ProviderFailures"/> is for
/// provider failures), and every status built here carries an ErrorInfo in <see cref="ProviderErrors.Domain"/>.
/// </summary>
internal static class GatewayErrors
{
    private static readonly Dictionary<GatewayError, (StatusCode Code, string Reason)> Table = new()
    {
        [GatewayError.RequestIdReused] = (StatusCode.InvalidArgument, "REQUEST_ID_REUSED"),
        [GatewayError.ProviderNotConfigured] = (StatusCode.FailedPrecondition, "PROVIDER_NOT_CONFIGURED"),
        [GatewayError.ForceNotSupported] = (StatusCode.FailedPrecondition, "FORCE_NOT_SUPPORTED"),
        [GatewayError.StoreUnavailable] = (StatusCode.Unavailable, "STORE_UNAVAILABLE"),
        [GatewayError.OperationUnreadable] = (StatusCode.DataLoss, "OPERATION_UNREADABLE"),
        [GatewayError.OperationNotFound] = (StatusCode.NotFound, "OPERATION_NOT_FOUND"),
        [GatewayError.CancellationNotFound] = (StatusCode.NotFound, "CANCELLATION_NOT_FOUND"),
        [GatewayError.OperationNotDone] = (StatusCode.FailedPrecondition, "OPERATION_NOT_DONE"),
        [GatewayError.CancellationIrrevocable] = (StatusCode.Unimplemented, "CANCELLATION_IRREVOCABLE"),
        [GatewayError.BatchAllFailed] = (StatusCode.Aborted, "BATCH_ALL_FAILED"),
        [GatewayError.CallerQueueFull] = (StatusCode.ResourceExhausted, "CALLER_QUEUE_FULL"),
        [GatewayError.GatewayInternal] = (StatusCode.Internal, "GATEWAY_INTERNAL"),
        [GatewayError.InvalidCredentials] = (StatusCode.Unauthenticated, "INVALID_CREDENTIALS"),
        [GatewayError.RunNotPermitted] = (StatusCode.PermissionDenied, "RUN_NOT_PERMITTED"),
        [GatewayError.ForceNotPermitted] = (StatusCode.PermissionDenied, "FORCE_NOT_PERMITTED"),
        [GatewayError.AuditNotPermitted] = (StatusCode.PermissionDenied, "AUDIT_NOT_PERMITTED"),
        [GatewayError.PrincipalRateLimited] = (StatusCode.ResourceExhausted, "PRINCIPAL_RATE_LIMITED"),
        [GatewayError.TooManyWatches] = (StatusCode.ResourceExhausted, "TOO_MANY_WATCHES"),
        [GatewayError.RunNameNotResumable] = (StatusCode.FailedPrecondition, "RUN_NAME_NOT_RESUMABLE"),
        [GatewayError.ServerShuttingDown] = (StatusCode.Unavailable, "SERVER_SHUTTING_DOWN"),
        [GatewayError.InvalidSelectionToken] = (StatusCode.InvalidArgument, "INVALID_SELECTION_TOKEN"),
        [GatewayError.SelectionTokenMismatch] = (StatusCode.InvalidArgument, "SELECTION_TOKEN_MISMATCH"),
        [GatewayError.SelectionTokenExpired] = (StatusCode.FailedPrecondition, "SELECTION_TOKEN_EXPIRED"),
        [GatewayError.TooManyMatches] = (StatusCode.FailedPrecondition, "TOO_MANY_MATCHES"),
        [GatewayError.ScopeTooLarge] = (StatusCode.FailedPrecondition, "SCOPE_TOO_LARGE"),
        [GatewayError.ListingNotSupported] = (StatusCode.FailedPrecondition, "LISTING_NOT_SUPPORTED"),
    };

    /// <summary>Every gateway error with its code and reason, for the test that holds the README to this table.</summary>
    public static IReadOnlyDictionary<GatewayError, (StatusCode Code, string Reason)> All => Table;

    /// <summary>A gateway-side error with its ErrorInfo.</summary>
    public static Google.Rpc.Status Status(GatewayError error, string message, params (string Key, string Value)[] metadata)
    {
        var (code, reason) = Table[error];
        return Build(code, reason, message, metadata);
    }

    /// <summary>OPERATION_NOT_FOUND for <paramref name="name"/>, as an RpcException to throw.</summary>
    public static RpcException OperationNotFound(string name) =>
        Status(GatewayError.OperationNotFound, $"Operation {name} does not exist (or was deleted).", ("operation", name)).ToRpcException();

    /// <summary>A malformed field of the request (INVALID_ARGUMENT with a reason naming the field, e.g. INVALID_RUN_NAME).</summary>
    public static Google.Rpc.Status InvalidArgument(string reason, string message) => Build(StatusCode.InvalidArgument, reason, message, []);

    private static Google.Rpc.Status Build(StatusCode code, string reason, string message, (string Key, string Value)[] metadata)
    {
        var info = new ErrorInfo { Reason = reason, Domain = ProviderErrors.Domain };
        foreach (var (key, value) in metadata)
        {
            info.Metadata[key] = value;
        }

        return new Google.Rpc.Status { Code = (int)code, Message = message, Details = { Any.Pack(info) } };
    }
}
