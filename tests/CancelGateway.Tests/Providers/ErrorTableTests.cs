using System.Text.RegularExpressions;
using CancelGateway.Providers;
using Grpc.Core;
using Xunit;

namespace CancelGateway.Tests.Providers;

/// <summary>The README's error table and the tables in code (kind → code and reason; gateway errors) say the same.</summary>
public sealed partial class ErrorTableTests
{
    [Fact]
    public void ProviderFailures_EveryKind_IsInTheReadmeWithItsCodeAndRetry()
    {
        var rows = ReadmeRows();
        foreach (var (kind, failure) in ProviderFailures.All)
        {
            var matching = rows.Where(r => r.Reasons.Contains(failure.Reason)).ToList();
            Assert.True(matching.Count > 0, $"{kind} ({failure.Reason}) has no row in the README's error table.");
            foreach (var row in matching)
            {
                Assert.True(row.Code == failure.Code, $"README says {row.Code} for {failure.Reason}; the code says {failure.Code}.");
                Assert.True(row.Retried == failure.IsTransient, $"README says retried={row.Retried} for {failure.Reason}; the code says transient={failure.IsTransient}.");
            }
        }
    }

    [Fact]
    public void Readme_EveryProviderReason_IsAKindInCode()
    {
        var reasons = ProviderFailures.All.Values.Select(f => f.Reason).Concat(GatewayErrors.All.Values.Select(g => g.Reason)).ToHashSet(StringComparer.Ordinal);
        foreach (var reason in ReadmeRows().SelectMany(r => r.Reasons).Where(r => r.StartsWith("PROVIDER_", StringComparison.Ordinal) || r.StartsWith("RUN_", StringComparison.Ordinal)))
        {
            Assert.True(reasons.Contains(reason), $"The README's error table has {reason}, which no failure kind or gateway error in code has.");
        }
    }

    [Fact]
    public void GatewayErrors_Every_IsInTheReadmeWithItsCode()
    {
        var rows = ReadmeRows();
        foreach (var (error, (code, reason)) in GatewayErrors.All)
        {
            var matching = rows.Where(r => r.Reasons.Contains(reason)).ToList();
            Assert.True(matching.Count > 0, $"{error} ({reason}) has no row in the README's error table.");
            Assert.All(matching, row => Assert.True(row.Code == code, $"README says {row.Code} for {reason}; the code says {code}."));
        }
    }

    /// <summary>The rows of the table under "## Errors": the reasons in backticks, the code's first word, whether "retried" starts with yes.</summary>
    private static List<(HashSet<string> Reasons, StatusCode? Code, bool Retried)> ReadmeRows()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var section = readme[readme.IndexOf("\n## Errors", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var rows = new List<(HashSet<string>, StatusCode?, bool)>();
        foreach (var line in section.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)))
        {
            var cells = line.Trim().Trim('|').Split(" | ");
            if (cells.Length != 4 || cells[0].Trim() == "situation" || cells[0].StartsWith("---", StringComparison.Ordinal))
            {
                continue;
            }

            var reasons = Reason().Matches(cells[2]).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            var word = cells[1].Trim().Split(' ')[0];
            StatusCode? code = Enum.TryParse<StatusCode>(word.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var parsed) ? parsed : null;
            rows.Add((reasons, code, cells[3].Trim().StartsWith("yes", StringComparison.Ordinal)));
        }

        Assert.NotEmpty(rows);
        return rows;
    }

    [GeneratedRegex("`([A-Z][A-Z0-9_]+[A-Z0-9])`", RegexOptions.CultureInvariant)]
    private static partial Regex Reason();
}
