using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CancelGateway.Emulators.CodeArts.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Emulators.CodeArts.Auth;

/// <summary>
/// IAM's <c>POST /v3/auth/tokens</c> with password authentication: the body names the user, its
/// password and account (domain), and the project the token is for; the token comes back in the
/// <c>X-Subject-Token</c> header (201), its details in the body. Passwords are compared in
/// constant time and never logged or echoed.
/// </summary>
internal sealed class IamTokenEndpoint(CodeArtsEmulatorOptions options, IamTokenStore tokens, ILogger<IamTokenEndpoint> logger)
{
    public const string SubjectTokenHeader = "X-Subject-Token";

    private readonly byte[] _password = Encoding.UTF8.GetBytes(options.Password);

    public async Task HandleAsync(HttpContext context)
    {
        using var document = await ReadBodyAsync(context.Request);
        var auth = Property(document.RootElement, "auth");
        var identity = Property(auth, "identity");
        if (!identity.TryGetProperty("methods", out var methods) || methods.ValueKind != JsonValueKind.Array
            || !methods.EnumerateArray().Any(m => m.ValueKind == JsonValueKind.String && m.GetString() == "password"))
        {
            throw CodeArtsErrors.IamBadRequest("The request body is invalid: auth.identity.methods must contain \"password\".");
        }

        var user = Property(Property(identity, "password"), "user");
        var name = Text(user, "name", "auth.identity.password.user.name");
        var password = Text(user, "password", "auth.identity.password.user.password");
        var domain = Text(Property(user, "domain"), "name", "auth.identity.password.user.domain.name");
        var project = Property(Property(auth, "scope"), "project");
        var projectName = project.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : null;
        var projectId = project.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString()! : null;

        // Every part is compared, whatever fails first, so the answer's timing tells nothing.
        var passwordMatches = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), _password);
        if (!(passwordMatches & name == options.UserName & domain == options.DomainName))
        {
            CodeArtsLog.TokenRefused(logger, name, domain);
            throw CodeArtsErrors.IamUnauthorized("The username or password is wrong.");
        }

        if (projectName != options.Region && projectId != options.IamProjectId)
        {
            throw CodeArtsErrors.IamBadRequest($"The project {projectName ?? projectId} does not exist in this region ({options.Region}).");
        }

        var (token, issued) = tokens.Issue(name, options.Region);
        CodeArtsLog.TokenIssued(logger, name, options.Region, issued.ExpiresAt);
        context.Response.Headers[SubjectTokenHeader] = token;
        await CodeArtsResponse.WriteAsync(context.Response, StatusCodes.Status201Created, (options, issued), static (json, s) =>
        {
            json.WriteStartObject();
            json.WriteStartObject("token");
            json.WriteString("expires_at", Iso(s.issued.ExpiresAt));
            json.WriteString("issued_at", Iso(s.issued.IssuedAt));
            json.WriteStartArray("methods");
            json.WriteStringValue("password");
            json.WriteEndArray();
            json.WriteStartObject("project");
            json.WriteString("id", s.options.IamProjectId);
            json.WriteString("name", s.options.Region);
            WriteDomain(json, s.options);
            json.WriteEndObject();
            json.WriteStartObject("user");
            json.WriteString("id", s.options.UserId);
            json.WriteString("name", s.options.UserName);
            WriteDomain(json, s.options);
            json.WriteString("password_expires_at", string.Empty);
            json.WriteEndObject();
            json.WriteStartArray("roles");
            json.WriteStartObject();
            json.WriteString("id", "0");
            json.WriteString("name", "op_fine_grained");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartArray("catalog");
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        });
    }

    // IAM's format: microseconds, UTC, "Z".
    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static void WriteDomain(Utf8JsonWriter json, CodeArtsEmulatorOptions options)
    {
        json.WriteStartObject("domain");
        json.WriteString("id", options.DomainId);
        json.WriteString("name", options.DomainName);
        json.WriteEndObject();
    }

    private static async Task<JsonDocument> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        try
        {
            var document = JsonDocument.Parse(buffer.ToArray());
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException)
        {
            // Answered below, as for a body that is not an object.
        }

        throw CodeArtsErrors.IamBadRequest("The request body is not a valid JSON object.");
    }

    private static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : throw CodeArtsErrors.IamBadRequest($"The request body is invalid: \"{name}\" is missing or not an object.");

    private static string Text(JsonElement element, string name, string path) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw CodeArtsErrors.IamBadRequest($"The request body is invalid: {path} is required.");
}
