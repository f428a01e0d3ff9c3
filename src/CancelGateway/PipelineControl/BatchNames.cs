using CancelGateway.Providers;

namespace CancelGateway.PipelineControl;

/// <summary>The names of a BatchCancel: each parsed, no duplicates, or INVALID_ARGUMENT listing what is wrong.</summary>
internal static class BatchNames
{
    public static List<RunName> Parse(IReadOnlyList<string> names)
    {
        var runs = new List<RunName>(names.Count);
        var violations = new List<(string, string)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            var field = $"names[{i}]";
            if (!RunNameParser.TryParse(names[i], out var run, out var error))
            {
                violations.Add((field, error));
                continue;
            }

            if (seen.TryGetValue(run!.Text, out var first))
            {
                violations.Add((field, $"duplicate of names[{first}]"));
                continue;
            }

            seen[run.Text] = i;
            runs.Add(run);
        }

        if (violations.Count > 0)
        {
            // Listing a thousand violations would overflow the clients' metadata limits: the
            // first few say what is wrong, the count says how much.
            var listed = violations.Take(RequestValidation.MaxListedViolations).ToList();
            if (violations.Count > listed.Count)
            {
                listed.Add(("names", $"and {violations.Count - listed.Count} more invalid names, not listed"));
            }

            throw RequestValidation.Invalid("INVALID_RUN_NAME", $"{violations.Count} of the {names.Count} names are invalid; see the field violations (the first {Math.Min(violations.Count, RequestValidation.MaxListedViolations)} are listed).", [.. listed]);
        }

        return runs;
    }
}
