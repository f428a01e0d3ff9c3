using System.Security.Cryptography;
using System.Text.Json;

namespace CancelGateway.Tests.Support;

/// <summary>Service-account key files made up by tests, with a fresh RSA key.</summary>
internal static class ServiceAccountKeyFiles
{
    /// <summary>Writes a key file for <paramref name="clientEmail"/> whose token_uri is <paramref name="tokenUri"/>.</summary>
    /// <returns>The file's path and the private key's PEM (so tests can check it never leaks).</returns>
    public static (string Path, string PrivateKeyPem) Write(TempDirectory directory, string clientEmail, Uri tokenUri, string fileName = "other-key.json")
    {
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportPkcs8PrivateKeyPem();
        var json = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account",
            ["project_id"] = "demo-project",
            ["private_key_id"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)),
            ["private_key"] = pem + "\n",
            ["client_email"] = clientEmail,
            ["client_id"] = "123456789012345678901",
            ["token_uri"] = tokenUri.AbsoluteUri,
        });
        var path = directory.File(fileName);
        File.WriteAllText(path, json);
        return (path, pem);
    }
}
