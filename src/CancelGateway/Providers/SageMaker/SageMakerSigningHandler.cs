using Amazon.Runtime;
using CancelGateway.Providers.Http;
using CancelGateway.Providers.SageMaker.Internal;
using CancelGateway.V1;
using Microsoft.Extensions.DependencyInjection;

namespace CancelGateway.Providers.SageMaker;

/// <summary>
/// SageMaker authentication: each request signed with SigV4 for the execution's region, with
/// credentials from <see cref="ISageMakerCredentialSource"/> at the injected clock's time. Credentials
/// that cannot be had fail the call, classified (<see cref="SageMakerErrorMapper.FromCredentialFailure"/>);
/// the secret key and session token used are remembered as secrets, so no echo of them reaches a message.
/// </summary>
internal sealed class SageMakerSigningHandler(ISageMakerCredentialSource credentials, TimeProvider timeProvider, [FromKeyedServices(Provider.Sagemaker)] ProviderSecrets secrets) : ProviderAuthHandler
{
    protected override async Task<string?> AuthenticateAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        ImmutableCredentials signer;
        try
        {
            signer = await credentials.GetCredentialsAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ProviderException)
        {
            throw SageMakerErrorMapper.FromCredentialFailure(ex, what);
        }

        secrets.Remember(signer.SecretKey);
        secrets.Remember(signer.Token);
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        SigV4RequestSigner.Sign(request, body, signer, ProviderRequest.Required(request, ProviderRequest.Region), timeProvider.GetUtcNow());

        // Nothing is cached to drop: a refused signature is refused again until the credentials change.
        return null;
    }
}
