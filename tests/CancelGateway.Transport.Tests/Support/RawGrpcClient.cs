using System.Net;
using System.Net.Http.Headers;

namespace CancelGateway.Transport.Tests.Support;

/// <summary>
/// Sends hand-made HTTP/2 requests (any headers, any body bytes) so tests can feed the server
/// what no well-behaved gRPC client would, and read back exactly what it answered.
/// </summary>
public sealed class RawGrpcClient(Uri address) : IDisposable
{
    private readonly HttpMessageInvoker _invoker = new(new SocketsHttpHandler { EnableMultipleHttp2Connections = true }, disposeHandler: true);

    public async Task<RawResponse> SendAsync(string path, byte[] body, string? contentType = "application/grpc", bool te = true, IDictionary<string, string>? headers = null, HttpMethod? method = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, new Uri(address, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (method is null || method == HttpMethod.Post)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType is not null)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }
        }

        if (te)
        {
            request.Headers.TryAddWithoutValidation("te", "trailers");
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await _invoker.SendAsync(request, cancellationToken);
        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var status = Header(response.Headers, "grpc-status") ?? Header(response.TrailingHeaders, "grpc-status");
        var message = Header(response.Headers, "grpc-message") ?? Header(response.TrailingHeaders, "grpc-message");
        return new RawResponse(response.StatusCode, status is null ? null : int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), message, content, Header(response.Headers, "grpc-accept-encoding"), Header(response.Headers, "grpc-encoding"));
    }

    public void Dispose() => _invoker.Dispose();

    private static string? Header(HttpHeaders headers, string name) =>
        headers.NonValidated.TryGetValues(name, out var values) ? values.ToString() : null;

    public sealed record RawResponse(HttpStatusCode HttpStatus, int? GrpcStatus, string? GrpcMessage, byte[] Body, string? AcceptEncoding, string? Encoding);
}
