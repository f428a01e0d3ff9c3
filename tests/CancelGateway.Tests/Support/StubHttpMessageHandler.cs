using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace CancelGateway.Tests.Support;

/// <summary>Answers HTTP requests from a function and records them, for adapter tests without a server.</summary>
internal sealed class StubHttpMessageHandler(Func<RecordedRequest, HttpResponseMessage> respond) : HttpMessageHandler
{
    private readonly ConcurrentQueue<RecordedRequest> requests = new();

    public IReadOnlyList<RecordedRequest> Requests => [.. requests];

    /// <summary>A response with a JSON body.</summary>
    public static HttpResponseMessage Json(HttpStatusCode status, string json, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    /// <summary>Google's JSON error body.</summary>
    public static HttpResponseMessage GoogleError(int http, string status, string message, params (string Name, string Value)[] headers) =>
        Json((HttpStatusCode)http, $$$"""{"error":{"code":{{{http}}},"message":"{{{message}}}","status":"{{{status}}}","details":[]}}""", headers);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), request.Content?.Headers.ContentType?.ToString(), body)
        {
            Headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(',', h.Value), StringComparer.OrdinalIgnoreCase),
        };
        requests.Enqueue(recorded);
        var response = respond(recorded);
        response.RequestMessage = request;
        return response;
    }
}
