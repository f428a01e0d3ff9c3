using CancelGateway.Providers;
using CancelGateway.Providers.VertexAi;
using CancelGateway.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Tests.Providers.VertexAi;

/// <summary>The adapter, registered as the host does, over a stub HTTP handler and a fixed token.</summary>
internal sealed class StubbedVertexAi : IAsyncDisposable
{
    public StubbedVertexAi(Func<RecordedRequest, HttpResponseMessage> respond, string? endpoint = "http://vertex.test/")
    {
        Handler = new StubHttpMessageHandler(respond);
        var config = new Dictionary<string, string?>();
        if (endpoint is not null)
        {
            config[$"{VertexAiOptions.SectionName}:Endpoint"] = endpoint;
        }

        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(Logs))
            .AddSingleton<TimeProvider>(Clock)
            .AddSingleton<IVertexAccessTokenSource>(Tokens)
            .AddVertexAi(new ConfigurationBuilder().AddInMemoryCollection(config).Build());
        services.AddHttpClient(VertexAiProvider.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Handler);
        Services = services.BuildServiceProvider();
        Provider = Services.GetServices<IPipelineProvider>().OfType<VertexAiProvider>().Single();
    }

    public StubHttpMessageHandler Handler { get; }

    public FakeTimeProvider Clock { get; } = new();

    public FixedTokenSource Tokens { get; } = new();

    public CapturingLoggerProvider Logs { get; } = new();

    public ServiceProvider Services { get; }

    public VertexAiProvider Provider { get; }

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
