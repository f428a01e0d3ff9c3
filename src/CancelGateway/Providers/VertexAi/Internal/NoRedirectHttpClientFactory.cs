using Google.Apis.Http;

namespace CancelGateway.Providers.VertexAi.Internal;

/// <summary>
/// Google.Apis' HTTP client factory with its own redirect following switched off
/// (ConfigurableMessageHandler.FollowRedirect is on by default): a 307 from the token endpoint
/// would re-post the signed assertion to another origin. A redirect fails the token request instead.
/// </summary>
internal sealed class NoRedirectHttpClientFactory : Google.Apis.Http.IHttpClientFactory
{
    public static NoRedirectHttpClientFactory Instance { get; } = new();

    private readonly HttpClientFactory _inner = new();

    public ConfigurableHttpClient CreateHttpClient(CreateHttpClientArgs args)
    {
        var client = _inner.CreateHttpClient(args);
        client.MessageHandler.FollowRedirect = false;
        return client;
    }
}
