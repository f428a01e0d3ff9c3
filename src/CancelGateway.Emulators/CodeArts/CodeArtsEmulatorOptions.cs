using CancelGateway.Emulators.Faults;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Emulators.CodeArts;

/// <summary>
/// Settings of a <see cref="CodeArtsEmulator"/>; checked when it starts. The credentials default to
/// fixed, published demo values: they open nothing but an emulator on 127.0.0.1, and a demo (or the
/// gateway's embedded mode) can use them without being told.
/// </summary>
public sealed class CodeArtsEmulatorOptions
{
    /// <summary>The demo IAM user name.</summary>
    public const string DemoUserName = "gateway-bot";

    /// <summary>The demo IAM user's password (a demo value, not a secret).</summary>
    public const string DemoPassword = "Demo-CodeArts-Passw0rd";

    /// <summary>The demo account (domain) name.</summary>
    public const string DemoDomainName = "demo-account";

    /// <summary>The demo access key ID (20 characters, like Huawei's).</summary>
    public const string DemoAccessKey = "DEMOAKCODEARTS000001";

    /// <summary>The demo secret access key (40 characters, like Huawei's; a demo value, not a secret).</summary>
    public const string DemoSecretKey = "DemoSecretKeyForTheCodeArtsEmulator00001";

    /// <summary>The demo temporary access key ID (as IAM's securitytokens API issues them; 20 characters).</summary>
    public const string DemoTemporaryAccessKey = "DEMOTEMPAKCODEARTS01";

    /// <summary>The demo temporary secret access key (a demo value, not a secret).</summary>
    public const string DemoTemporarySecretKey = "DemoTemporarySecretKeyForCodeArts0000001";

    /// <summary>The demo security token that must come with the temporary access key (a demo value, not a secret).</summary>
    public const string DemoSecurityToken = "gQpjbi1ub3J0aC00iwS3DemoSecurityTokenOfTheCodeArtsEmulatorForTemporaryAccessKeys0000000000000000000000000001";

    /// <summary>TCP port on 127.0.0.1; 0 (the default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>The region the emulator stands for, and the IAM project name a token must be scoped to. Default <c>cn-north-4</c>.</summary>
    public string Region { get; set; } = "cn-north-4";

    /// <summary>IAM user name accepted by <c>/v3/auth/tokens</c>.</summary>
    public string UserName { get; set; } = DemoUserName;

    /// <summary>That user's password.</summary>
    public string Password { get; set; } = DemoPassword;

    /// <summary>The account (domain) the user belongs to.</summary>
    public string DomainName { get; set; } = DemoDomainName;

    /// <summary>The access key ID accepted in SDK-HMAC-SHA256 signatures.</summary>
    public string AccessKey { get; set; } = DemoAccessKey;

    /// <summary>Its secret access key.</summary>
    public string SecretKey { get; set; } = DemoSecretKey;

    /// <summary>A temporary access key ID accepted in signatures, only with <see cref="SecurityToken"/> in a signed X-Security-Token.</summary>
    public string TemporaryAccessKey { get; set; } = DemoTemporaryAccessKey;

    /// <summary>Its secret access key.</summary>
    public string TemporarySecretKey { get; set; } = DemoTemporarySecretKey;

    /// <summary>The security token of the temporary access key.</summary>
    public string SecurityToken { get; set; } = DemoSecurityToken;

    /// <summary>How long an issued token is valid. Default 24 hours, as IAM's.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How far X-Sdk-Date may be from the emulator's clock. Default 15 minutes, as API Gateway's.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Fault settings to use (e.g. one instance shared by several emulators); null creates fresh ones with every fault off.</summary>
    public EmulatorFaults? Faults { get; set; }

    /// <summary>Adds log providers; without it the emulator logs nothing.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }

    /// <summary>The IAM project ID of <see cref="Region"/> (a token may be scoped by it instead of by name).</summary>
    public string IamProjectId { get; } = "0c6d3e1f2a4b5c6d7e8f9a0b1c2d3e4f";

    internal string UserId { get; } = "1a2b3c4d5e6f708192a3b4c5d6e7f809";

    internal string DomainId { get; } = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";

    internal void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, $"{nameof(CodeArtsEmulatorOptions)}.{nameof(Port)} must be between 0 and 65535.");
        }

        if (TokenLifetime < TimeSpan.FromSeconds(2))
        {
            throw new ArgumentOutOfRangeException(nameof(TokenLifetime), TokenLifetime, $"{nameof(CodeArtsEmulatorOptions)}.{nameof(TokenLifetime)} must be at least 2 seconds.");
        }

        if (MaxClockSkew <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxClockSkew), MaxClockSkew, $"{nameof(CodeArtsEmulatorOptions)}.{nameof(MaxClockSkew)} must be positive.");
        }

        Require(Region, nameof(Region));
        Require(UserName, nameof(UserName));
        Require(Password, nameof(Password));
        Require(DomainName, nameof(DomainName));
        Require(AccessKey, nameof(AccessKey));
        Require(SecretKey, nameof(SecretKey));
        Require(TemporaryAccessKey, nameof(TemporaryAccessKey));
        Require(TemporarySecretKey, nameof(TemporarySecretKey));
        Require(SecurityToken, nameof(SecurityToken));
        if (TemporaryAccessKey == AccessKey)
        {
            throw new ArgumentException($"{nameof(CodeArtsEmulatorOptions)}.{nameof(TemporaryAccessKey)} must differ from {nameof(AccessKey)}.", nameof(TemporaryAccessKey));
        }
    }

    private static void Require(string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{nameof(CodeArtsEmulatorOptions)}.{name} must not be empty.", name);
        }
    }
}
