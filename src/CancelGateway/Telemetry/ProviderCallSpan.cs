using System.Diagnostics;
using CancelGateway.Providers;
using CancelGateway.V1;

namespace CancelGateway.Telemetry;

/// <summary>
/// One piece of the engine's work on an operation (a submission attempt, a poll, a force) as a
/// span and a provider-call measurement. The span's parent is the context the operation was
/// accepted in (the Cancel or BatchCancel RPC), so one Cancel is one trace from the RPC to the
/// provider's HTTP calls, which the HttpClient instrumentation adds under this span.
/// </summary>
internal static class ProviderCallSpan
{
    /// <summary>Runs <paramref name="call"/> (the provider call, once out of the queue) inside a span named <c>cancelgateway.{name}</c>.</summary>
    public static async Task<T> RunAsync<T>(string name, Provider provider, string operation, string run, ActivityContext parent, Func<Task<T>> call)
    {
        using var activity = GatewayTelemetry.Source.StartActivity("cancelgateway." + name, ActivityKind.Internal, parent);
        activity?.SetTag("cancelgateway.operation", operation);
        activity?.SetTag("cancelgateway.run", run);
        activity?.SetTag("cancelgateway.provider", ProviderNames.Of(provider));
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await call();
            GatewayTelemetry.ProviderCall(provider, name, Stopwatch.GetElapsedTime(started), "none");
            return result;
        }
        catch (ProviderException failure)
        {
            GatewayTelemetry.ProviderCall(provider, name, Stopwatch.GetElapsedTime(started), failure.Reason);
            activity?.SetStatus(ActivityStatusCode.Error, failure.Reason);
            activity?.SetTag("cancelgateway.failure_kind", failure.Reason);
            activity?.SetTag("cancelgateway.transient", failure.IsTransient);
            throw;
        }
    }
}
