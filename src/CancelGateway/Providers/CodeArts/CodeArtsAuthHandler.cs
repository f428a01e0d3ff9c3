using System.Net;
using CancelGateway.Providers.Http;

namespace CancelGateway.Providers.CodeArts;

/// <summary>
/// CodeArts authentication: an IAM token (<c>X-Auth-Token</c>) or an AK/SK SDK-HMAC-SHA256
/// signature, whichever <see cref="ICodeArtsAuthenticator"/> is configured, for the run's region
/// and project; a token CodeArts answers 401 to is dropped, so the next call gets a new one.
/// </summary>
internal sealed class CodeArtsAuthHandler(ICodeArtsAuthenticator authenticator) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var region = ProviderRequest.Required(request, ProviderRequest.Region);
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        request.Options.Set(ProviderRequest.Authenticating, true);
        await authenticator.AuthenticateAsync(request, body, region, ProviderRequest.Required(request, ProviderRequest.Project), cancellationToken);
        request.Options.Set(ProviderRequest.Authenticating, false);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            authenticator.Refused(request, region);
        }

        return response;
    }
}
