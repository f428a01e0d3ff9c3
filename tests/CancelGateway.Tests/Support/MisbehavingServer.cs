using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Tests.Support;

/// <summary>
/// A real HTTP server on 127.0.0.1 that answers as a test scripts it — a redirect, a huge body, a
/// token endpoint without a token — and records every request it gets, headers and body included.
/// </summary>
internal sealed class MisbehavingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body)> _requests = new();

    private MisbehavingServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body)> Requests => [.. _requests];

    public static async Task<MisbehavingServer> StartAsync(Func<HttpContext, Task> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new MisbehavingServer(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            server._requests.Enqueue((context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body));
            await answer(context);
        });
        await app.StartAsync().Within();
        server.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return server;
    }

    /// <summary>Answers every request with a redirect to <paramref name="target"/> (same path and query).</summary>
    public static Task<MisbehavingServer> RedirectingTo(MisbehavingServer target, int status) =>
        StartAsync(context =>
        {
            context.Response.StatusCode = status;
            context.Response.Headers.Location = new Uri(target.BaseAddress, context.Request.Path.Value!.TrimStart('/') + context.Request.QueryString).AbsoluteUri;
            return Task.CompletedTask;
        });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
