using Microsoft.Extensions.Options;

namespace CancelGateway.Providers.CodeArts;

/// <summary>
/// AK/SK mode: each request signed with SDK-HMAC-SHA256 at the injected clock's time. Like Huawei's
/// SDKs (their BasicCredentials), it sends the run's project as X-Project-Id and, for temporary
/// keys, the security token as X-Security-Token, both before signing, so both are signed.
/// </summary>
internal sealed class AkSkAuthenticator(IOptions<CodeArtsOptions> options, TimeProvider timeProvider) : ICodeArtsAuthenticator
{
    /// <summary>The project the request acts in (Huawei's SDKs send it with every AK/SK request of a regional service).</summary>
    public const string ProjectIdHeader = "X-Project-Id";

    /// <summary>The security token that comes with temporary access keys.</summary>
    public const string SecurityTokenHeader = "X-Security-Token";

    private readonly string _accessKey = options.Value.AccessKey ?? throw new InvalidOperationException($"{CodeArtsOptions.SectionName}:AccessKey is not set.");
    private readonly string _secretKey = options.Value.SecretKey ?? throw new InvalidOperationException($"{CodeArtsOptions.SectionName}:SecretKey is not set.");
    private readonly string? _securityToken = string.IsNullOrEmpty(options.Value.SecurityToken) ? null : options.Value.SecurityToken;

    public CodeArtsAuthMode Mode => CodeArtsAuthMode.AkSk;

    public Task AuthenticateAsync(HttpRequestMessage request, byte[] body, string region, string project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(project);
        request.Headers.Remove(ProjectIdHeader);
        request.Headers.TryAddWithoutValidation(ProjectIdHeader, project);
        request.Headers.Remove(SecurityTokenHeader);
        if (_securityToken is not null)
        {
            request.Headers.TryAddWithoutValidation(SecurityTokenHeader, _securityToken);
        }

        SdkHmacSha256Signer.Sign(request, body, _accessKey, _secretKey, timeProvider.GetUtcNow());
        return Task.CompletedTask;
    }

    public void Refused(HttpRequestMessage request, string region)
    {
        // Nothing is cached: a refused signature is refused again until the keys or the clock change.
    }
}
