using CancelGateway.V1;

namespace CancelGateway.Providers.Http;

/// <summary>How the HTTP core speaks to one provider endpoint, and how it names it in messages.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="ClientName">The IHttpClientFactory client (with the provider's authentication handler).</param>
/// <param name="DisplayName">The endpoint as messages name it: "Vertex AI", "SageMaker", "IAM".</param>
/// <param name="CredentialSource">Where credentials come from, as a timeout while getting them names it: "The Vertex AI token endpoint".</param>
/// <param name="SettingsSection">The configuration section, for messages that name a setting.</param>
/// <param name="RequestTimeout">How long one call (credentials included) may take.</param>
/// <param name="MaxResponseBytes">The largest body read; a bigger one is a provider failure.</param>
/// <param name="RequestIdHeaders">The headers the provider names its request id in, in order of preference.</param>
internal sealed record ProviderHttpSettings(
    Provider Provider,
    string ClientName,
    string DisplayName,
    string CredentialSource,
    string SettingsSection,
    TimeSpan RequestTimeout,
    long MaxResponseBytes,
    IReadOnlyList<string> RequestIdHeaders);
