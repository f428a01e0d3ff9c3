using System.Collections.Concurrent;
using System.Text.Json;

namespace CancelGateway.Security;

/// <summary>A parsed policy file: who may touch which runs. Immutable; a reload makes a new one.</summary>
internal sealed class AccessPolicy
{
    /// <summary>The entry that applies to every authenticated caller, besides its own.</summary>
    public const string EveryCaller = "*";

    private readonly IReadOnlyDictionary<string, PolicyEntry> _principals;
    private readonly ConcurrentDictionary<string, Grant> _grants = new(StringComparer.Ordinal);

    /// <summary>No policy file: every caller may do everything.</summary>
    public static readonly AccessPolicy Unrestricted = new(new Dictionary<string, PolicyEntry>(), unrestricted: true);

    private readonly bool _unrestricted;

    private AccessPolicy(IReadOnlyDictionary<string, PolicyEntry> principals, bool unrestricted)
    {
        _principals = principals;
        _unrestricted = unrestricted;
    }

    public int PrincipalCount => _principals.Count;

    /// <summary>What <paramref name="principal"/> may do (anonymous callers get only the <c>*</c> entry, when authentication is off).</summary>
    public Grant For(string principal) => _unrestricted ? Grant.Unrestricted : _grants.GetOrAdd(principal, Build);

    private Grant Build(string principal)
    {
        var entries = new List<PolicyEntry>(2);
        if (principal != EveryCaller && _principals.TryGetValue(principal, out var own))
        {
            entries.Add(own);
        }

        if (_principals.TryGetValue(EveryCaller, out var everyone))
        {
            entries.Add(everyone);
        }

        return new Grant(entries);
    }

    /// <summary>Parses a policy file; throws <see cref="FormatException"/> naming the file and the line of the first mistake.</summary>
    public static AccessPolicy Parse(ReadOnlySpan<byte> json, string path)
    {
        PolicyDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, PolicyJsonContext.Default.PolicyDocument);
        }
        catch (JsonException bad)
        {
            var line = bad.LineNumber is { } zeroBased ? $" line {zeroBased + 1}" : string.Empty;
            throw new FormatException($"Security:PolicyFile '{path}'{line}: {FirstSentence(bad.Message)}", bad);
        }

        if (document is null)
        {
            throw new FormatException($"Security:PolicyFile '{path}': the file holds null, not {{\"principals\": {{...}}}}");
        }

        return new AccessPolicy(document.Principals, unrestricted: false);
    }

    /// <summary>The serializer appends its own position to its messages; the line is already said.</summary>
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
