using System.Text.Json;
using System.Text.RegularExpressions;

namespace CancelGateway.Providers.CodeArts;

/// <summary>Reading Huawei's error responses and keeping secrets out of messages.</summary>
internal static partial class CodeArtsErrorMapper
{
    /// <summary>The header Huawei Cloud names each request with.</summary>
    public const string RequestIdHeader = "X-Request-Id";

    private const int MaxMessageLength = 512;

    /// <summary>Parses an unsuccessful response (its body already read) into a <see cref="CodeArtsApiError"/>.</summary>
    /// <param name="response">The response.</param>
    /// <param name="body">Its body.</param>
    /// <param name="timeProvider">The clock, for a Retry-After given as a date.</param>
    /// <param name="secrets">Credentials to redact if the server echoed one.</param>
    public static CodeArtsApiError ReadError(HttpResponseMessage response, string body, TimeProvider timeProvider, IReadOnlyCollection<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(timeProvider);
        string? code = null;
        string? message = null;
        string? bodyRequestId = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                // The service and API Gateway: {"error_code","error_msg","request_id"}.
                code = ReadString(root, "error_code");
                message = ReadString(root, "error_msg");
                bodyRequestId = ReadString(root, "request_id");

                // IAM (Keystone style): {"error":{"code":401,"title":"Unauthorized","message":"..."}}.
                if (code is null && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                {
                    code = ReadString(error, "title");
                    message = ReadString(error, "message");
                }
            }
        }
        catch (JsonException)
        {
            // Not Huawei's JSON (an HTML page from a proxy, an empty body): the HTTP status alone decides.
        }

        var requestId = ReadRequestId(response) ?? bodyRequestId;
        return new CodeArtsApiError(
            (int)response.StatusCode,
            code is { Length: > 0 } ? Sanitize(code, secrets) : null,
            Sanitize(message, secrets),
            requestId is { Length: > 0 } ? Sanitize(requestId, secrets) : null,
            ProviderHttpFailures.RetryAfter(response, timeProvider),
            response.Headers.Date,
            timeProvider.GetUtcNow());
    }

    /// <summary>The request id of any response: X-Request-Id.</summary>
    public static string? ReadRequestId(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.TryGetValues(RequestIdHeader, out var values) && values.FirstOrDefault() is { Length: > 0 } id ? Sanitize(id, []) : null;
    }

    /// <summary>
    /// Bounds a provider message to one line and removes anything that is or looks like a
    /// credential: the configured secrets verbatim, IAM tokens (PKI tokens start with "MII"),
    /// signatures, and whatever follows X-Auth-Token — in case a server echoes what it was sent.
    /// </summary>
    public static string Sanitize(string? message, IReadOnlyCollection<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (string.IsNullOrWhiteSpace(message))
        {
            return string.Empty;
        }

        var text = message;
        foreach (var secret in secrets.Where(s => s.Length >= 4).OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, "[redacted]", StringComparison.Ordinal);
        }

        text = IamToken().Replace(text, "[redacted token]");
        text = SignatureValue().Replace(text, "${name}[redacted]");
        text = Whitespace().Replace(text, " ").Trim();
        return text.Length <= MaxMessageLength ? text : text[..MaxMessageLength] + "…";
    }

    private static string? ReadString(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // IAM PKI tokens are long base64 strings starting with "MII".
    [GeneratedRegex(@"MII[A-Za-z0-9+/=_\-]{16,}", RegexOptions.CultureInvariant)]
    private static partial Regex IamToken();

    // "Signature=<hex>" of an Authorization header, and whatever follows X-Auth-Token or a password field.
    [GeneratedRegex(@"(?<name>(Signature=|X-Auth-Token\s*[:=]\s*|X-Subject-Token\s*[:=]\s*|""password""\s*:\s*""?))[^\s,;""]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SignatureValue();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
