using System.CommandLine;
using CancelGateway.V1;

namespace CancelGateway.Cli.Commands;

/// <summary>cancel's options for cancelling by selector (CancelMatching) instead of by name.</summary>
internal sealed class SelectorOptions
{
    public Option<string[]> Scope { get; } = new("--scope")
    {
        Description = "Cancel by selector: a scope to search (repeatable): projects/{p}/locations/{l}, a SageMaker pipeline ARN, codearts/regions/{r}/projects/{p}/pipelines/{x}.",
        Arity = ArgumentArity.OneOrMore,
    };

    public Option<string?> Filter { get; } = new("--filter") { Description = "With --scope: which runs, e.g. 'state = RUNNING AND create_time >= \"2026-12-01T10:00:00Z\"' (empty: every run)." };

    public Option<bool> DryRun { get; } = new("--dry-run") { Description = "With --scope: list what matches and print a selection token; cancel nothing." };

    public Option<int> MaxRuns { get; } = new("--max-runs") { Description = "With --scope: refuse (and cancel nothing) when more runs than this match (the gateway's default: 100)." };

    public Option<string?> SelectionToken { get; } = new("--selection-token") { Description = "With --scope: the token a --dry-run printed; only the runs it listed are cancelled." };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Scope);
        command.Options.Add(Filter);
        command.Options.Add(DryRun);
        command.Options.Add(MaxRuns);
        command.Options.Add(SelectionToken);
    }

    /// <summary>Whether the command line cancels by selector.</summary>
    public bool Given(ParseResult result) => result.GetValue(Scope) is { Length: > 0 };

    /// <summary>The selector options given without --scope, which mean nothing then.</summary>
    public IEnumerable<string> GivenWithoutScope(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        foreach (var option in new Option[] { Filter, DryRun, MaxRuns, SelectionToken })
        {
            if (result.GetResult(option) is { Implicit: false })
            {
                yield return option.Name;
            }
        }
    }

    public CancelMatchingRequest Request(ParseResult result, CancelOptions cancel, string requestId) => new()
    {
        Scopes = { result.GetValue(Scope)! },
        Filter = result.GetValue(Filter) ?? string.Empty,
        DryRun = result.GetValue(DryRun),
        MaxRuns = result.GetValue(MaxRuns),
        SelectionToken = result.GetValue(SelectionToken) ?? string.Empty,
        RequestId = requestId,
        Reason = result.GetValue(cancel.Reason) ?? string.Empty,
        Mode = cancel.Mode(result),
    };
}
