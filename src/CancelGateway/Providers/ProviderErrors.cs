using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

namespace CancelGateway.Providers;

/// <summary>
/// The one translation from provider failures to what callers see: a google.rpc.Status with
/// an AIP-193 ErrorInfo naming the provider, the run, and the provider's status, code and
/// request id. Used for RPC errors and for Operation.error alike.
/// </summary>
internal static class ProviderErrors
{
    /// <summary>
    /// The ErrorInfo domain of every error the gateway reports: AIP-193 asks for a globally unique
    /// name of the service, and the gRPC service's fully qualified name is one (protobuf package
    /// names are unique by convention, and callers already know this one).
    /// </summary>
    public const string Domain = "cancelgateway.v1.PipelineControl";

    public static Google.Rpc.Status ToStatus(ProviderException exception, string run)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var info = new ErrorInfo { Reason = exception.Reason, Domain = Domain };
        info.Metadata["provider"] = ProviderNames.Of(exception.Provider);
        info.Metadata["run"] = run;
        if (exception.HttpStatus is { } http)
        {
            info.Metadata["provider_http_status"] = http.ToString(CultureInfo.InvariantCulture);
        }

        if (exception.ProviderCode is { Length: > 0 } code)
        {
            info.Metadata["provider_code"] = code;
        }

        if (exception.RequestId is { Length: > 0 } requestId)
        {
            info.Metadata["provider_request_id"] = requestId;
        }

        return new Google.Rpc.Status { Code = (int)exception.Code, Message = exception.Message, Details = { Any.Pack(info) } };
    }
}
