using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CancelGateway.Emulators.SageMaker.Http;

/// <summary>Writes AWS JSON 1.1 responses: compact JSON rendered with <see cref="Utf8JsonWriter"/>, the protocol's content type.</summary>
internal static class AwsJsonResponse
{
    /// <summary>The AWS JSON 1.1 media type, of requests and responses alike.</summary>
    public const string ContentType = "application/x-amz-json-1.1";

    /// <summary>Every AWS response carries one; SDKs report it as the request id.</summary>
    public const string RequestIdHeader = "x-amzn-RequestId";

    /// <summary>The error code, also in the header (SDKs read it when the body has none).</summary>
    public const string ErrorTypeHeader = "x-amzn-ErrorType";

    public static async Task WriteAsync<TState>(HttpResponse response, int statusCode, TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json, state);
        }

        // Set here rather than on arrival: an injected after-effect fault clears the response, headers included.
        if (!response.Headers.ContainsKey(RequestIdHeader))
        {
            response.Headers[RequestIdHeader] = Guid.NewGuid().ToString();
        }

        response.StatusCode = statusCode;
        response.ContentType = ContentType;
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, response.HttpContext.RequestAborted);
    }

    /// <summary><c>{"__type":"...","message":"..."}</c> with its status and the x-amzn-ErrorType header.</summary>
    public static Task WriteErrorAsync(HttpResponse response, SageMakerApiException error)
    {
        response.Headers[ErrorTypeHeader] = error.Type;
        return WriteAsync(response, error.HttpStatus, error, static (json, e) =>
        {
            json.WriteStartObject();
            json.WriteString("__type", e.Type);
            json.WriteString("message", e.Message);
            json.WriteEndObject();
        });
    }
}
