using Google.Rpc;
using Grpc.Core;

namespace CancelGateway.Cli;

/// <summary>
/// A refused request or a failed operation, as a person reads it on one line: the gRPC code, the
/// ErrorInfo reason and the message, e.g. <c>error: NOT_FOUND RUN_NOT_FOUND: Vertex AI found no
/// such pipeline job ...</c>. The ErrorInfo comes from the grpc-status-details-bin trailer (a
/// serialized google.rpc.Status), decoded by Grpc.StatusProto; a failed operation carries the
/// same Status in Operation.error.
/// </summary>
/// <param name="Code">The canonical code name: NOT_FOUND.</param>
/// <param name="Reason">The ErrorInfo reason (UPPER_SNAKE), when there is one.</param>
/// <param name="Message">The status message, on one line.</param>
/// <param name="ExitCode">10 + the numeric code.</param>
internal sealed record RpcError(string Code, string? Reason, string Message, int ExitCode)
{
    private static readonly Google.Protobuf.Reflection.EnumDescriptor Codes =
        CodeReflection.Descriptor.EnumTypes.Single(e => e.Name == nameof(Google.Rpc.Code));

    public string Line => $"error: {Code}{(string.IsNullOrEmpty(Reason) ? string.Empty : " " + Reason)}: {Message}";

    public static RpcError From(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Status.Detail;
        if (exception.Status.DebugException?.GetBaseException() is { } cause && !message.Contains(cause.Message, StringComparison.Ordinal))
        {
            // A client-side failure (connection refused, name not resolved): say what the socket said.
            message = $"{message} ({cause.Message})";
        }

        return Create(exception.StatusCode, exception.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason, message);
    }

    public static RpcError From(Google.Rpc.Status status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return Create((StatusCode)status.Code, status.GetDetail<ErrorInfo>()?.Reason, status.Message);
    }

    private static RpcError Create(StatusCode code, string? reason, string message) =>
        new(Codes.FindValueByNumber((int)code)?.Name ?? code.ToString(), string.IsNullOrEmpty(reason) ? null : reason, message.ReplaceLineEndings(" ").Trim(), ExitCodes.For(code));
}
