using CancelGateway.Operations;
using CancelGateway.PipelineControl;
using CancelGateway.Providers;
using CancelGateway.Providers.CodeArts;
using CancelGateway.Providers.SageMaker;
using CancelGateway.Providers.VertexAi;
using CancelGateway.Security;
using CancelGateway.Storage;
using CancelGateway.Storage.Postgres;
using CancelGateway.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CancelGateway.Hosting;

/// <summary>The whole gateway, composed in one place.</summary>
internal static class CancelGatewayServiceCollectionExtensions
{
    public static IServiceCollection AddCancelGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.SectionName))
            .Validate(o =>
            {
                // Each throws naming its setting when malformed; an empty HttpListen is valid (off).
                o.ListenEndPoint();
                o.HttpListenEndPoint();
                return true;
            })
            .ValidateOnStart();
        services.AddOptions<EngineOptions>().Bind(configuration.GetSection("Engine"))
            .Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        services.AddOptions<SqliteStoreOptions>().Bind(configuration.GetSection("Storage:Sqlite"))
            .Validate(o => { o.Validate(); return true; }).ValidateOnStart();

        if (configuration.GetSection(PostgresStoreOptions.SectionName).Exists())
        {
            // Several replicas on one database.
            services.AddOptions<PostgresStoreOptions>().Bind(configuration.GetSection(PostgresStoreOptions.SectionName))
                .Validate(o => { o.Validate(); return true; }).ValidateOnStart();
            services.AddSingleton<IOperationStore, PostgresOperationStore>();
        }
        else
        {
            services.AddSingleton<IOperationStore, SqliteOperationStore>();
        }

        services.AddSingleton(provider => provider.GetRequiredService<IOperationStore>() as IAuditTrail
            ?? throw new InvalidOperationException("The operation store keeps no audit trail."));
        services.AddSingleton<OperationWatchHub>();
        services.AddSingleton<OperationBook>();
        services.AddSingleton(provider => new ProviderGate(provider.GetRequiredService<IOptions<EngineOptions>>().Value));
        services.AddSingleton<ProviderRegistry>();
        services.AddSingleton<OperationsEngine>();
        services.TryAddSingleton<ICallerKeyResolver, ConnectionCallerKeyResolver>();
        services.AddGatewaySecurity(configuration);
        services.AddHostedService(provider => provider.GetRequiredService<OperationsEngine>());

        if (configuration.GetSection(VertexAiOptions.SectionName).Exists())
        {
            services.AddVertexAi(configuration);
        }

        if (configuration.GetSection(CodeArtsOptions.SectionName).Exists())
        {
            services.AddCodeArts(configuration);
        }

        if (configuration.GetSection(SageMakerOptions.SectionName).Exists())
        {
            services.AddSageMaker(configuration);
        }

        var detailedErrors = configuration.GetValue(GatewayOptions.SectionName + ":EnableDetailedErrors", false);
        services.AddGrpc(options =>
            {
                GrpcTransportSettings.Apply(options, detailedErrors);
                // Who is calling comes first: nothing else runs for a caller that is refused.
                options.Interceptors.Add<CallerInterceptor>();
                options.Interceptors.Add<StoreErrorInterceptor>();
            })
            .AddGatewayJsonTranscoding();
        services.AddGrpcHealthChecks(options =>
            {
                // Each served service answers with the gateway's readiness ("" is the whole server).
                options.Services.Clear();
                foreach (var service in GatewayServices.Names)
                {
                    options.Services.Map(service, _ => true);
                }
            })
            .AddCheck<GatewayReadinessCheck>(GatewayReadinessCheck.Name);

        // Health Watch streams follow the published results; publish every 5 s from the start.
        services.Configure<HealthCheckPublisherOptions>(options =>
        {
            options.Delay = TimeSpan.Zero;
            options.Period = TimeSpan.FromSeconds(5);
        });
        if (configuration.GetValue(GatewayOptions.SectionName + ":EnableReflection", true))
        {
            services.AddGatewayReflection();
        }

        return services;
    }
}
