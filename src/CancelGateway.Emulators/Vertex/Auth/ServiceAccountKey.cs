using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CancelGateway.Emulators.Vertex.Auth;

/// <summary>
/// A Google service account made up at start: a fresh RSA-2048 key pair and the key file
/// (<c>"type": "service_account"</c>) a client loads to sign its JWT-bearer grants. The emulator
/// keeps the public half to check those signatures, as Google's token server does.
/// </summary>
internal sealed class ServiceAccountKey : IDisposable
{
    private readonly RSA _rsa;
    private string? _json;

    private ServiceAccountKey(RSA rsa, string projectId, string clientEmail, string privateKeyId, string clientId)
    {
        _rsa = rsa;
        ProjectId = projectId;
        ClientEmail = clientEmail;
        PrivateKeyId = privateKeyId;
        ClientId = clientId;
    }

    public string ProjectId { get; }

    public string ClientEmail { get; }

    /// <summary>40 hex digits, like Google's; sent back as the JWT header's <c>kid</c>.</summary>
    public string PrivateKeyId { get; }

    public string ClientId { get; }

    /// <summary>The token endpoint, also the audience every assertion must name; known once the server listens.</summary>
    public string? TokenUri { get; private set; }

    /// <summary>The key file's JSON, private key included.</summary>
    public string Json => _json ?? throw new InvalidOperationException("The key has no token_uri yet.");

    public static ServiceAccountKey Create(string projectId, string accountId)
    {
        var rsa = RSA.Create(2048);
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        var clientId = string.Concat(
            RandomNumberGenerator.GetInt32(1, 10).ToString(CultureInfo.InvariantCulture),
            string.Concat(Enumerable.Range(0, 20).Select(_ => RandomNumberGenerator.GetInt32(10).ToString(CultureInfo.InvariantCulture))));
        return new ServiceAccountKey(rsa, projectId, $"{accountId}@{projectId}.iam.gserviceaccount.com", keyId, clientId);
    }

    /// <summary>Sets <c>token_uri</c> (from the address the server got) and renders the key file.</summary>
    public void Bind(Uri tokenUri)
    {
        TokenUri = tokenUri.AbsoluteUri;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("type", "service_account");
            json.WriteString("project_id", ProjectId);
            json.WriteString("private_key_id", PrivateKeyId);
            json.WriteString("private_key", _rsa.ExportPkcs8PrivateKeyPem() + "\n");
            json.WriteString("client_email", ClientEmail);
            json.WriteString("client_id", ClientId);
            json.WriteString("token_uri", TokenUri);
            json.WriteString("universe_domain", "googleapis.com");
            json.WriteEndObject();
        }

        _json = Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>RS256: RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 §3.3).</summary>
    public bool Verify(ReadOnlySpan<byte> signedData, ReadOnlySpan<byte> signature) =>
        _rsa.VerifyData(signedData, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public void Dispose() => _rsa.Dispose();
}
