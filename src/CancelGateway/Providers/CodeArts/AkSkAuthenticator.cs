using Microsoft.Extensions.Options;

namespace CancelGateway.Providers.CodeArts;

/// <summary>AK/SK mode: each request signed with SDK-HMAC-SHA256 at the injected clock's time.</summary>
internal sealed class AkSkAuthenticator(IOptions<CodeArtsOptions> options, TimeProvider timeProvider) : ICodeArtsAuthenticator
{
    private readonly string _accessKey = options.Value.AccessKey ?? throw new InvalidOperationException($"{CodeArtsOptions.SectionName}:AccessKey is not set.");
    private readonly string _secretKey = options.Value.SecretKey ?? throw new InvalidOperationException($"{CodeArtsOptions.SectionName}:SecretKey is not set.");

    public CodeArtsAuthMode Mode => CodeArtsAuthMode.AkSk;

    public Task AuthenticateAsync(HttpRequestMessage request, byte[] body, string region, CancellationToken cancellationToken)
    {
        SdkHmacSha256Signer.Sign(request, body, _accessKey, _secretKey, timeProvider.GetUtcNow());
        return Task.CompletedTask;
    }

    public void Refused(HttpRequestMessage request, string region)
    {
        // Nothing is cached: a refused signature is refused again until the keys or the clock change.
    }
}
