using CancelGateway.Providers;
using CancelGateway.Providers.CodeArts;
using CancelGateway.Providers.SageMaker;
using CancelGateway.Providers.VertexAi;
using CancelGateway.V1;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CancelGateway.Tests.Providers;

/// <summary>Every adapter, registered as the host registers it, lists runs through the registry.</summary>
public sealed class ProviderRegistryListerTests
{
    [Fact]
    public async Task TryGetLister_EveryConfiguredProvider_ItsAdapterWithAPageMaximum()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Providers:VertexAi:Endpoint"] = "http://127.0.0.1:9/",
            ["Providers:SageMaker:Endpoint"] = "http://127.0.0.1:9/",
            ["Providers:SageMaker:AccessKeyId"] = "AKIAIOSFODNN7EXAMPLE",
            ["Providers:SageMaker:SecretAccessKey"] = "not-a-real-secret-key",
            ["Providers:CodeArts:Endpoint"] = "http://127.0.0.1:9/",
            ["Providers:CodeArts:AccessKey"] = "ACCESSKEYEXAMPLE",
            ["Providers:CodeArts:SecretKey"] = "not-a-real-secret-key",
        }).Build();
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddVertexAi(config)
            .AddSageMaker(config)
            .AddCodeArts(config)
            .BuildServiceProvider();
        var registry = new ProviderRegistry(services.GetServices<IPipelineProvider>());

        foreach (var provider in new[] { Provider.VertexAi, Provider.Sagemaker, Provider.Codearts })
        {
            Assert.True(registry.TryGetLister(provider, out var lister), $"{provider} has no lister");
            Assert.Same(registry.Get(provider), lister);
            Assert.Equal(100, lister.MaxPageSize);
        }

        Assert.False(registry.TryGetLister(Provider.Unspecified, out var none));
        Assert.Null(none);
    }
}
