using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Providers.Http;

/// <summary>
/// The one send loop of every adapter: the request timeout on the injected clock (credentials
/// included), the send, no redirects followed, the reply read up to a cap, transport failures and
/// time-outs classified, provider text cleaned of secrets, and every failure logged once. Adapters
/// build the request and decide what an answer means; an HTTP error comes back as a
/// <see cref="ProviderResponse"/>, because what it means depends on the call (a refused cancel of an
/// ended run is not a failure).
/// </summary>
internal sealed partial class ProviderHttp(ProviderHttpSettings settings, ProviderFailureLog log, ProviderSecrets secrets, IHttpClientFactory httpClientFactory, TimeProvider timeProvider, ILogger logger)
{
    private const string LoggedKey = "CancelGateway.Logged";

    /// <summary>The settings this core was built with.</summary>
    public ProviderHttpSettings Settings => settings;

    /// <summary>The provider's secrets, for cleaning text outside an HTTP error (a run's failure message).</summary>
    public ProviderSecrets Secrets => secrets;

    /// <summary>
    /// Sends <paramref name="request"/> (disposed here) and reads the answer within the timeout.
    /// Throws <see cref="ProviderException"/> for everything but an HTTP answer that is not a redirect.
    /// </summary>
    public async Task<ProviderResponse> SendAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var disposeRequest = request;
        request.Options.Set(ProviderRequest.What, what);
        using var timeout = new CancellationTokenSource(settings.RequestTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var client = httpClientFactory.CreateClient(settings.ClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if ((int)response.StatusCode is >= 300 and < 400)
            {
                throw Fail(Redirected(response, what), what);
            }

            var body = await ReadBodyAsync(response, what, linked.Token);
            return new ProviderResponse(response, secrets.Redact(body), RequestIdOf(response));
        }
        catch (ProviderException failure)
        {
            throw Fail(failure, what);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
        {
            // The caller cancelled (the gateway is stopping) and the transport failed on it: a cancellation, not a provider failure.
            throw new OperationCanceledException($"Cancelled while {what}.", ex, cancellationToken);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && (timeout.IsCancellationRequested || ex.InnerException is TimeoutException))
        {
            var authenticating = request.Options.TryGetValue(ProviderRequest.Authenticating, out var flag) && flag;
            throw Fail(TimedOut(what, authenticating), what);
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            throw Fail(Unreachable(settings.DisplayName, ex, what), what);
        }
    }

    /// <summary>Reads a successful body as <typeparamref name="T"/>; a body that is not one is <see cref="ProviderFailureKind.InvalidResponse"/>.</summary>
    public T Read<T>(ProviderResponse response, JsonTypeInfo<T> type, string what)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(response);
        try
        {
            return JsonSerializer.Deserialize(response.Body, type) ?? throw new JsonException("The body is JSON null.");
        }
        catch (JsonException ex)
        {
            throw Fail(InvalidResponse($"{settings.DisplayName} answered HTTP {response.HttpStatus} with a body the gateway cannot read while {what}.", response, ex), what);
        }
    }

    /// <summary>
    /// A body read as <typeparamref name="T"/> when it is one, else null: for answers whose shape is
    /// a courtesy (an error body from a proxy may be HTML; the HTTP status then decides).
    /// </summary>
    public static T? TryRead<T>(string body, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A failure of this provider with the response's status and request id.</summary>
    public ProviderException InvalidResponse(string message, ProviderResponse? response = null, Exception? innerException = null) =>
        new(settings.Provider, ProviderFailureKind.InvalidResponse, message, response?.HttpStatus, requestId: response?.RequestId, innerException: innerException);

    /// <summary>
    /// Logs <paramref name="exception"/> once (an authentication failure or clock skew at Error,
    /// naming the settings to check; anything else at Debug) and returns it with every known secret
    /// redacted from its message, code and request id.
    /// </summary>
    public ProviderException Fail(ProviderException exception, string what)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception.Data.Contains(LoggedKey))
        {
            return exception;
        }

        var redacted = Redacted(exception);
        switch (redacted.Kind)
        {
            case ProviderFailureKind.AuthenticationFailed:
                log.AuthenticationFailed(logger, what, redacted.Message);
                break;
            case ProviderFailureKind.ClockSkew when log.ClockSkew is { } clockSkew:
                clockSkew(logger, what, redacted.Message);
                break;
            default:
                log.CallFailed(logger, what, redacted.Reason, redacted.IsTransient);
                break;
        }

        redacted.Data[LoggedKey] = true;
        return redacted;
    }

    private ProviderException Redacted(ProviderException exception)
    {
        var message = secrets.Redact(exception.Message);
        var code = exception.ProviderCode is { } c ? secrets.Redact(c) : null;
        var requestId = exception.RequestId is { } r ? secrets.Redact(r) : null;
        return message == exception.Message && code == exception.ProviderCode && requestId == exception.RequestId
            ? exception
            : new ProviderException(exception.Provider, exception.Kind, message, exception.HttpStatus, code, requestId, exception.RetryAfter, exception.InnerException);
    }

    /// <summary>The first of <paramref name="headers"/> the response has, cleaned; null when it has none.</summary>
    public static string? ReadRequestId(HttpResponseMessage response, IReadOnlyList<string> headers)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(headers);
        foreach (var name in headers)
        {
            if (response.Headers.TryGetValues(name, out var values) && ProviderText.Clean(values.FirstOrDefault()) is { Length: > 0 } id)
            {
                return id;
            }
        }

        return null;
    }

    private string? RequestIdOf(HttpResponseMessage response) =>
        ReadRequestId(response, settings.RequestIdHeaders) is { } id ? secrets.Redact(id) : null;

    // Read up to the cap, whatever Content-Length says: a lying or absent length must not let
    // a provider (or whatever answers in its place) make the gateway buffer megabytes per poll.
    private async Task<string> ReadBodyAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var limit = settings.MaxResponseBytes;
        if (response.Content.Headers.ContentLength is { } declared && declared > limit)
        {
            throw TooLarge(response, what);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw TooLarge(response, what);
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
