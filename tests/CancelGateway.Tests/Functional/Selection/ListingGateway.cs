using CancelGateway.Hosting;
using CancelGateway.Providers;
using CancelGateway.Tests.Operations;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Tests.Functional.Selection;

/// <summary>
/// The real gateway host (Kestrel on 127.0.0.1:0, the engine, a SQLite file) whose three
/// providers are <see cref="ListingProvider"/>s: scripted runs that list with real paging.
/// </summary>
internal sealed class ListingGateway : IAsyncDisposable
{
    public const string VertexScope = "projects/sel/locations/us-central1";
    public const string SageMakerScope = "arn:aws:sagemaker:us-east-1:123456789012:pipeline/nightly";
    public const string CodeArtsScope = "codearts/regions/cn-north-4/projects/p1/pipelines/x1";

    private readonly TempDirectory _directory;
    private readonly WebApplication _app;

    private ListingGateway(TempDirectory directory, WebApplication app, IReadOnlyDictionary<Provider, ListingProvider> providers, CapturingLoggerProvider logs)
    {
        _directory = directory;
        _app = app;
        Providers = providers;
        Logs = logs;
        var listeners = app.Services.GetRequiredService<GatewayListeners>();
        HttpAddress = listeners.HttpAddress!;
        Client = new GatewayClient(listeners.GrpcAddress);
    }

    public GatewayClient Client { get; }

    public Uri HttpAddress { get; }

    public CapturingLoggerProvider Logs { get; }

    public IReadOnlyDictionary<Provider, ListingProvider> Providers { get; }

    public ListingProvider Vertex => Providers[Provider.VertexAi];

    public ListingProvider SageMaker => Providers[Provider.Sagemaker];

    public ListingProvider CodeArts => Providers[Provider.Codearts];

    /// <summary>Every stop any provider was asked for.</summary>
    public int Stops => Providers.Values.Sum(p => p.Stops.Count);

    /// <summary>Starts a gateway over listing providers with small pages (Vertex AI 30, SageMaker 40, CodeArts 20 runs), so that a hundred runs take several.</summary>
    public static async Task<ListingGateway> StartAsync(IReadOnlyDictionary<string, string>? settings = null, TimeProvider? time = null, Provider[]? providers = null)
    {
        var directory = new TempDirectory();
        var logs = new CapturingLoggerProvider();
        var fakes = (providers ?? [Provider.VertexAi, Provider.Sagemaker, Provider.Codearts])
            .ToDictionary(p => p, p => new ListingProvider(p, p switch { Provider.VertexAi => 30, Provider.Sagemaker => 40, _ => 20 }));
        var all = new Dictionary<string, string>(GatewayTestHost.FastEngine)
        {
            ["Gateway:Listen"] = "127.0.0.1:0",
            ["Gateway:HttpListen"] = "127.0.0.1:0",
            ["Storage:Sqlite:Path"] = directory.File("operations.db"),

            // A provider section must exist for the host to start; the registry below replaces its adapter.
            ["Providers:CodeArts:Endpoint"] = "http://127.0.0.1:9/",
            ["Providers:CodeArts:AccessKey"] = "test-access-key",
            ["Providers:CodeArts:SecretKey"] = "test-secret-key",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        var app = GatewayApp.Build(
            [.. all.Select(setting => $"--{setting.Key}={setting.Value}")],
            builder =>
            {
                builder.Logging.ClearProviders();
                builder.Logging.AddProvider(logs);
                builder.Services.AddSingleton(new ProviderRegistry(fakes.Values));

                if (time is not null)
                {
                    builder.Services.AddSingleton(time);
                }
            });
        try
        {
            await app.StartAsync().Within();
        }
        catch
        {
            await app.DisposeAsync();
            directory.Dispose();
            throw;
        }

        return new ListingGateway(directory, app, fakes, logs);
    }

    public void AssertNoErrorLogs() =>
        Xunit.Assert.True(!Logs.Errors.Any(), "Unexpected error logs:\n" + string.Join('\n', Logs.Errors.Select(e => $"{e.Category}[{e.EventId.Id}]: {e.Message} {e.Exception}")));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        try
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _app.StopAsync(stop.Token);
        }
        finally
        {
            await _app.DisposeAsync();
            _directory.Dispose();
        }
    }
}
