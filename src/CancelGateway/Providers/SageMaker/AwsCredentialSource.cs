using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelGateway.Providers.SageMaker;

/// <summary>
/// Credentials from AWSSDK.Core: the configured static keys, a named profile of the shared AWS
/// files, or the SDK's standard chain (environment, default profile, web identity, container and
/// instance roles). The SDK's credential objects cache temporary credentials and refresh them
/// before they expire; this only decides once which object to ask.
/// </summary>
internal sealed class AwsCredentialSource : ISageMakerCredentialSource
{
    private readonly SageMakerOptions options;
    private readonly ILogger logger;
    private readonly string? profilesLocation;
    private Task<AWSCredentials>? resolved;

    public AwsCredentialSource(IOptions<SageMakerOptions> options, ILogger<AwsCredentialSource> logger)
        : this(options?.Value ?? throw new ArgumentNullException(nameof(options)), logger, profilesLocation: null)
    {
    }

    /// <param name="options">The adapter's options.</param>
    /// <param name="logger">Where to say which credentials are used (never their secrets).</param>
    /// <param name="profilesLocation">A shared credentials file to read profiles from instead of the SDK's default locations (tests).</param>
    internal AwsCredentialSource(SageMakerOptions options, ILogger logger, string? profilesLocation)
    {
        this.options = options;
        this.logger = logger;
        this.profilesLocation = profilesLocation;
    }

    public async Task<ImmutableCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        var credentials = await GetResolvedAsync().WaitAsync(cancellationToken);
        return await credentials.GetCredentialsAsync().WaitAsync(cancellationToken)
            ?? throw new InvalidOperationException("The AWS credential provider returned no credentials.");
    }

    private Task<AWSCredentials> GetResolvedAsync()
    {
        // Resolved once and shared; a failed resolution (no credentials anywhere yet) is not
        // cached, so the next call tries again.
        var existing = Volatile.Read(ref resolved);
        if (existing is { IsFaulted: false, IsCanceled: false })
        {
            return existing;
        }

        var created = ResolveAsync();
        var winner = Interlocked.CompareExchange(ref resolved, created, existing);
        return ReferenceEquals(winner, existing) ? created : winner!;
    }

    private async Task<AWSCredentials> ResolveAsync()
    {
        if (options.AccessKeyId is { Length: > 0 } accessKeyId && options.SecretAccessKey is { Length: > 0 } secret)
        {
            SageMakerLog.CredentialsResolved(logger, options.SessionToken is null ? "static keys" : "static temporary keys", accessKeyId);
            return options.SessionToken is { } token
                ? new SessionAWSCredentials(accessKeyId, secret, token)
                : new BasicAWSCredentials(accessKeyId, secret);
        }

        if (options.Profile is { } profile)
        {
            var chain = profilesLocation is null ? new CredentialProfileStoreChain() : new CredentialProfileStoreChain(profilesLocation);
            if (!chain.TryGetAWSCredentials(profile, out var fromProfile))
            {
                throw new InvalidOperationException($"The AWS profile '{profile}' ({SageMakerOptions.SectionName}:Profile) was not found or has no usable credentials.");
            }

            var source = $"profile '{profile}' ({fromProfile.GetType().Name})";
            var keyId = await AccessKeyIdOf(fromProfile);
            SageMakerLog.CredentialsResolved(logger, source, keyId);
            return fromProfile;
        }

        var fromChain = await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(null);
        var chainSource = $"the default credential chain ({fromChain.GetType().Name})";
        var chainKeyId = await AccessKeyIdOf(fromChain);
        SageMakerLog.CredentialsResolved(logger, chainSource, chainKeyId);
        return fromChain;
    }

    // Only the key id, which identifies the principal and is no secret, for the start-up log.
    private static async Task<string> AccessKeyIdOf(AWSCredentials credentials) => (await credentials.GetCredentialsAsync()).AccessKey;
}
