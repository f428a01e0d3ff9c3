using System.Globalization;
using Grpc.Core;
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
    /// <summary>The ErrorInfo domain of every error the gateway reports.</summary>
    public const string Domain = "cancelgateway";

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

    /// <summary>A gateway-side error (not from a provider) with its ErrorInfo.</summary>
    public static Google.Rpc.Status Gateway(StatusCode code, string reason, string message, params (string Key, string Value)[] metadata)
    {
        var info = new ErrorInfo { Reason = reason, Domain = Domain };
        foreach (var (key, value) in metadata)
        {
            info.Metadata[key] = value;
        }

        return new Google.Rpc.Status { Code = (int)code, Message = message, Details = { Any.Pack(info) } };
    }
}
