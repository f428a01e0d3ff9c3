using System.Diagnostics.CodeAnalysis;

namespace CancelGateway.Emulators.SageMaker.Auth;

/// <summary>
/// A parsed <c>Authorization: AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request,
/// SignedHeaders=h1;h2, Signature=hex</c> header. A class, not a record: the signature stays out of ToString.
/// </summary>
internal sealed class SigV4Authorization
{
    private SigV4Authorization(string accessKeyId, string date, string region, string service, string terminator, IReadOnlyList<string> signedHeaders, string signature)
    {
        AccessKeyId = accessKeyId;
        Date = date;
        Region = region;
        Service = service;
        Terminator = terminator;
        SignedHeaders = signedHeaders;
        Signature = signature;
    }

    public string AccessKeyId { get; }

    /// <summary>The scope's date, yyyyMMdd.</summary>
    public string Date { get; }

    public string Region { get; }

    public string Service { get; }

    public string Terminator { get; }

    /// <summary>Lower-case header names, in the order given (SigV4 requires them sorted).</summary>
    public IReadOnlyList<string> SignedHeaders { get; }

    public string Signature { get; }

    public string Scope => $"{Date}/{Region}/{Service}/{Terminator}";

    /// <summary>Parses the header; <paramref name="error"/> says what is missing, without quoting the header.</summary>
    public static bool TryParse(string header, [NotNullWhen(true)] out SigV4Authorization? authorization, out string error)
    {
        authorization = null;
        if (!header.StartsWith(SigV4.Algorithm + " ", StringComparison.Ordinal))
        {
            error = $"Authorization header requires the {SigV4.Algorithm} algorithm.";
            return false;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in header[(SigV4.Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.Split('=', 2) is [var name, var value])
            {
                fields[name] = value;
            }
        }

        foreach (var required in new[] { "Credential", "SignedHeaders", "Signature" })
        {
            if (!fields.ContainsKey(required))
            {
                error = $"Authorization header requires '{required}' parameter.";
                return false;
            }
        }

        if (fields["Credential"].Split('/') is not [var key, var date, var region, var service, var terminator] || key.Length == 0)
        {
            error = "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term.";
            return false;
        }

        var signedHeaders = fields["SignedHeaders"].Split(';', StringSplitOptions.RemoveEmptyEntries);
        if (signedHeaders.Length == 0 || fields["Signature"].Length == 0)
        {
            error = "Authorization header requires non-empty 'SignedHeaders' and 'Signature' parameters.";
            return false;
        }

        authorization = new SigV4Authorization(key, date, region, service, terminator, signedHeaders, fields["Signature"]);
        error = string.Empty;
        return true;
    }
}
