using CancelGateway.Providers.SageMaker;
using CancelGateway.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Tests.Providers.SageMaker;

/// <summary>The adapter over a stub HTTP handler, for answers the emulator never gives (foreign error shapes, races).</summary>
internal static class SageMakerStubbed
{
    public static (SageMakerProvider Provider, ServiceProvider Services, CapturingLoggerProvider Logs) Create(StubHttpMessageHandler stub)
    {
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace))
            .AddSingleton<TimeProvider>(new FakeTimeProvider())
            .AddSageMaker(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{SageMakerOptions.SectionName}:Endpoint"] = "http://sagemaker.test/",
                [$"{SageMakerOptions.SectionName}:AccessKeyId"] = "AKIASTUBBEDKEY000000",
                [$"{SageMakerOptions.SectionName}:SecretAccessKey"] = "stubbed/secret/key/stubbed/secret/key/00",
            }).Build());
        services.AddHttpClient(SageMakerProvider.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => stub);
        var provider = services.BuildServiceProvider();
        return (provider.GetServices<CancelGateway.Providers.IPipelineProvider>().OfType<SageMakerProvider>().Single(), provider, logs);
    }
}
