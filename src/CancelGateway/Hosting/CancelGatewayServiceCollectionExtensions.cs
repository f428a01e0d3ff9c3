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
using CancelGateway.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
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
                return o.ShutdownDrainTimeout >= TimeSpan.Zero
                    ? true
                    : throw new InvalidOperationException($"{GatewayOptions.SectionName}:{nameof(GatewayOptions.ShutdownDrainTimeout)} must not be negative (was {o.ShutdownDrainTimeout}).");
            })
            .ValidateOnStart();
        services.AddOptions<EngineOptions>().Bind(configuration.GetSection(EngineOptions.SectionName))
            .Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        services.AddOptions<SqliteStoreOptions>().Bind(configuration.GetSection(SqliteStoreOptions.SectionName))
            .Validate(o => { o.Validate(); return true; }).ValidateOnStart();

        // The store: PostgreSQL when configured, else the embedded SQLite file. Its operations go
        // through the telemetry decorator; the audit trail is the same store's.
        if (configuration.GetSection(PostgresStoreOptions.SectionName).Exists())
        {
            services.AddOptions<PostgresStoreOptions>().Bind(configuration.GetSection(PostgresStoreOptions.SectionName))
                .Validate(o => { o.Validate(); return true; }).ValidateOnStart();
            services.AddSingleton<PostgresOperationStore>();
            services.AddSingleton<IAuditTrail>(provider => provider.GetRequiredService<PostgresOperationStore>());
            services.AddSingleton<IOperationLeases>(provider => provider.GetRequiredService<PostgresOperationStore>());
            services.AddSingleton<IOperationStore>(provider => new InstrumentedOperationStore(provider.GetRequiredService<PostgresOperationStore>()));

            // Other replicas write to the same database: their changes reach this one's watchers.
            services.AddSingleton<PostgresChangeListener>();
            services.AddSingleton<IOperationChanges>(provider => provider.GetRequiredService<PostgresChangeListener>());
            services.AddHostedService(provider => provider.GetRequiredService<PostgresChangeListener>());
            services.AddHostedService<OperationChangeFollower>();
        }
        else
        {
            services.AddSingleton<SqliteOperationStore>();
            services.AddSingleton<IAuditTrail>(provider => provider.GetRequiredService<SqliteOperationStore>());
            services.AddSingleton<IOperationLeases>(provider => provider.GetRequiredService<SqliteOperationStore>());
            services.AddSingleton<IOperationStore>(provider => new InstrumentedOperationStore(provider.GetRequiredService<SqliteOperationStore>()));
        }

        services.AddGatewayTelemetry(configuration);
        services.AddSingleton<OperationWatchHub>();
        services.AddSingleton<OperationBook>();
        services.AddSingleton(provider => new ProviderGate(provider.GetRequiredService<IOptions<EngineOptions>>().Value));
        // A host may bring its own registry (tests put scripted providers behind the real host).
        services.TryAddSingleton<ProviderRegistry>();
        services.AddSingleton<OperationsEngine>();
        services.TryAddSingleton<ICallerKeyResolver, ConnectionCallerKeyResolver>();
        services.AddGatewaySecurity(configuration);
        services.AddSingleton<ServerShutdown>();
        services.AddHostedService<StreamsDrain>();

        // SIGTERM: the host (Kestrel's drain of calls in flight, the engine's stop) gets this long.
        services.Configure<HostOptions>(options => options.ShutdownTimeout =
            configuration.GetValue(GatewayOptions.SectionName + ":" + nameof(GatewayOptions.ShutdownDrainTimeout), new GatewayOptions().ShutdownDrainTimeout));
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

        // The interceptors are stateless: one instance each, resolved from the container. Not
        // registered, grpc-dotnet would construct each one for every call.
        services.AddSingleton<RpcMetricsInterceptor>();
        services.AddSingleton<CallerInterceptor>();
        services.AddSingleton<StoreErrorInterceptor>();
        services.AddSingleton<DrainingStreamsInterceptor>();
        var detailedErrors = configuration.GetValue(GatewayOptions.SectionName + ":EnableDetailedErrors", false);
        services.AddGrpc(options =>
            {
                GrpcTransportSettings.Apply(options, detailedErrors);
                // Outermost, so that calls refused by the others are measured too.
                if (TelemetryServiceCollectionExtensions.IsEnabled(configuration))
                {
                    options.Interceptors.Add<RpcMetricsInterceptor>();
                }

                // Who is calling comes first: nothing else runs for a caller that is refused.
                options.Interceptors.Add<CallerInterceptor>();
                options.Interceptors.Add<StoreErrorInterceptor>();
                options.Interceptors.Add<DrainingStreamsInterceptor>();
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
