using CancelGateway.Emulators.Faults;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Emulators.Vertex;

/// <summary>Settings of a <see cref="VertexEmulator"/>; checked when it starts.</summary>
public sealed class VertexEmulatorOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 (the default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Project of the generated service account. Default <c>demo-project</c>.</summary>
    public string ProjectId { get; set; } = "demo-project";

    /// <summary>Account ID of the generated service account (before the <c>@</c>). Default <c>gateway</c>.</summary>
    public string ServiceAccountId { get; set; } = "gateway";

    /// <summary>How long an issued access token is valid. Default one hour, as Google's.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Fault settings to use (e.g. one instance shared by several emulators); null creates fresh ones with every fault off.</summary>
    public EmulatorFaults? Faults { get; set; }

    /// <summary>Adds log providers; without it the emulator logs nothing.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }

    internal void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, $"{nameof(VertexEmulatorOptions)}.{nameof(Port)} must be between 0 and 65535.");
        }

        if (TokenLifetime < TimeSpan.FromSeconds(2))
        {
            throw new ArgumentOutOfRangeException(nameof(TokenLifetime), TokenLifetime, $"{nameof(VertexEmulatorOptions)}.{nameof(TokenLifetime)} must be at least 2 seconds.");
        }

        // Both end up in the service account's e-mail and in resource names.
        if (string.IsNullOrWhiteSpace(ProjectId) || ProjectId.AsSpan().IndexOfAny("/@: ") >= 0)
        {
            throw new ArgumentException($"{nameof(VertexEmulatorOptions)}.{nameof(ProjectId)} must be a project ID such as demo-project.", nameof(ProjectId));
        }

        if (string.IsNullOrWhiteSpace(ServiceAccountId) || ServiceAccountId.AsSpan().IndexOfAny("/@: ") >= 0)
        {
            throw new ArgumentException($"{nameof(VertexEmulatorOptions)}.{nameof(ServiceAccountId)} must be an account ID such as gateway.", nameof(ServiceAccountId));
        }
    }
}
