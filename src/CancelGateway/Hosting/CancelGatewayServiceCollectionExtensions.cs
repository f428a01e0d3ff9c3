using CancelGateway.Grpc.Hosting;
using CancelGateway.Operations;
using CancelGateway.PipelineControl;
using CancelGateway.Providers;
using CancelGateway.Providers.CodeArts;
using CancelGateway.Providers.SageMaker;
using CancelGateway.Providers.VertexAi;
using CancelGateway.Storage;
using CancelGateway.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CancelGateway.Hosting;

/// <summary>The whole gateway, composed in one place.</summary>
internal static class CancelGatewayServiceCollectionExtensions
{
    public static IServiceCollection AddCancelGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.SectionName))
            .Validate(o => o.ListenEndPoint() is not null).ValidateOnStart();
        services.AddOptions<EngineOptions>().Bind(configuration.GetSection("Engine"))
            .Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        services.AddOptions<SqliteStoreOptions>().Bind(configuration.GetSection("Storage:Sqlite"))
            .Validate(o => { o.Validate(); return true; }).ValidateOnStart();

        services.AddSingleton<IOperationStore, SqliteOperationStore>();
        services.AddSingleton<OperationWatchHub>();
        services.AddSingleton<OperationBook>();
        services.AddSingleton(provider => new ProviderGate(provider.GetRequiredService<IOptions<EngineOptions>>().Value));
        services.AddSingleton<ProviderRegistry>();
        services.AddSingleton<OperationsEngine>();
        services.AddHostedService(provider => provider.GetRequiredService<OperationsEngine>());
        services.AddHostedService<GatewayHealth>();

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

        services.AddGrpcServer();
        services.AddGrpcService<PipelineControlService>();
        services.AddGrpcService<OperationsService>();
        services.AddGrpcHealth();
        if (configuration.GetValue(GatewayOptions.SectionName + ":EnableReflection", true))
        {
            services.AddGrpcReflection();
        }

        return services;
    }
}
