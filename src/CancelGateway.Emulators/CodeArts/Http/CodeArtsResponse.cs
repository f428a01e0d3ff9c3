using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CancelGateway.Emulators.CodeArts.Http;

/// <summary>Writes a JSON body rendered with <see cref="Utf8JsonWriter"/>, so the shape on the wire is exactly what the code says.</summary>
internal static class CodeArtsResponse
{
    /// <summary>What Huawei Cloud's API Gateway sends.</summary>
    public const string ContentType = "application/json;charset=UTF-8";

    /// <summary>The header every answer carries, so a support case can name the request.</summary>
    public const string RequestIdHeader = "X-Request-Id";

    public static async Task WriteAsync<TState>(HttpResponse response, int statusCode, TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json, state);
        }

        response.StatusCode = statusCode;
        response.ContentType = ContentType;
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, response.HttpContext.RequestAborted);
    }

    /// <summary>
    /// Gives the exchange its request id on arrival: sent as <see cref="RequestIdHeader"/> on
    /// whatever answer goes out (set when the response starts, so a fault that clears the
    /// response keeps it) and quoted by API Gateway error bodies.
    /// </summary>
    public static void AssignRequestId(HttpContext context)
    {
        var id = Guid.NewGuid().ToString("N");
        context.Items[RequestIdHeader] = id;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[RequestIdHeader] = id;
            return Task.CompletedTask;
        });
    }

    /// <summary>The request id of this exchange.</summary>
    public static string RequestIdOf(HttpContext context) => context.Items[RequestIdHeader] as string ?? string.Empty;

    /// <summary>Writes <paramref name="error"/> in the format of whoever refused.</summary>
    public static Task WriteErrorAsync(HttpContext context, CodeArtsApiException error)
    {
        var requestId = RequestIdOf(context);
        return WriteAsync(context.Response, error.HttpStatus, (error, requestId), static (json, s) =>
        {
            json.WriteStartObject();
            if (s.error.Origin == CodeArtsErrorSource.Iam)
            {
                json.WriteStartObject("error");
                json.WriteNumber("code", s.error.HttpStatus);
                json.WriteString("title", s.error.ErrorCode);
                json.WriteString("message", s.error.Message);
                json.WriteEndObject();
            }
            else
            {
                json.WriteString("error_code", s.error.ErrorCode);
                json.WriteString("error_msg", s.error.Message);
                if (s.error.Origin == CodeArtsErrorSource.ApiGateway)
                {
                    json.WriteString("request_id", s.requestId);
                }
            }

            json.WriteEndObject();
        });
    }
}
