using CancelGateway.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelGateway.Security;

/// <summary>
/// Reads the policy at start (a bad file stops the start), warns about the choices that open
/// the gateway up, and then looks at the policy and JWKS files every second, so an edit takes
/// effect (or a broken one is reported) without waiting for a request.
/// </summary>
internal sealed class SecurityRefresher(
    IOptions<SecurityOptions> security,
    IOptions<GatewayOptions> gateway,
    PolicyStore policies,
    TimeProvider time,
    ILogger<SecurityRefresher> logger,
    JwksKeySource? keys = null) : BackgroundService
{
    /// <summary>How often the files are looked at.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (!security.Value.AuthenticationConfigured && security.Value.AllowAnonymous && SecurityOptionsValidation.ExposedAddress(gateway.Value) is { } exposed)
        {
            SecurityLog.AnonymousAllowed(logger, exposed);
        }

        if (security.Value.AuthenticationConfigured && string.IsNullOrWhiteSpace(security.Value.PolicyFile))
        {
            SecurityLog.NoPolicy(logger);
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(security.Value.PolicyFile) && keys is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                policies.Refresh();
                keys?.Refresh();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
