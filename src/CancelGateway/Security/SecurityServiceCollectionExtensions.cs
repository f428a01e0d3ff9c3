using CancelGateway.PipelineControl;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CancelGateway.Security;

/// <summary>Who may call and what each caller may touch, composed in one place.</summary>
internal static class SecurityServiceCollectionExtensions
{
    public static IServiceCollection AddGatewaySecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SecurityOptions.SectionName);
        services.AddOptions<SecurityOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidation>();
        // Built now, not on first use: a policy file that cannot be read or parsed stops the start.
        services.AddSingleton<PolicyStore>();
        services.AddSingleton<PrincipalLimits>();
        services.AddSingleton<RunAccess>();
        services.AddSingleton<AuditRecorder>();
        services.AddHostedService<SecurityRefresher>();
        services.Replace(ServiceDescriptor.Singleton<ICallerKeyResolver, PrincipalCallerKeyResolver>());

        // The handlers are configured from the bound settings; the validation above reports bad ones by name.
        GatewayAuthentication.Add(services, section.Get<SecurityOptions>() ?? new SecurityOptions());
        return services;
    }
}
