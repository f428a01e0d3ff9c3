using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json;

namespace CancelGateway.Providers.VertexAi.Internal;

/// <summary>
/// The fields of a service-account key file the JWT-bearer flow needs. Read here rather than
/// through GoogleCredential.FromFile, which is deprecated (it accepts any credential type,
/// including executable-sourced ones) and would not let us set the clock or the retry policy.
/// A class, not a record: a record's ToString would print the private key.
/// </summary>
internal sealed class ServiceAccountKey
{
    /// <summary>Google's token endpoint, for key files that predate the token_uri field.</summary>
    public const string DefaultTokenUri = "https://oauth2.googleapis.com/token";

    private ServiceAccountKey(string clientEmail, string privateKeyPem, string? privateKeyId, string? projectId, string tokenUri)
    {
        ClientEmail = clientEmail;
        PrivateKeyPem = privateKeyPem;
        PrivateKeyId = privateKeyId;
        ProjectId = projectId;
        TokenUri = tokenUri;
    }

    public string ClientEmail { get; }

    public string PrivateKeyPem { get; }

    public string? PrivateKeyId { get; }

    public string? ProjectId { get; }

    /// <summary>Where the signed assertion is exchanged for an access token (the key's token_uri).</summary>
    public string TokenUri { get; }

    /// <summary>Reads and checks a key file. <paramref name="error"/> never quotes the key.</summary>
    public static bool TryLoad(string path, [NotNullWhen(true)] out ServiceAccountKey? key, out string error)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            key = null;
            error = $"it cannot be read ({ex.GetType().Name}).";
            return false;
        }

        return TryParse(json, out key, out error);
    }

    /// <summary>Parses key JSON. <paramref name="error"/> never quotes the key.</summary>
    public static bool TryParse(string json, [NotNullWhen(true)] out ServiceAccountKey? key, out string error)
    {
        key = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "it is not a JSON object.";
                return false;
            }

            var type = Read(root, "type");
            if (type != "service_account")
            {
                // Other credential types (authorized_user, external_account) belong to ADC.
                error = $"its type is '{type ?? "(missing)"}', not 'service_account'.";
                return false;
            }

            var clientEmail = Read(root, "client_email");
            var privateKey = Read(root, "private_key");
            if (string.IsNullOrEmpty(clientEmail) || string.IsNullOrEmpty(privateKey))
            {
                error = "it lacks client_email or private_key.";
                return false;
            }

            var tokenUri = Read(root, "token_uri") ?? DefaultTokenUri;
            if (!Uri.TryCreate(tokenUri, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp))
            {
                error = $"its token_uri '{tokenUri}' is not an http(s) URL.";
                return false;
            }

            if (!IsRsaPrivateKey(privateKey))
            {
                error = "its private_key is not a PEM-encoded RSA private key.";
                return false;
            }

            key = new ServiceAccountKey(clientEmail, privateKey, Read(root, "private_key_id"), Read(root, "project_id"), tokenUri);
            error = string.Empty;
            return true;
        }
        catch (JsonException)
        {
            // The parser's message may quote the text around the fault, which can be key material.
            error = "it is not valid JSON.";
            return false;
        }
    }

    private static string? Read(JsonElement root, string property) =>
        root.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool IsRsaPrivateKey(string pem)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            return false;
        }
    }
}
