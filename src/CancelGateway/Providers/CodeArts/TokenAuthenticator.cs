using Microsoft.Extensions.Options;

namespace CancelGateway.Providers.CodeArts;

/// <summary>Token mode: <c>X-Auth-Token</c> with the configured token, or one from <see cref="IamTokenCache"/>.</summary>
internal sealed class TokenAuthenticator(IOptions<CodeArtsOptions> options, IamTokenCache cache) : ICodeArtsAuthenticator
{
    /// <summary>The header CodeArts reads the IAM token from.</summary>
    public const string AuthTokenHeader = "X-Auth-Token";

    private readonly string? _configured = string.IsNullOrEmpty(options.Value.Token) ? null : options.Value.Token;

    public CodeArtsAuthMode Mode => CodeArtsAuthMode.Token;

    public async Task AuthenticateAsync(HttpRequestMessage request, byte[] body, string region, string project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = _configured ?? await cache.GetTokenAsync(region, cancellationToken);
        request.Headers.Remove(AuthTokenHeader);
        request.Headers.TryAddWithoutValidation(AuthTokenHeader, token);
    }

    public void Refused(HttpRequestMessage request, string region)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_configured is null && request.Headers.TryGetValues(AuthTokenHeader, out var values) && values.FirstOrDefault() is { } token)
        {
            cache.Invalidate(region, token);
        }
    }
}
