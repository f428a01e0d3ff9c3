using System.Net.Http.Headers;
using CancelGateway.Providers.Http;

namespace CancelGateway.Providers.VertexAi;

/// <summary>Where a Vertex AI call goes, and the call itself (through the HTTP core).</summary>
internal sealed partial class VertexAiProvider
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private static Uri RegionalEndpoint(string location) =>
        new(location == "global" ? "https://aiplatform.googleapis.com/" : $"https://{location}-aiplatform.googleapis.com/");

    private Uri BaseFor(RunName run) => _endpoint ?? RegionalEndpoint(run[VertexRunNameForm.Location]);

    private Uri Url(RunName run, string path) => new(BaseFor(run), "v1/" + path);

    /// <summary>Sends one call; an HTTP error comes back parsed in <see cref="VertexApiError"/>, everything else throws.</summary>
    private async Task<(ProviderResponse Response, VertexApiError? Error)> SendAsync(HttpMethod method, Uri uri, byte[]? json, string what, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, uri);
        if (json is not null)
        {
            // Bytes with a Content-Length rather than a streamed JsonContent: some front ends refuse chunked POSTs.
            request.Content = new ByteArrayContent(json);
            request.Content.Headers.ContentType = JsonMediaType;
        }

        var response = await _http.SendAsync(request, what, cancellationToken);
        return (response, response.IsSuccess ? null : VertexErrorMapper.ReadError(response.Message, response.Body, _timeProvider));
    }
}
