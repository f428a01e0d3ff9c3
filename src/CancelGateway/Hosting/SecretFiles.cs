using Microsoft.Extensions.Configuration;

namespace CancelGateway.Hosting;

/// <summary>
/// Secrets from files: each secret setting <c>X</c> may be given as <c>XFile</c>, the path of a
/// file holding it (a mounted Kubernetes or Docker secret, say), so no secret has to be on a
/// command line every local user can read, or in the environment of every child process.
/// </summary>
internal static class SecretFiles
{
    /// <summary>The settings that hold secrets.</summary>
    public static readonly string[] Settings =
    [
        "Providers:CodeArts:SecretKey",
        "Providers:CodeArts:SecurityToken",
        "Providers:CodeArts:Password",
        "Providers:CodeArts:Token",
        "Providers:SageMaker:SecretAccessKey",
        "Providers:SageMaker:SessionToken",
    ];

    /// <summary>Reads every <c>…File</c> setting given into its secret setting; throws naming the setting when it cannot.</summary>
    public static void Apply(ConfigurationManager configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var secrets = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var setting in Settings)
        {
            if (configuration[setting + "File"] is not { Length: > 0 } path)
            {
                continue;
            }

            if (!string.IsNullOrEmpty(configuration[setting]))
            {
                throw new InvalidOperationException($"{setting} and {setting}File are both set; set one of them.");
            }

            string value;
            try
            {
                // A trailing newline is an artefact of how the file was written, not part of the secret.
                value = File.ReadAllText(path).TrimEnd('\r', '\n');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"{setting}File: the file '{path}' cannot be read ({e.GetType().Name}).", e);
            }

            if (value.Length == 0)
            {
                throw new InvalidOperationException($"{setting}File: the file '{path}' is empty.");
            }

            secrets[setting] = value;
        }

        if (secrets.Count > 0)
        {
            configuration.AddInMemoryCollection(secrets);
        }
    }
}
