using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CancelGateway.Tests.Support;

/// <summary>
/// An identity provider made at test time: an RSA and an EC signing key published in a JWKS
/// file, and tokens signed with them — good ones, and each way a token can be bad.
/// </summary>
internal sealed class TestTokens : IDisposable
{
    public const string Issuer = "https://idp.test.example";
    public const string Audience = "cancelgateway";
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly ECDsa _ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly RSA _stranger = RSA.Create(2048);
    private readonly RsaSecurityKey _rsaKey;
    private readonly ECDsaSecurityKey _ecKey;

    public TestTokens(string jwksFile)
    {
        JwksFile = jwksFile;
        _rsaKey = new RsaSecurityKey(_rsa) { KeyId = "rsa-1" };
        _ecKey = new ECDsaSecurityKey(_ec) { KeyId = "ec-1" };
        WriteJwks(_rsaKey, _ecKey);
    }

    public string JwksFile { get; }

    /// <summary>The settings that make the gateway accept these tokens.</summary>
    public Dictionary<string, string> Settings => new()
    {
        ["Security:Jwt:Issuer"] = Issuer,
        ["Security:Jwt:Audience"] = Audience,
        ["Security:Jwt:JwksFile"] = JwksFile,
        ["Security:Jwt:ClockSkew"] = "00:00:05",
    };

    /// <summary>A valid RS256 token for <paramref name="subject"/>.</summary>
    public string For(string subject) => Create(subject, new SigningCredentials(_rsaKey, SecurityAlgorithms.RsaSha256));

    /// <summary>A valid ES256 token for <paramref name="subject"/>.</summary>
    public string Es256For(string subject) => Create(subject, new SigningCredentials(_ecKey, SecurityAlgorithms.EcdsaSha256));

    public string Expired(string subject) => Create(subject, Rs256, notBefore: Now.AddMinutes(-20), expires: Now.AddMinutes(-10));

    public string NotYetValid(string subject) => Create(subject, Rs256, notBefore: Now.AddMinutes(10), expires: Now.AddMinutes(20));

    public string WrongIssuer(string subject) => Create(subject, Rs256, issuer: "https://evil.test.example");

    public string WrongAudience(string subject) => Create(subject, Rs256, audience: "someone-else");

    public string UnknownKid(string subject) => Create(subject, new SigningCredentials(new RsaSecurityKey(_stranger) { KeyId = "rsa-unknown" }, SecurityAlgorithms.RsaSha256));

    /// <summary>A token with the kid of a real key, signed by a stranger's key.</summary>
    public string ForgedWithKnownKid(string subject) => Create(subject, new SigningCredentials(new RsaSecurityKey(_stranger) { KeyId = "rsa-1" }, SecurityAlgorithms.RsaSha256));

    /// <summary>An unsigned token (<c>alg: none</c>).</summary>
    public static string AlgNone(string subject) => Encode(new { alg = "none", typ = "JWT", kid = "rsa-1" }, Payload(subject)) + ".";

    /// <summary>The key-confusion attack: HS256 keyed with the RSA public key (as PEM text, as the JWKS publishes it).</summary>
    public string Hs256WithPublicKey(string subject)
    {
        var unsigned = Encode(new { alg = "HS256", typ = "JWT", kid = "rsa-1" }, Payload(subject));
        var signature = HMACSHA256.HashData(Encoding.ASCII.GetBytes(_rsa.ExportSubjectPublicKeyInfoPem()), Encoding.ASCII.GetBytes(unsigned));
        return unsigned + "." + Base64UrlEncoder.Encode(signature);
    }

    /// <summary>A valid token whose payload was then changed (another subject), the signature kept.</summary>
    public string Tampered(string subject, string other)
    {
        var parts = For(subject).Split('.');
        parts[1] = Base64UrlEncoder.Encode(JsonSerializer.Serialize(Payload(other)));
        return string.Join('.', parts);
    }

    /// <summary>A valid signature over a token with no <c>sub</c>.</summary>
    public string NoSubject() => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = Audience,
        Expires = Now.AddMinutes(10),
        SigningCredentials = Rs256,
    });

    /// <summary>Publishes only a new key: tokens of the old keys stop being valid.</summary>
    public string RotateToNewKey(string subject)
    {
        var fresh = new RsaSecurityKey(_stranger) { KeyId = "rsa-2" };
        WriteJwks(fresh);
        return Create(subject, new SigningCredentials(fresh, SecurityAlgorithms.RsaSha256));
    }

    public void Dispose()
    {
        _rsa.Dispose();
        _ec.Dispose();
        _stranger.Dispose();
    }

    private static DateTime Now => TimeProvider.System.GetUtcNow().UtcDateTime;

    private SigningCredentials Rs256 => new(_rsaKey, SecurityAlgorithms.RsaSha256);

    private static Dictionary<string, object> Payload(string subject) => new()
    {
        ["iss"] = Issuer,
        ["aud"] = Audience,
        ["sub"] = subject,
        ["iat"] = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds(),
        ["exp"] = TimeProvider.System.GetUtcNow().AddMinutes(10).ToUnixTimeSeconds(),
    };

    private static string Encode(object header, object payload) =>
        Base64UrlEncoder.Encode(JsonSerializer.Serialize(header)) + "." + Base64UrlEncoder.Encode(JsonSerializer.Serialize(payload));

    private static string Create(string subject, SigningCredentials credentials, string issuer = Issuer, string audience = Audience, DateTime? notBefore = null, DateTime? expires = null) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject)]),
            IssuedAt = Now,
            NotBefore = notBefore ?? Now.AddMinutes(-1),
            Expires = expires ?? Now.AddMinutes(10),
            SigningCredentials = credentials,
        });

    private void WriteJwks(params SecurityKey[] keys)
    {
        var jwks = new
        {
            keys = keys.Select(key => key switch
            {
                RsaSecurityKey rsa => JsonWebKeyConverter.ConvertFromRSASecurityKey(rsa),
                ECDsaSecurityKey ec => JsonWebKeyConverter.ConvertFromECDsaSecurityKey(ec),
                _ => throw new ArgumentException("Unknown key type."),
            }).Select(jwk => (object)(jwk.Kty == "RSA"
                ? new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", n = jwk.N, e = jwk.E }
                : new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", crv = jwk.Crv, x = jwk.X, y = jwk.Y })).ToList(),
        };
        File.WriteAllText(JwksFile, JsonSerializer.Serialize(jwks));
    }
}
