namespace CancelGateway.Providers.SageMaker;

/// <summary>
/// How the gateway reaches Amazon SageMaker Pipelines. Bound from the <c>Providers:SageMaker</c>
/// configuration section and validated at start-up. A class, not a record: a record's ToString
/// would print the secret access key.
/// </summary>
internal sealed class SageMakerOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Providers:SageMaker";

    /// <summary>
    /// The URL every call goes to (e.g. an emulator, or a VPC interface endpoint). Null (the
    /// default) means the regional endpoint of each execution's partition and region, e.g.
    /// <c>https://api.sagemaker.{region}.amazonaws.com/</c> (<see cref="SageMakerPartitions"/>),
    /// both taken from its ARN; requests are always signed for that region.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// A profile of the shared AWS config and credentials files (~/.aws/config, ~/.aws/credentials,
    /// or where AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE point), resolved by AWSSDK.Core
    /// (static keys, assume-role, SSO, credential_process). Not together with <see cref="AccessKeyId"/>.
    /// </summary>
    public string? Profile { get; set; }

    /// <summary>
    /// A static access key id; needs <see cref="SecretAccessKey"/>. When neither this nor
    /// <see cref="Profile"/> is set (the default), AWSSDK.Core's standard credential chain decides:
    /// environment variables, the default profile, web identity, the ECS container role, the EC2
    /// instance role.
    /// </summary>
    public string? AccessKeyId { get; set; }

    /// <summary>The secret of <see cref="AccessKeyId"/>. Never logged or put in an error.</summary>
    public string? SecretAccessKey { get; set; }

    /// <summary>The session token of temporary static credentials (with <see cref="AccessKeyId"/>). Never logged.</summary>
    public string? SessionToken { get; set; }

    /// <summary>How long one provider call (credential resolution included) may take; 30 s by default.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest reply read from SageMaker (1 MiB by default); a bigger one fails the call.</summary>
    public long MaxResponseBytes { get; set; } = Http.ProviderHttpRegistration.DefaultMaxResponseBytes;
}
