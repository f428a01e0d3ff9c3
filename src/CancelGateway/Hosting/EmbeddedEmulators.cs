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
    public static bool AreWanted(IConfiguration configuration)
    {
        if (configuration.GetValue<bool?>("Emulators:Enabled") is { } enabled)
        {
            return enabled;
        }

        return !configuration.GetSection("Providers").GetChildren().Any();
    }

    /// <summary>Starts the emulators and points the providers' settings at them.</summary>
    public static async Task<EmulatorHost> StartAsync(ConfigurationManager configuration, CancellationToken cancellationToken)
    {
        var host = await EmulatorHost.StartAsync(cancellationToken: cancellationToken);
        var keyDirectory = Path.Combine(Path.GetTempPath(), "cancelgateway-emulators", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
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
