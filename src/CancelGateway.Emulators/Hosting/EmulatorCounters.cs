using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CancelGateway.Emulators.Hosting;

/// <summary>
/// What <c>GET /_emulator/counters</c> on an emulator's base URL answers, so tests and people
/// driving gateways out of process can check the provider's side: the accepted stop (cancel)
/// requests per run, and the requests received per second of the emulator's clock (to check a
/// rate limit where it matters, at the provider). Requests per second count the provider's API
/// only: token requests go to an identity service of their own at the real providers (Google
/// OAuth, Huawei IAM), and the counters request itself is not counted.
/// </summary>
/// <param name="time">The emulator's clock (seconds are counted in it).</param>
/// <param name="acceptedStops">The provider's accepted stop requests by its own run key (Vertex: the job name; CodeArts: the run id; SageMaker: the execution ARN).</param>
/// <param name="tokenPath">The path of the emulated token endpoint on this port, if any.</param>
internal sealed class EmulatorCounters(TimeProvider time, Func<IReadOnlyDictionary<string, int>> acceptedStops, string? tokenPath = null)
{
    /// <summary>The path, under every emulator's base URL.</summary>
    public const string Path = "/_emulator/counters";

    private readonly ConcurrentDictionary<long, int> _perSecond = new();
    private int _total;

    /// <summary>Counts one API request against the current second.</summary>
    public void CountRequest()
    {
        Interlocked.Increment(ref _total);
        _perSecond.AddOrUpdate(time.GetUtcNow().ToUnixTimeSeconds(), 1, static (_, n) => n + 1);
    }

    /// <summary>Requests received in each second (Unix seconds) that saw any.</summary>
    public IReadOnlyDictionary<long, int> RequestsPerSecond() => _perSecond.ToDictionary();

    /// <summary>Answers the counters request, or passes any other request on after counting it.</summary>
    public async Task HandleAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path != Path)
        {
            if (tokenPath is null || context.Request.Path != tokenPath)
            {
                CountRequest();
            }

            await next(context);
            return;
        }

        if (!HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("apiRequests", Volatile.Read(ref _total));
        json.WriteStartObject("acceptedStops");
        foreach (var (run, count) in acceptedStops().OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json.WriteNumber(run, count);
        }

        json.WriteEndObject();
        json.WriteStartObject("requestsPerSecond");
        foreach (var (second, count) in RequestsPerSecond().OrderBy(p => p.Key))
        {
            json.WriteNumber(second.ToString(CultureInfo.InvariantCulture), count);
        }

        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}
