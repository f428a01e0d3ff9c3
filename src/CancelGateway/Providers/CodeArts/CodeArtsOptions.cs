namespace CancelGateway.Providers.CodeArts;

/// <summary>
/// How the gateway reaches Huawei Cloud CodeArts Pipeline. Bound from the <c>Providers:CodeArts</c>
/// configuration section and validated at start-up. The password, secret key and token are secrets:
/// no message, log or error ever contains them (the validator names settings, never values).
/// </summary>
internal sealed class CodeArtsOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Providers:CodeArts";

    /// <summary>
    /// One base URL of the CodeArts Pipeline API for every region (e.g. an emulator). Null (the
    /// default) means each run's regional endpoint (<see cref="CodeArtsEndpoints"/>), unless
    /// <see cref="Endpoints"/> names one for its region.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// Base URLs by region (<c>Providers:CodeArts:Endpoints:la-south-2</c>), over
    /// <see cref="Endpoint"/> and the built-in regional endpoints: a multi-region deployment can
    /// correct or redirect one region without touching the others.
    /// </summary>
    public Dictionary<string, Uri> Endpoints { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The base URL of IAM, for <c>POST v3/auth/tokens</c>. Null (the default) means
    /// <c>https://iam.{region}.myhuaweicloud.com/</c>, chosen per run from its region.
    /// </summary>
    public Uri? IamEndpoint { get; set; }

    /// <summary>
    /// <c>Token</c> or <c>AkSk</c>. Null (the default) means: AkSk when <see cref="AccessKey"/> is set,
    /// otherwise Token.
    /// </summary>
    public CodeArtsAuthMode? Auth { get; set; }

    /// <summary>Token mode: a ready IAM token, used as it is (it expires after 24 h; prefer a user and password).</summary>
    public string? Token { get; set; }

    /// <summary>Token mode: the IAM user the gateway obtains tokens as.</summary>
    public string? UserName { get; set; }

    /// <summary>Token mode: that user's password. A secret.</summary>
    public string? Password { get; set; }

    /// <summary>Token mode: the account (domain) name the user belongs to.</summary>
    public string? DomainName { get; set; }

    /// <summary>AkSk mode: the access key ID.</summary>
    public string? AccessKey { get; set; }

    /// <summary>AkSk mode: the secret access key. A secret.</summary>
    public string? SecretKey { get; set; }

    /// <summary>
    /// AkSk mode with temporary access keys (from IAM's securitytokens API, an agency): the
    /// security token that comes with them, sent as X-Security-Token. A secret.
    /// </summary>
    public string? SecurityToken { get; set; }

    /// <summary>How long one provider call (an IAM token request included) may take; 30 s by default.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest reply read from CodeArts or IAM (1 MiB by default); a bigger one fails the call.</summary>
    public long MaxResponseBytes { get; set; } = Http.ProviderHttpRegistration.DefaultMaxResponseBytes;

    /// <summary>
    /// How long before its expiry an IAM token is replaced; 15 minutes by default. IAM tokens live
    /// 24 hours; one about to expire may be refused mid-call, so it is renewed a little early.
    /// </summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The mode in force: <see cref="Auth"/>, or inferred from which credentials are set.</summary>
    public CodeArtsAuthMode EffectiveAuth => Auth ?? (string.IsNullOrEmpty(AccessKey) ? CodeArtsAuthMode.Token : CodeArtsAuthMode.AkSk);

    /// <summary>Whether token mode obtains its tokens from IAM (rather than using a configured one).</summary>
    public bool ObtainsTokens => EffectiveAuth == CodeArtsAuthMode.Token && string.IsNullOrEmpty(Token);

    /// <summary>The configured secrets, for redaction from anything a provider echoes back.</summary>
    public IReadOnlyList<string> Secrets => [.. new[] { Password, SecretKey, SecurityToken, Token }.Where(s => !string.IsNullOrEmpty(s)).Select(s => s!)];
}
