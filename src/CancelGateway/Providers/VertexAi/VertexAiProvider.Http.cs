using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CancelGateway.Providers.VertexAi;

/// <summary>One authenticated call to Vertex AI, and where it goes.</summary>
internal sealed partial class VertexAiProvider
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private static ByteArrayContent JsonBody(byte[] utf8)
    {
        // Bytes with a Content-Length rather than a streamed JsonContent: some front ends refuse chunked POSTs.
        var content = new ByteArrayContent(utf8);
        content.Headers.ContentType = JsonMediaType;
        return content;
    }

    private static Uri RegionalEndpoint(string location) =>
        new(location == "global" ? "https://aiplatform.googleapis.com/" : $"https://{location}-aiplatform.googleapis.com/");

    private Uri BaseFor(RunName run) => endpoint ?? RegionalEndpoint(run["location"]);

    private Uri Url(RunName run, string path) => new(BaseFor(run), "v1/" + path);

    /// <summary>
    /// Gets a token, sends the request and reads the whole response within
    /// <see cref="VertexAiOptions.RequestTimeout"/>. Throws <see cref="ProviderException"/> for
    /// everything but an HTTP answer; an HTTP error comes back parsed, because what it means
    /// depends on the call (a refused cancel of an ended run is not a failure).
    /// </summary>
    private async Task<VertexCallResult> SendAsync(HttpMethod method, Uri uri, HttpContent? content, string what, CancellationToken cancellationToken)
    {
        using var disposeContent = content;
        using var timeout = new CancellationTokenSource(options.RequestTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);

        string token;
        try
        {
            token = await tokens.GetAccessTokenAsync(linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Fail(VertexErrorMapper.FromTimeout(options.RequestTimeout, what, tokenEndpoint: true), what);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw Fail(VertexErrorMapper.FromTokenFailure(ex, what), what);
        }

        using var request = new HttpRequestMessage(method, uri) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var client = httpClientFactory.CreateClient(HttpClientName);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
            var body = await response.Content.ReadAsStringAsync(linked.Token);
            var error = response.IsSuccessStatusCode ? null : VertexErrorMapper.ReadError(response, body, timeProvider);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                tokens.Invalidate(token);
            }

            return new VertexCallResult((int)response.StatusCode, body, error);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && (timeout.IsCancellationRequested || ex.InnerException is TimeoutException))
        {
            throw Fail(VertexErrorMapper.FromTimeout(options.RequestTimeout, what, tokenEndpoint: false), what);
        }
        catch (Exception ex) when (VertexErrorMapper.IsTransportFailure(ex))
        {
            throw Fail(VertexErrorMapper.FromTransportFailure(ex, what), what);
        }
    }

    private T Read<T>(VertexCallResult result, JsonTypeInfo<T> type, string what)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(result.Body, type) ?? throw new JsonException("The body is JSON null.");
        }
        catch (JsonException ex)
        {
            throw Fail(VertexErrorMapper.FromInvalidResponse(what, result.HttpStatus, requestId: null, ex), what);
        }
    }

    private ProviderException Fail(ProviderException exception, string what)
    {
        if (exception.Reason == VertexErrorMapper.AuthenticationFailedReason)
        {
            logger.AuthenticationFailed(what, exception.Message);
        }
        else
        {
            logger.CallFailed(what, exception.Reason, exception.IsTransient);
        }

        return exception;
    }
}
