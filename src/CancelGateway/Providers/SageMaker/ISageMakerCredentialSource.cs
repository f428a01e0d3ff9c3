using Amazon.Runtime;

namespace CancelGateway.Providers.SageMaker;

/// <summary>
/// Where the SageMaker adapter gets the credentials it signs with. The source caches and
/// refreshes them (temporary credentials expire); failures surface as the credential library's
/// own exceptions, which <see cref="SageMakerErrorMapper.FromCredentialFailure"/> classifies.
/// </summary>
internal interface ISageMakerCredentialSource
{
    /// <summary>Credentials valid now: access key id, secret, and the session token of temporary ones.</summary>
    Task<ImmutableCredentials> GetCredentialsAsync(CancellationToken cancellationToken);
}
