using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CancelGateway.Emulators.Tests.Support;

/// <summary>
/// Signs JWT-bearer assertions with a service-account key file, like a Google client would, with
/// hooks to break any part of them.
/// </summary>
public static class JwtAssertions
{
    public const string CloudPlatform = "https://www.googleapis.com/auth/cloud-platform";

    public static string Create(
        string keyJson,
        DateTimeOffset now,
        Action<JsonObject>? editClaims = null,
        Action<JsonObject>? editHeader = null,
        string scope = CloudPlatform)
    {
        using var key = JsonDocument.Parse(keyJson);
        var root = key.RootElement;
        var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = root.GetProperty("private_key_id").GetString() };
        var issued = now.ToUnixTimeSeconds();
        var claims = new JsonObject
        {
            ["iss"] = root.GetProperty("client_email").GetString(),
            ["scope"] = scope,
            ["aud"] = root.GetProperty("token_uri").GetString(),
            ["exp"] = issued + 3600,
            ["iat"] = issued,
        };
        editHeader?.Invoke(header);
        editClaims?.Invoke(claims);

        var signed = $"{Encode(header)}.{Encode(claims)}";
        using var rsa = RSA.Create();
        rsa.ImportFromPem(root.GetProperty("private_key").GetString());
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signed}.{Base64Url.EncodeToString(signature)}";
    }

    public static FormUrlEncodedContent Grant(string assertion) => new(new Dictionary<string, string>
    {
        ["grant_type"] = "urn:ietf:params:oauth:grant-type:jwt-bearer",
        ["assertion"] = assertion,
    });

    private static string Encode(JsonObject json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));
}
