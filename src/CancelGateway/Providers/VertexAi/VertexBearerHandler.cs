using System.Net;
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
internal sealed class VertexBearerHandler(IVertexAccessTokenSource tokens, [FromKeyedServices(Provider.VertexAi)] ProviderSecrets secrets) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var what = ProviderRequest.WhatOf(request);
        string token;
        request.Options.Set(ProviderRequest.Authenticating, true);
        try
        {
            token = await tokens.GetAccessTokenAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ProviderException)
        {
            throw VertexErrorMapper.FromTokenFailure(ex, what);
        }

        request.Options.Set(ProviderRequest.Authenticating, false);
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new ProviderException(Provider.VertexAi, ProviderFailureKind.InvalidResponse, $"The Vertex AI token endpoint issued no access token while {what}.");
        }

        secrets.Remember(token);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            tokens.Invalidate(token);
        }

        return response;
    }
}
