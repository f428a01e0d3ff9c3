using CancelGateway.Providers.CodeArts;
using CancelGateway.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelGateway.Tests.Providers.CodeArts;

/// <summary>The adapter (AK/SK) over a stub HTTP handler, for what the emulator cannot show: which URL a real deployment calls.</summary>
internal static class CodeArtsStubbed
{
    public const string AccessKey = "STUBBEDACCESSKEY0000";

    public const string SecretKey = "stubbed-secret-key-stubbed-secret-key-00";

    /// <param name="stub">Answers every request.</param>
    /// <param name="settings">Providers:CodeArts settings over the AK/SK ones (keys without the section).</param>
    public static (CodeArtsProvider Provider, ServiceProvider Services, CapturingLoggerProvider Logs) Create(StubHttpMessageHandler stub, IDictionary<string, string?>? settings = null)
    {
        var logs = new CapturingLoggerProvider();
        var config = new Dictionary<string, string?>
        {
            [$"{CodeArtsOptions.SectionName}:AccessKey"] = AccessKey,
            [$"{CodeArtsOptions.SectionName}:SecretKey"] = SecretKey,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[$"{CodeArtsOptions.SectionName}:{key}"] = value;
        }

        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace))
            .AddSingleton<TimeProvider>(new FakeTimeProvider())
            .AddCodeArts(new ConfigurationBuilder().AddInMemoryCollection(config).Build());
        services.AddHttpClient(CodeArtsProvider.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => stub);
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        return (provider.GetServices<CancelGateway.Providers.IPipelineProvider>().OfType<CodeArtsProvider>().Single(), provider, logs);
    }

    /// <summary>A run of <paramref name="region"/> (ids of 32 letters and digits).</summary>
    public static CancelGateway.Providers.RunName Run(string region) =>
        CodeArtsHarness.Parse($"codearts/regions/{region}/projects/{new string('p', 32)}/pipelines/{new string('l', 32)}/runs/{new string('r', 32)}");
}
