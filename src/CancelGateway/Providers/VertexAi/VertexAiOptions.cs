namespace CancelGateway.Providers.VertexAi;

/// <summary>
/// How the gateway reaches Vertex AI Pipelines. Bound from the <c>Providers:VertexAi</c>
/// configuration section and validated at start-up.
/// </summary>
internal sealed class VertexAiOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Providers:VertexAi";

    /// <summary>The scope every Vertex AI call needs when no scopes are configured.</summary>
    public const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

    /// <summary>
    /// The base URL every call goes to (e.g. an emulator or a private endpoint), ending in '/'.
    /// Null (the default) means the real regional endpoint,
    /// <c>https://{location}-aiplatform.googleapis.com/</c>, chosen per run from its location.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// Path to a service-account key JSON file. Null (the default) means Application Default
    /// Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud's well-known file, or the metadata server).
    /// </summary>
    public string? CredentialsFile { get; set; }

    /// <summary>
    /// The OAuth scopes the access token is requested for. Empty (the default) means
    /// <see cref="CloudPlatformScope"/>. A get-only list because the configuration binder
    /// appends to, rather than replaces, a pre-filled default list.
    /// </summary>
    public IList<string> Scopes { get; } = new List<string>();

    /// <summary>How long one provider call (token included) may take; 30 s by default.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest reply read from Vertex AI (1 MiB by default); a bigger one fails the call.</summary>
    public long MaxResponseBytes { get; set; } = Http.ProviderHttpRegistration.DefaultMaxResponseBytes;

    /// <summary>The scopes actually requested: <see cref="Scopes"/>, or cloud-platform when none are set.</summary>
    public IReadOnlyList<string> EffectiveScopes => Scopes.Count > 0 ? [.. Scopes] : [CloudPlatformScope];
}
