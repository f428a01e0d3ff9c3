using System.Text;
using System.Text.RegularExpressions;

namespace CancelGateway.Providers.Http;

/// <summary>
/// Text from a provider made fit for a message, a log line, an operation and the database: one
/// line, bounded, without control characters (an ANSI escape from a provider must not reach a
/// terminal), and without anything that looks like a credential — JWTs and OAuth tokens, PEM
/// blocks, signatures, IAM and session tokens, and the canonical request AWS appends to a
/// signature error. Configured secrets and issued tokens are redacted by <see cref="ProviderSecrets"/>.
/// </summary>
internal static partial class ProviderText
{
    /// <summary>The most characters of provider text a message keeps.</summary>
    public const int MaxLength = 512;

    /// <summary>What a redacted credential reads as.</summary>
    public const string Redacted = "[redacted]";

    // What follows these in an AWS signature error is the canonical request and the string to
    // sign, whose headers hold the session token.
    private static readonly string[] Cuts = ["\n\n", "\r\n\r\n", "The Canonical String", "The String-to-Sign"];

    /// <summary>Cleans <paramref name="text"/>; empty when there is none.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        foreach (var cut in Cuts)
        {
            var at = text.IndexOf(cut, StringComparison.Ordinal);
            if (at >= 0)
            {
                text = text[..at];
            }
        }

        text = Pem().Replace(text, "[redacted key]");
        text = Jwt().Replace(text, "[redacted token]");
        text = AccessToken().Replace(text, "[redacted token]");
        text = IamToken().Replace(text, "[redacted token]");
        text = NamedSecret().Replace(text, "${name}" + Redacted);
        text = LongToken().Replace(text, "[redacted token]");
        text = WithoutControls(AnsiEscape().Replace(text, string.Empty));
        text = Whitespace().Replace(text, " ").Trim();
        return text.Length <= MaxLength ? text : text[..MaxLength] + "…";
    }

    // Control characters become spaces (and so, with the whitespace rule, line breaks a single space).
    private static string WithoutControls(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            clean.Append(char.IsControl(c) ? ' ' : c);
        }

        return clean.ToString();
    }

    [GeneratedRegex(@"-----BEGIN [A-Z ]+-----.*?(-----END [A-Z ]+-----|$)", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Pem();

    [GeneratedRegex(@"eyJ[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]*\.?[A-Za-z0-9_\-]*", RegexOptions.CultureInvariant)]
    private static partial Regex Jwt();

    // Google OAuth access tokens ("ya29.…"), and whatever follows a "Bearer".
    [GeneratedRegex(@"(ya29\.[A-Za-z0-9_\-.]+|(?<=Bearer\s+)[A-Za-z0-9_\-.~+/=]+)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AccessToken();

    // Huawei IAM PKI tokens are long base64 strings starting with "MII".
    [GeneratedRegex(@"MII[A-Za-z0-9+/=_\-]{16,}", RegexOptions.CultureInvariant)]
    private static partial Regex IamToken();

    // A signature, and whatever follows a token header or a password field.
    [GeneratedRegex(@"(?<name>(Signature=|X-Auth-Token\s*[:=]\s*|X-Subject-Token\s*[:=]\s*|X-Security-Token\s*[:=]\s*|X-Amz-Security-Token\s*[:=]\s*|""password""\s*:\s*""?))[^\s,;""]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex NamedSecret();

    // Session tokens are hundreds of base64 characters; nothing legitimate in an error is that long without a break.
    [GeneratedRegex(@"[A-Za-z0-9+/=]{100,}", RegexOptions.CultureInvariant)]
    private static partial Regex LongToken();

    // CSI and OSC sequences (colours, cursor moves, titles), before the lone control characters go.
    [GeneratedRegex(@"\x1B(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1B]*(\x07|\x1B\\)?|[@-Z\\-_])", RegexOptions.CultureInvariant)]
    private static partial Regex AnsiEscape();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
