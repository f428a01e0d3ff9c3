using Grpc.Core;
using CancelGateway.Operations;
using CancelGateway.Providers;
using CancelGateway.V1;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

namespace CancelGateway.PipelineControl;

/// <summary>
/// Checks requests before anything is stored. Every rejection is INVALID_ARGUMENT (or
/// FAILED_PRECONDITION) with an ErrorInfo and, for a bad field, a BadRequest field violation.
/// </summary>
internal static class RequestValidation
{
    public const int MaxReasonLength = 512;
    public const int MaxRequestIdLength = 36;
    public const int MaxBatchSize = 1000;

    /// <summary>How many field violations one error lists at most.</summary>
    public const int MaxListedViolations = 20;

    public static RunName RunName(string? text, string field)
    {
        if (!RunNameParser.TryParse(text, out var name, out var error))
        {
            throw Invalid("INVALID_RUN_NAME", error, (field, error));
        }

        return name!;
    }

    public static string? RequestId(string requestId)
    {
        if (requestId.Length == 0)
        {
            return null;
        }

        if (requestId.Length > MaxRequestIdLength || requestId.Any(c => c < 0x21 || c > 0x7E))
        {
            const string problem = "request_id must be at most 36 printable ASCII characters (AIP-155; a UUID is recommended).";
            throw Invalid("INVALID_REQUEST_ID", problem, ("request_id", problem));
        }

        return requestId;
    }

    public static string Reason(string reason)
    {
        if (reason.Length > MaxReasonLength)
        {
            var problem = $"reason is at most {MaxReasonLength} characters (was {reason.Length}).";
            throw Invalid("REASON_TOO_LONG", problem, ("reason", problem));
        }

        return reason;
    }

    public static CancelMode Mode(CancelMode mode)
    {
        if (!System.Enum.IsDefined(mode))
        {
            var problem = $"mode {(int)mode} is not a CancelMode.";
            throw Invalid("INVALID_MODE", problem, ("mode", problem));
        }

        return mode;
    }

    /// <summary>Refuses with FAILED_PRECONDITION a run whose provider has no adapter configured, or to which FORCE means nothing.</summary>
    public static void Provider(OperationsEngine engine, RunName run, CancelMode mode)
    {
        if (!engine.IsProviderConfigured(run.Provider))
        {
            throw GatewayErrors.Status(GatewayError.ProviderNotConfigured,
                $"This gateway has no {ProviderNames.Of(run.Provider)} adapter configured, so it cannot cancel {run.Text}.",
                ("provider", ProviderNames.Of(run.Provider)),
                ("run", run.Text)).ToRpcException();
        }

        if (mode == CancelMode.Force && !engine.SupportsForce(run.Provider))
        {
            throw GatewayErrors.Status(GatewayError.ForceNotSupported,
                $"{ProviderNames.Of(run.Provider)} has no way to force a stop beyond its normal cancel; use CANCEL_MODE_GRACEFUL for {run.Text}.",
                ("provider", ProviderNames.Of(run.Provider)),
                ("run", run.Text)).ToRpcException();
        }
    }

    public static string OperationName(string? name, string field)
    {
        if (!OperationNames.IsValid(name))
        {
            var problem = $"{UserInput.Quote(name)} is not an operation name; expected operations/{{id}}.";
            throw Invalid("INVALID_OPERATION_NAME", problem, (field, problem));
        }

        return name!;
    }

    public static RpcException Invalid(string reason, string message, params (string Field, string Description)[] violations)
    {
        var badRequest = new BadRequest();
        foreach (var (field, description) in violations)
        {
            badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = description });
        }

        var status = GatewayErrors.InvalidArgument(reason, message);
        status.Details.Add(Any.Pack(badRequest));
        return status.ToRpcException();
    }
}
