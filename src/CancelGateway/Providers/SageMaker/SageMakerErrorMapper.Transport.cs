using System.Globalization;
using Amazon.Runtime;
using Grpc.Core;
using CancelGateway.V1;

namespace CancelGateway.Providers.SageMaker;

/// <summary>Failures before SageMaker answered: the network, time-outs, and the credential chain.</summary>
internal static partial class SageMakerErrorMapper
{
    /// <summary>True for the exceptions a failed connection or a dropped response surfaces as.</summary>
    public static bool IsTransportFailure(Exception exception) => ProviderHttpFailures.IsTransportFailure(exception);

    /// <summary>SageMaker could not be reached, or the connection dropped before the response was complete.</summary>
    public static ProviderException FromTransportFailure(Exception exception, string what)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = $"SageMaker could not be reached while {what}: {ProviderHttpFailures.Describe(exception, Sanitize)}.";
        return new ProviderException(Provider.Sagemaker, StatusCode.Unavailable, UnreachableReason, message, isTransient: true, innerException: exception);
    }

    /// <summary>SageMaker (or the credential chain) did not answer within the configured request timeout.</summary>
    public static ProviderException FromTimeout(TimeSpan timeout, string what, bool credentials)
    {
        var who = credentials ? "The AWS credential chain" : "SageMaker";
        var message = $"{who} did not answer within {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s ({SageMakerOptions.SectionName}:RequestTimeout) while {what}.";
        return new ProviderException(Provider.Sagemaker, StatusCode.Unavailable, UnreachableReason, message, isTransient: true);
    }

    /// <summary>
    /// Getting credentials failed: none configured or found, a broken profile, a refused role.
    /// That is the gateway's configuration (INTERNAL, not transient: retrying cannot help), except
    /// when the credential endpoint itself could not be reached.
    /// </summary>
    public static ProviderException FromCredentialFailure(Exception exception, string what)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (IsTransportFailure(exception) || exception.InnerException is { } inner && IsTransportFailure(inner))
        {
            return new ProviderException(
                Provider.Sagemaker, StatusCode.Unavailable, UnreachableReason,
                $"The AWS credential provider could not be reached while {what}: {ProviderHttpFailures.Describe(exception, Sanitize)}.",
                isTransient: true, innerException: exception);
        }

        // AWSSDK.Core's messages name the provider that failed and never quote key material.
        var detail = exception is AmazonClientException or InvalidOperationException or ArgumentException
            ? Sanitize(exception.Message)
            : exception.GetType().Name;
        return new ProviderException(
            Provider.Sagemaker, StatusCode.Internal, AuthenticationFailedReason,
            $"The gateway has no usable AWS credentials while {what}: {detail} (configure {SageMakerOptions.SectionName}:Profile, :AccessKeyId/:SecretAccessKey, or the standard AWS credential chain).",
            isTransient: false, innerException: exception);
    }
}
