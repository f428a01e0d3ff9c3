using System.Net;

namespace CancelGateway.Providers.Http;

/// <summary>
/// The shape of every provider's authentication: put the credentials on the request (a failure to
/// get them is a classified <see cref="ProviderException"/>; a timeout meanwhile names the
/// credential source), send, and on 401 drop what was refused so the next call gets fresh credentials.
/// </summary>
internal abstract class ProviderAuthHandler : DelegatingHandler
{
    protected sealed override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(ProviderRequest.Authenticating, true);
        var credential = await AuthenticateAsync(request, ProviderRequest.WhatOf(request), cancellationToken);
        request.Options.Set(ProviderRequest.Authenticating, false);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            Refused(request, credential);
        }

        return response;
    }

    /// <summary>Authenticates <paramref name="request"/>; returns what <see cref="Refused"/> needs to drop (a token), or null.</summary>
    protected abstract Task<string?> AuthenticateAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken);

    /// <summary>The provider answered 401: forget <paramref name="credential"/> where something is cached.</summary>
    protected virtual void Refused(HttpRequestMessage request, string? credential)
    {
    }
}
