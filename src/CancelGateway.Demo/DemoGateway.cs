using CancelGateway.Emulators.Hosting;
using CancelGateway.Hosting;
using CancelGateway.Providers.CodeArts;
using CancelGateway.Providers.SageMaker;
using CancelGateway.Providers.VertexAi;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace CancelGateway.Demo;

/// <summary>
/// The gateway on the demo defaults: the provider emulators started in this process, seeded
/// with demo runs, and the providers pointed at them. The production host never starts an
/// emulator; this launcher (and the tests that need all three providers at once) does.
/// </summary>
internal static class DemoGateway
{
    /// <summary>
    /// Starts the emulators and builds (does not start) the gateway pointed at them. The demo
    /// service-account key goes to a directory of this start's own, removed with the emulators
    /// when the gateway stops.
    /// </summary>
    public static async Task<(WebApplication App, EmulatorHost Emulators)> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        var emulators = await EmulatorHost.StartAsync(cancellationToken: cancellationToken);
        var keyDirectory = Path.Combine(Path.GetTempPath(), "cancelgateway-emulators", Guid.NewGuid().ToString("N"));
        WebApplication app;
        try
        {
            Directory.CreateDirectory(keyDirectory);
            var settings = ProviderSettings(emulators, emulators.Vertex.WriteServiceAccountKeyFile(keyDirectory));
            app = GatewayApp.Build(args, builder =>
            {
                // Before the caller's configuration, so a test may still override a setting.
                builder.Configuration.AddInMemoryCollection(settings);
                configure?.Invoke(builder);
            });
        }
        catch
        {
            await emulators.DisposeAsync();
            RemoveKeyDirectory(keyDirectory);
            throw;
        }

        app.Lifetime.ApplicationStopped.Register(() =>
        {
            emulators.DisposeAsync().AsTask().GetAwaiter().GetResult();
            RemoveKeyDirectory(keyDirectory);
        });
        return (app, emulators);
    }

    /// <summary>The providers' settings that point at <paramref name="emulators"/>, with their published demo credentials.</summary>
    public static Dictionary<string, string?> ProviderSettings(EmulatorHost emulators, string vertexKeyFile) => new()
    {
        [$"{VertexAiOptions.SectionName}:Endpoint"] = emulators.Vertex.BaseAddress.ToString(),
        [$"{VertexAiOptions.SectionName}:CredentialsFile"] = vertexKeyFile,

        // AK/SK signing (Huawei's recommendation) with the emulator's published demo keys.
        [$"{CodeArtsOptions.SectionName}:Endpoint"] = emulators.CodeArts.BaseAddress.ToString(),
        [$"{CodeArtsOptions.SectionName}:IamEndpoint"] = emulators.CodeArts.IamEndpoint.ToString(),
        [$"{CodeArtsOptions.SectionName}:AccessKey"] = emulators.CodeArts.AccessKey,
        [$"{CodeArtsOptions.SectionName}:SecretKey"] = emulators.CodeArts.SecretKey,

        // SigV4 with the emulator's published demo access key.
        [$"{SageMakerOptions.SectionName}:Endpoint"] = emulators.SageMaker.BaseAddress.ToString(),
        [$"{SageMakerOptions.SectionName}:AccessKeyId"] = emulators.SageMaker.AccessKeyId,
        [$"{SageMakerOptions.SectionName}:SecretAccessKey"] = emulators.SageMaker.SecretAccessKey,
    };

    /// <summary>Removes the demo key's directory; a leftover is not worth failing a stop for.</summary>
    private static void RemoveKeyDirectory(string keyDirectory)
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
}
