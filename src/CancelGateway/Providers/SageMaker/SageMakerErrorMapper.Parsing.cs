using System.Text.Json;
using System.Text.RegularExpressions;

namespace CancelGateway.Providers.SageMaker;

/// <summary>Reading AWS JSON 1.1 error responses, and keeping secrets out of messages.</summary>
internal static partial class SageMakerErrorMapper
{
    /// <summary>Parses an unsuccessful response (its body already read) into a <see cref="SageMakerApiError"/>.</summary>
    public static SageMakerApiError ReadError(HttpResponseMessage response, string body, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(timeProvider);
        string? code = null;
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                code = ReadString(root, "__type") ?? ReadString(root, "code") ?? ReadString(root, "Code");
                message = ReadString(root, "message") ?? ReadString(root, "Message") ?? ReadString(root, "errorMessage");
            }
        }
        catch (JsonException)
        {
            // Not AWS's JSON (an HTML page from a proxy, an empty body): the header or the HTTP status decides.
        }

        if (response.Headers.TryGetValues("x-amzn-ErrorType", out var types) && types.FirstOrDefault() is { Length: > 0 } type)
        {
            code ??= type;
        }

        return new SageMakerApiError((int)response.StatusCode, NormalizeCode(code), Sanitize(message), RequestIdOf(response), ProviderHttpFailures.RetryAfter(response, timeProvider));
    }

    /// <summary>The request id AWS gave the response, if any.</summary>
    public static string? RequestIdOf(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        foreach (var name in (string[])["x-amzn-RequestId", "x-amz-request-id"])
        {
            if (response.Headers.TryGetValues(name, out var values) && values.FirstOrDefault() is { Length: > 0 } id)
            {
                return Sanitize(id);
            }
        }

        return null;
    }

    /// <summary>
    /// Bounds a provider message to one line and removes anything that may be a credential: AWS's
    /// signature errors can append the canonical request (whose headers include a session token)
    /// and the string to sign; a signature or a long token anywhere else is redacted too.
    /// </summary>
    public static string Sanitize(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return string.Empty;
        }

        var text = message;
        foreach (var cut in (string[])["\n\n", "\r\n\r\n", "The Canonical String", "The String-to-Sign"])
        {
            var at = text.IndexOf(cut, StringComparison.Ordinal);
            if (at >= 0)
            {
                text = text[..at];
            }
        }

        text = SignatureValue().Replace(text, "Signature=[redacted]");
        text = LongToken().Replace(text, "[redacted token]");
        text = Whitespace().Replace(text, " ").Trim();
        return text.Length <= MaxMessageLength ? text : text[..MaxMessageLength] + "…";
    }

    // "com.amazonaws.sagemaker#ResourceNotFound" and "ValidationException:http://internal..." both mean the bare code.
    private static string? NormalizeCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var hash = code.LastIndexOf('#');
        if (hash >= 0)
        {
            code = code[(hash + 1)..];
        }

        var colon = code.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            code = code[..colon];
        }

        code = code.Trim();
        return code.Length == 0 ? null : Sanitize(code);
    }

    private static string? ReadString(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [GeneratedRegex(@"Signature=[0-9a-fA-F]{16,}", RegexOptions.CultureInvariant)]
    private static partial Regex SignatureValue();

    // Session tokens are hundreds of base64 characters; nothing legitimate in an error is that long without a break.
    [GeneratedRegex(@"[A-Za-z0-9+/=]{100,}", RegexOptions.CultureInvariant)]
    private static partial Regex LongToken();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
