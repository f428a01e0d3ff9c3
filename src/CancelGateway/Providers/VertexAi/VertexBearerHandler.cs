using System.Net.Http.Headers;
using CancelGateway.Providers.Http;
using CancelGateway.V1;
using Microsoft.Extensions.DependencyInjection;

namespace CancelGateway.Providers.VertexAi;

/// <summary>
/// Vertex AI authentication: a bearer access token on each request, from
/// <see cref="IVertexAccessTokenSource"/>; a token Vertex AI answers 401 to is dropped, so the next
/// call gets a new one. A token source that fails or gives no token fails the call, classified
/// (<see cref="VertexErrorMapper.FromTokenFailure"/>); an empty token is never sent.
/// </summary>
internal sealed class VertexBearerHandler(IVertexAccessTokenSource tokens, [FromKeyedServices(Provider.VertexAi)] ProviderSecrets secrets) : ProviderAuthHandler
{
    protected override async Task<string?> AuthenticateAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        string token;
        try
        {
            token = await tokens.GetAccessTokenAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ProviderException)
        {
            throw VertexErrorMapper.FromTokenFailure(ex, what);
        }

        if (string.IsNullOrWhiteSpace(token))
        {
            throw new ProviderException(Provider.VertexAi, ProviderFailureKind.InvalidResponse, $"The Vertex AI token endpoint issued no access token while {what}.");
        }

        secrets.Remember(token);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return token;
    }

    protected override void Refused(HttpRequestMessage request, string? credential)
    {
        if (credential is not null)
        {
            tokens.Invalidate(credential);
        }
    }
}
