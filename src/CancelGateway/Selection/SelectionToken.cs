using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace CancelGateway.Selection;

/// <summary>
/// A dry run's selection_token: <c>v1.{operation id}.{digest}</c>, naming the stored dry-run
/// operation and a SHA-256 digest of who asked, the scopes, the filter and the sorted run set.
/// It carries no authority of its own: a request with it is checked against the stored dry run
/// (same caller, same scopes and filter, the same digest over the stored runs, not expired), so
/// a token cannot be forged, edited, or used for another selection or by another caller.
/// </summary>
internal static partial class SelectionToken
{
    private const string Version = "v1";

    /// <summary>The token of a dry run: stored with it, and handed to the caller.</summary>
    public static string Issue(string operationName, string requestedBy, IReadOnlyList<string> scopes, string filter, IEnumerable<string> runs) =>
        $"{Version}.{Operations.OperationNames.IdOf(operationName)}.{Digest(requestedBy, scopes, filter, runs)}";

    /// <summary>The dry-run operation a token names, or false when the text is no token of this form.</summary>
    public static bool TryRead(string text, out string operationName)
    {
        var match = Pattern().Match(text);
        operationName = match.Success ? Operations.OperationNames.Prefix + match.Groups["id"].Value : string.Empty;
        return match.Success;
    }

    /// <summary>Whether <paramref name="token"/> is the one issued for exactly this caller, selection and run set.</summary>
    public static bool Pins(string token, string operationName, string requestedBy, IReadOnlyList<string> scopes, string filter, IEnumerable<string> runs)
    {
        var expected = Encoding.ASCII.GetBytes(Issue(operationName, requestedBy, scopes, filter, runs));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(token));
    }

    private static string Digest(string requestedBy, IReadOnlyList<string> scopes, string filter, IEnumerable<string> runs)
    {
        // Each part is length-prefixed, so no two different selections serialize alike.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string part)
        {
            var bytes = Encoding.UTF8.GetBytes(part);
            hash.AppendData(BitConverter.GetBytes(bytes.Length));
            hash.AppendData(bytes);
        }

        Add(requestedBy);
        Add(string.Join('\n', scopes));
        Add(filter);
        foreach (var run in runs.Order(StringComparer.Ordinal))
        {
            Add(run);
        }

        return Convert.ToBase64String(hash.GetHashAndReset()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    [GeneratedRegex(@"^v1\.(?<id>[0-9a-f]{32})\.[A-Za-z0-9_-]{43}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
