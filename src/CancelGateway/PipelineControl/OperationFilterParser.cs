using System.Text.RegularExpressions;
using CancelGateway.Providers;
using CancelGateway.Storage;
using Grpc.Core;

namespace CancelGateway.PipelineControl;

/// <summary>
/// The ListOperations filter: equality terms joined by AND (an AIP-160 subset):
/// <c>done = true</c>, <c>run = "projects/..."</c>, <c>kind = "batch"</c>.
/// </summary>
internal static partial class OperationFilterParser
{
    /// <summary>Three terms with the longest run names fit with room to spare.</summary>
    public const int MaxFilterLength = 8192;

    public static OperationFilter Parse(string filter)
    {
        var result = new OperationFilter();
        if (string.IsNullOrWhiteSpace(filter))
        {
            return result;
        }

        if (filter.Length > MaxFilterLength)
        {
            throw Invalid($"filter is at most {MaxFilterLength} characters (was {filter.Length}).");
        }

        foreach (var term in AndPattern().Split(filter.Trim()))
        {
            var match = TermPattern().Match(term.Trim());
            if (!match.Success)
            {
                throw Invalid($"{UserInput.Quote(term.Trim())} is not a filter term; use done = true|false, run = \"...\" or kind = \"cancel\"|\"batch\", joined by AND.");
            }

            var value = match.Groups["value"].Value.Trim('"');
            result = match.Groups["field"].Value switch
            {
                "done" when value is "true" or "false" => result with { Done = value == "true" },
                "run" => result with { Run = value },
                "kind" when value is "cancel" => result with { Kind = OperationKind.Cancel },
                "kind" when value is "batch" => result with { Kind = OperationKind.Batch },
                _ => throw Invalid($"{UserInput.Quote(term.Trim())} has a value the field does not take."),
            };
        }

        return result;
    }

    private static RpcException Invalid(string message) => RequestValidation.Invalid("INVALID_FILTER", message, ("filter", message));

    [GeneratedRegex(@"\s+AND\s+", RegexOptions.CultureInvariant)]
    private static partial Regex AndPattern();

    [GeneratedRegex(@"^(?<field>done|run|kind)\s*=\s*(?<value>true|false|""[^""]*"")\z", RegexOptions.CultureInvariant)]
    private static partial Regex TermPattern();
}
