using CancelGateway.Providers.Http;

namespace CancelGateway.Providers.CodeArts;

/// <summary>
/// CodeArts authentication: an IAM token (<c>X-Auth-Token</c>) or an AK/SK SDK-HMAC-SHA256
/// signature, whichever <see cref="ICodeArtsAuthenticator"/> is configured, for the run's region
/// and project; a token CodeArts answers 401 to is dropped, so the next call gets a new one.
/// </summary>
internal sealed class CodeArtsAuthHandler(ICodeArtsAuthenticator authenticator) : ProviderAuthHandler
{
    protected override async Task<string?> AuthenticateAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        await authenticator.AuthenticateAsync(request, body, ProviderRequest.Required(request, ProviderRequest.Region), ProviderRequest.Required(request, ProviderRequest.Project), cancellationToken);
        return null;
    }

    protected override void Refused(HttpRequestMessage request, string? credential) =>
        authenticator.Refused(request, ProviderRequest.Required(request, ProviderRequest.Region));
}
