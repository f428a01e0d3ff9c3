using CancelGateway.Emulators.Hosting;
using CancelGateway.Providers.CodeArts;
using CancelGateway.Providers.SageMaker;
using CancelGateway.Providers.VertexAi;
using Microsoft.Extensions.Configuration;

namespace CancelGateway.Hosting;

/// <summary>
/// The embedded defaults: the provider emulators started in this process, seeded with demo
/// runs, and the providers pointed at them. On when <c>Emulators:Enabled</c> is true, or when
/// it is unset and no provider is configured (so a bare start needs no cloud account, and a
/// configured production gateway never talks to an emulator by accident).
/// </summary>
internal static class EmbeddedEmulators
{
    /// <summary>A new directory name for one start's demo key, under the temp directory.</summary>
    public static string NewKeyDirectory() => Path.Combine(Path.GetTempPath(), "cancelgateway-emulators", Guid.NewGuid().ToString("N"));

    /// <summary>Removes what <see cref="StartAsync"/> wrote; a leftover is not worth failing a stop for.</summary>
    public static void RemoveKeyDirectory(string keyDirectory)
    {
        try
        {
            Directory.Delete(keyDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public static bool AreWanted(IConfiguration configuration)
    {
        if (configuration.GetValue<bool?>("Emulators:Enabled") is { } enabled)
        {
            return enabled;
        }

        return !configuration.GetSection("Providers").GetChildren().Any();
    }

    /// <summary>
    /// Starts the emulators and points the providers' settings at them. The demo service-account
    /// key goes to a directory of this start's own (<paramref name="keyDirectory"/>), which the
    /// caller removes when the gateway stops.
    /// </summary>
    public static async Task<EmulatorHost> StartAsync(ConfigurationManager configuration, string keyDirectory, CancellationToken cancellationToken)
    {
        var host = await EmulatorHost.StartAsync(cancellationToken: cancellationToken);
        Directory.CreateDirectory(keyDirectory);
        var keyFile = host.Vertex.WriteServiceAccountKeyFile(keyDirectory);
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{VertexAiOptions.SectionName}:Endpoint"] = host.Vertex.BaseAddress.ToString(),
            [$"{VertexAiOptions.SectionName}:CredentialsFile"] = keyFile,

            // AK/SK signing (Huawei's recommendation) with the emulator's published demo keys.
            [$"{CodeArtsOptions.SectionName}:Endpoint"] = host.CodeArts.BaseAddress.ToString(),
            [$"{CodeArtsOptions.SectionName}:IamEndpoint"] = host.CodeArts.IamEndpoint.ToString(),
            [$"{CodeArtsOptions.SectionName}:AccessKey"] = host.CodeArts.AccessKey,
            [$"{CodeArtsOptions.SectionName}:SecretKey"] = host.CodeArts.SecretKey,

            // SigV4 with the emulator's published demo access key.
            [$"{SageMakerOptions.SectionName}:Endpoint"] = host.SageMaker.BaseAddress.ToString(),
            [$"{SageMakerOptions.SectionName}:AccessKeyId"] = host.SageMaker.AccessKeyId,
            [$"{SageMakerOptions.SectionName}:SecretAccessKey"] = host.SageMaker.SecretAccessKey,
        });
        return host;
    }
}
