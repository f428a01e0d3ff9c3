using Amazon.Runtime;
using CancelGateway.Providers.Http;
using CancelGateway.V1;

namespace CancelGateway.Providers.SageMaker;

/// <summary>Failures of the credential chain.</summary>
internal static partial class SageMakerErrorMapper
{
    /// <summary>
    /// Getting credentials failed: none configured or found, a broken profile, a refused role.
    /// That is the gateway's configuration, except when the credential endpoint itself could not
    /// be reached.
    /// </summary>
    public static ProviderException FromCredentialFailure(Exception exception, string what)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (ProviderHttp.IsTransportFailure(exception) || exception.InnerException is { } inner && ProviderHttp.IsTransportFailure(inner))
        {
            return new ProviderException(
                Provider.Sagemaker, ProviderFailureKind.Unreachable,
                $"The AWS credential provider could not be reached while {what}: {ProviderHttp.Describe(exception)}.",
                innerException: exception);
        }

        // AWSSDK.Core's messages name the provider that failed and never quote key material.
        var detail = exception is AmazonClientException or InvalidOperationException or ArgumentException
            ? Sanitize(exception.Message)
            : exception.GetType().Name;
        return new ProviderException(
            Provider.Sagemaker, ProviderFailureKind.AuthenticationFailed,
            $"The gateway has no usable AWS credentials while {what}: {detail} (configure {SageMakerOptions.SectionName}:Profile, :AccessKeyId/:SecretAccessKey, or the standard AWS credential chain).",
            innerException: exception);
    }
}
