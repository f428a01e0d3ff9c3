using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CancelGateway.Emulators.SageMaker.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CancelGateway.Emulators.SageMaker.Auth;

/// <summary>
/// Checks a request's SigV4 signature the way AWS's front end does, in the same order: the
/// header's form, the request time against the clock (±5 minutes), the credential scope, the
/// access key (and session token), then the signature itself over the canonical request.
/// </summary>
internal sealed partial class SigV4Verifier(TimeProvider time, string accessKeyId, string secretAccessKey, string? sessionToken)
{
    public const string Service = "sagemaker";

    private const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>Throws the AWS error for a request that is not signed by the demo credentials.</summary>
    /// <returns>The verified authorization (its scope names the region the caller addressed).</returns>
    public SigV4Authorization Verify(HttpRequest request, ReadOnlySpan<byte> body)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            throw SageMakerErrors.MissingAuthenticationToken();
        }

        if (!SigV4Authorization.TryParse(header, out var authorization, out var error))
        {
            throw SageMakerErrors.IncompleteSignature(error);
        }

        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (amzDate.Length == 0)
        {
            throw SageMakerErrors.IncompleteSignature("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }

        if (!DateTimeOffset.TryParseExact(amzDate, AmzDateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
        {
            throw SageMakerErrors.IncompleteSignature($"X-Amz-Date must be in the ISO-8601 basic format yyyyMMdd'T'HHmmss'Z'; got '{amzDate}'.");
        }

        var now = time.GetUtcNow();
        if (signedAt < now - SageMakerErrors.MaxClockSkew)
        {
            throw SageMakerErrors.SignatureExpired(signedAt, now);
        }

        if (signedAt > now + SageMakerErrors.MaxClockSkew)
        {
            throw SageMakerErrors.SignatureNotYetCurrent(signedAt, now);
        }

        CheckScope(authorization, amzDate);
        if (!authorization.SignedHeaders.Contains("host"))
        {
            throw SageMakerErrors.IncompleteSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }

        if (authorization.AccessKeyId != accessKeyId || !SessionTokenMatches(request.Headers["X-Amz-Security-Token"].ToString()))
        {
            throw SageMakerErrors.UnrecognizedClient();
        }

        var expected = SigV4.Signature(
            SigV4.SigningKey(secretAccessKey, authorization.Date, authorization.Region, authorization.Service),
            SigV4.StringToSign(amzDate, authorization.Scope, CanonicalRequest(request, authorization, body)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(authorization.Signature)))
        {
            throw SageMakerErrors.InvalidSignature();
        }

        return authorization;
    }

    private static void CheckScope(SigV4Authorization authorization, string amzDate)
    {
        if (authorization.Date != amzDate[..8])
        {
            throw SageMakerErrors.InvalidScope($"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{authorization.Date}' != '{amzDate[..8]}', from '{amzDate}'.");
        }

        if (!RegionPattern().IsMatch(authorization.Region))
        {
            throw SageMakerErrors.InvalidScope("Credential should be scoped to a valid region.");
        }

        if (authorization.Service != Service)
        {
            throw SageMakerErrors.InvalidScope($"Credential should be scoped to correct service: '{Service}'.");
        }

        if (authorization.Terminator != SigV4.Terminator)
        {
            throw SageMakerErrors.InvalidScope($"Credential should be scoped with a valid terminator: '{SigV4.Terminator}', not '{authorization.Terminator}'.");
        }
    }

    private static string CanonicalRequest(HttpRequest request, SigV4Authorization authorization, ReadOnlySpan<byte> body)
    {
        // The target as it came over the wire: Kestrel's decoded Path would hide the client's encoding.
        var raw = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "/";
        var query = raw.IndexOf('?', StringComparison.Ordinal);
        var (path, rawQuery) = query >= 0 ? (raw[..query], raw[(query + 1)..]) : (raw, string.Empty);
        var headers = authorization.SignedHeaders
            .Select(name => (Name: name, Value: SigV4.CanonicalHeaderValue(request.Headers[name])))
            .ToList();
        return SigV4.CanonicalRequest(request.Method, SigV4.CanonicalUri(path), SigV4.CanonicalQuery(rawQuery), headers, SigV4.PayloadHash(body));
    }

    private bool SessionTokenMatches(string presented)
    {
        // Long-term keys come without a session token; temporary ones must present theirs.
        if (sessionToken is null)
        {
            return presented.Length == 0;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(sessionToken));
    }

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();
}
