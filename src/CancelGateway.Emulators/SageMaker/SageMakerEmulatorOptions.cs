using CancelGateway.Emulators.Faults;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Emulators.SageMaker;

/// <summary>Settings of a <see cref="SageMakerEmulator"/>; checked when it starts.</summary>
public sealed class SageMakerEmulatorOptions
{
    /// <summary>The access key id the emulator accepts by default (a made-up, AWS-shaped id: it opens nothing real).</summary>
    public const string DemoAccessKeyId = "AKIACANCELGATEWAYEMU";

    /// <summary>
    /// The secret access key that goes with <see cref="DemoAccessKeyId"/>. Published on purpose, like
    /// the documentation keys of AWS's own examples: it only opens this emulator.
    /// </summary>
    public const string DemoSecretAccessKey = "DemoSecretKeyForTheCancelGatewayEmulator";

    /// <summary>TCP port on 127.0.0.1; 0 (the default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>The only access key id the emulator accepts; others get UnrecognizedClientException.</summary>
    public string AccessKeyId { get; set; } = DemoAccessKeyId;

    /// <summary>The secret that signs requests of <see cref="AccessKeyId"/>; a wrong one gets InvalidSignatureException.</summary>
    public string SecretAccessKey { get; set; } = DemoSecretAccessKey;

    /// <summary>When set, the credentials are temporary ones: requests must carry this X-Amz-Security-Token. Null (the default) for long-term keys.</summary>
    public string? SessionToken { get; set; }

    /// <summary>The account's request rate limit (requests per second, all actions); beyond it, ThrottlingException. Null (the default) for none.</summary>
    public double? RequestsPerSecond { get; set; }

    /// <summary>Fault settings to use (e.g. one instance shared by several emulators); null creates fresh ones with every fault off.</summary>
    public EmulatorFaults? Faults { get; set; }

    /// <summary>Adds log providers; without it the emulator logs nothing.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }

    internal void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, $"{nameof(SageMakerEmulatorOptions)}.{nameof(Port)} must be between 0 and 65535.");
        }

        if (string.IsNullOrWhiteSpace(AccessKeyId) || !AccessKeyId.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"{nameof(SageMakerEmulatorOptions)}.{nameof(AccessKeyId)} must be letters and digits, such as {DemoAccessKeyId}.", nameof(AccessKeyId));
        }

        // Never quote the value: it is a secret, even when it is a bad one.
        if (string.IsNullOrWhiteSpace(SecretAccessKey))
        {
            throw new ArgumentException($"{nameof(SageMakerEmulatorOptions)}.{nameof(SecretAccessKey)} must not be empty.", nameof(SecretAccessKey));
        }

        if (SessionToken is { Length: 0 })
        {
            throw new ArgumentException($"{nameof(SageMakerEmulatorOptions)}.{nameof(SessionToken)} must be null or non-empty.", nameof(SessionToken));
        }

        if (RequestsPerSecond is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestsPerSecond), RequestsPerSecond, $"{nameof(SageMakerEmulatorOptions)}.{nameof(RequestsPerSecond)} must be positive, or null for no limit.");
        }
    }
}
