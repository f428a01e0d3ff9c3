using System.Globalization;
using Grpc.Core;
using CancelGateway.V1;

namespace CancelGateway.Providers.CodeArts;

/// <summary>Failures before CodeArts or IAM answered: the network and time-outs.</summary>
internal static partial class CodeArtsErrorMapper
{
    /// <summary>True for the exceptions a failed connection or a dropped response surfaces as.</summary>
    public static bool IsTransportFailure(Exception exception) => ProviderHttpFailures.IsTransportFailure(exception);

    /// <summary>CodeArts (or IAM) could not be reached, or the connection dropped before the response was complete.</summary>
    public static ProviderException FromTransportFailure(Exception exception, string what, bool iam)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var who = iam ? "IAM" : "CodeArts";
        var message = $"{who} could not be reached while {what}: {ProviderHttpFailures.Describe(exception, m => Sanitize(m, []))}.";
        return new ProviderException(Provider.Codearts, StatusCode.Unavailable, UnreachableReason, message, isTransient: true, innerException: exception);
    }

    /// <summary>CodeArts (or IAM) did not answer within the configured request timeout.</summary>
    public static ProviderException FromTimeout(TimeSpan timeout, string what, bool iam)
    {
        var who = iam ? "IAM" : "CodeArts";
        var message = $"{who} did not answer within {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s ({CodeArtsOptions.SectionName}:RequestTimeout) while {what}.";
        return new ProviderException(Provider.Codearts, StatusCode.Unavailable, UnreachableReason, message, isTransient: true);
    }
}
