using CancelGateway.Providers.VertexAi.Internal;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelGateway.Providers.VertexAi;

/// <summary>
/// Access tokens from Google.Apis.Auth: the service-account JWT-bearer flow against the key's
/// token_uri when a key file is configured, otherwise Application Default Credentials. The
/// library caches the token and refreshes it shortly before it expires, one refresh at a time.
/// </summary>
internal sealed class GoogleAccessTokenSource : IVertexAccessTokenSource
{
    private readonly VertexAiOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<GoogleAccessTokenSource> _logger;
    private Task<ITokenAccess>? _credential;
    private Tuple<Task<ITokenAccess>, string>? _lastIssued;

    public GoogleAccessTokenSource(IOptions<VertexAiOptions> options, TimeProvider timeProvider, ILogger<GoogleAccessTokenSource> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public async Task<string> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        var creation = GetCredentialAsync();
        var access = await creation.WaitAsync(cancellationToken);

        // The URI is only used for self-signed JWTs, which scoped credentials do not use.
        var token = await access.GetAccessTokenForRequestAsync(authUri: null, cancellationToken);
        Volatile.Write(ref _lastIssued, Tuple.Create(creation, token));
        return token;
    }

    public void Invalidate(string rejectedToken)
    {
        // The library has no public way to drop a cached token, so the credential is replaced;
        // only once per rejected token, however many calls were in flight with it.
        if (Volatile.Read(ref _lastIssued) is { } issued && issued.Item2 == rejectedToken)
        {
            Interlocked.CompareExchange(ref _credential, null, issued.Item1);
        }
    }

    private Task<ITokenAccess> GetCredentialAsync()
    {
        // Created once and shared; a failed creation (ADC not found, metadata server down) is
        // not cached, so the next call tries again.
        var existing = Volatile.Read(ref _credential);
        if (existing is { IsFaulted: false, IsCanceled: false })
        {
            return existing;
        }

        var created = CreateCredentialAsync();
        var winner = Interlocked.CompareExchange(ref _credential, created, existing);
        return ReferenceEquals(winner, existing) ? created : winner!;
    }

    private async Task<ITokenAccess> CreateCredentialAsync()
    {
        var scopes = _options.EffectiveScopes;
        if (_options.CredentialsFile is { } file)
        {
            if (!ServiceAccountKey.TryLoad(file, out var key, out var error))
            {
                throw new InvalidOperationException($"{VertexAiOptions.SectionName}:CredentialsFile '{file}' is not usable: {error}");
            }

            var initializer = new ServiceAccountCredential.Initializer(key.ClientEmail, key.TokenUri)
            {
                ProjectId = key.ProjectId,
                KeyId = key.PrivateKeyId,
                Scopes = scopes,
                Clock = new TimeProviderClock(_timeProvider),
                HttpClientFactory = NoRedirectHttpClientFactory.Instance,

                // The operations engine owns retries and their backoff (IPipelineProvider's contract).
                DefaultExponentialBackOffPolicy = ExponentialBackOffPolicy.None,
            }.FromPrivateKey(key.PrivateKeyPem);
            VertexAiLog.CredentialsFromKeyFile(_logger, key.ClientEmail, key.TokenUri);
            return new ServiceAccountCredential(initializer);
        }

        var adc = await GoogleCredential.GetApplicationDefaultAsync();
        VertexAiLog.CredentialsFromApplicationDefault(_logger, adc.UnderlyingCredential.GetType().Name);
        return adc.CreateScoped(scopes).CreateWithHttpClientFactory(NoRedirectHttpClientFactory.Instance);
    }
}
