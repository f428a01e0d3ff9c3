using System.Security.Cryptography;
using System.Text;
using CancelGateway.V1;

namespace CancelGateway.Providers.SageMaker.Internal;

/// <summary>
/// The idempotency tokens and the failure reason the adapter sends, all derived from the gateway
/// operation: every retry of the same operation (after a timeout, a 503, a restart) sends the
/// same ClientRequestToken, so SageMaker acts on it once, as the gateway's own request_id promises.
/// </summary>
internal static class ClientTokens
{
    /// <summary>How a callback step failed by FORCE starts its FailureReason; how a later read recognizes it.</summary>
    public const string ForcedReasonPrefix = "Stopped by CancelGateway operation ";

    private const int MinLength = 32;
    private const int MaxLength = 128;
    private const int MaxFailureReasonLength = 256;

    /// <summary><c>cancelgateway-stop-{operation id}</c> (51 characters for the gateway's 32-hex-digit ids).</summary>
    public static string ForStop(string operationId) => Within("cancelgateway-stop-", operationId);

    /// <summary>One token per operation and step, so a repeated FORCE answers each step once.</summary>
    public static string ForForce(string operationId, string stepName) =>
        "cancelgateway-force-" + Hash(operationId + "/" + stepName)[..40];

    /// <summary>
    /// "Stopped by CancelGateway operation operations/{id}: {reason}", on one line and at most 256
    /// characters (SendPipelineExecutionStepFailure's limit): whoever reads the step sees who failed it and why.
    /// </summary>
    public static string ForceFailureReason(CancelContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Mode != CancelMode.Force)
        {
            throw new ArgumentException("Only a FORCE cancellation fails steps.", nameof(context));
        }

        var text = $"{ForcedReasonPrefix}operations/{context.OperationId}";
        var reason = string.Join(' ', context.Reason.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (reason.Length > 0)
        {
            text += ": " + reason;
        }

        return text.Length <= MaxFailureReasonLength ? text : text[..(MaxFailureReasonLength - 1)] + "…";
    }

    private static string Within(string prefix, string operationId)
    {
        // Operation ids are 32 hex digits; anything else (longer, odd characters) is hashed into shape.
        var token = prefix + operationId;
        return token.Length is >= MinLength and <= MaxLength && operationId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            ? token
            : prefix + Hash(operationId);
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
