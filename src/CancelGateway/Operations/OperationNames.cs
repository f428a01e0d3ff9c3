using System.Text.RegularExpressions;

namespace CancelGateway.Operations;

/// <summary>Operation names: <c>operations/{32 hex digits}</c>.</summary>
internal static partial class OperationNames
{
    public const string Prefix = "operations/";

    public static string New() => Prefix + Guid.NewGuid().ToString("N");

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    /// <summary>The id part, used where a provider needs a stable token per operation.</summary>
    public static string IdOf(string name) => name[Prefix.Length..];

    [GeneratedRegex(@"^operations/[0-9a-f]{32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
