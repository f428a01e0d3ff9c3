using System.CommandLine;
using System.Globalization;
using CancelGateway.Cli.Output;
using CancelGateway.V1;
using Grpc.Core;
using Spectre.Console;

namespace CancelGateway.Cli.Commands;

/// <summary>
/// <c>cancel --scope S… --filter F [--dry-run] [--max-runs N] [--selection-token T]</c>: one
/// CancelMatching. A dry run prints the matching runs and the token; a real request follows the
/// selected runs like batch does and says which pinned runs were left out.
/// </summary>
internal static class MatchingCancel
{
    public static async Task<int> RunAsync(ParseResult result, SelectorOptions selector, CancelOptions cancel, Printer printer, GatewayConnection connection, CancellationToken cancellationToken)
    {
        var request = selector.Request(result, cancel, result.GetValue(cancel.RequestId) ?? Guid.NewGuid().ToString());
        var operation = await connection.PipelineControl.CancelMatchingAsync(request, connection.Unary(cancellationToken));
        var metadata = operation.Metadata.Unpack<BatchCancelOperationMetadata>();
        if (printer.Format == OutputFormat.Json)
        {
            printer.JsonLine(operation);
        }

        if (request.DryRun)
        {
            if (printer.Format != OutputFormat.Json)
            {
                ShowMatches(printer, operation.Response.Unpack<BatchCancelResponse>(), metadata.Selection);
            }

            return ExitCodes.Success;
        }

        if (printer.Format != OutputFormat.Json)
        {
            ShowSelection(printer, metadata.Selection);
        }

        var runs = metadata.Items.Select(item => item.Run).ToList();
        var tracker = new RunTracker(connection, printer, runs);
        foreach (var (index, status) in metadata.FailedRequests)
        {
            var position = metadata.Items.ToList().FindIndex(item => item.Index == index);
            if (position >= 0)
            {
                tracker.Fail(position, RpcError.From(status));
            }
        }

        var wait = result.GetValue(cancel.Wait);
        var work = Parallel.ForEachAsync(
            Enumerable.Range(0, runs.Count).Where(i => !metadata.FailedRequests.ContainsKey(metadata.Items[i].Index)),
            new ParallelOptions { MaxDegreeOfParallelism = RunTracker.Parallelism, CancellationToken = cancellationToken },
            async (position, token) =>
            {
                var child = metadata.Items[position].Operation;
                try
                {
                    if (wait)
                    {
                        await tracker.FollowAsync(position, child, token);
                    }
                    else
                    {
                        tracker.Update(position, await connection.PipelineControl.GetOperationAsync(new V1.GetOperationRequest { Name = child }, connection.Unary(token)));
                    }
                }
                catch (RpcException exception)
                {
                    tracker.Fail(position, RpcError.From(exception), child);
                }
            });
        var exitCode = await tracker.ShowAsync(work);
        return wait || exitCode >= ExitCodes.RpcErrorBase ? exitCode : ExitCodes.Success;
    }

    private static void ShowMatches(Printer printer, BatchCancelResponse response, RunSelection selection)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("RUN", "PROVIDER", "STATE", "CREATED");
        foreach (var match in response.Matches)
        {
            table.AddRow(
                new Text(match.Name),
                new Text(Names.Provider(match.Provider)),
                new Text(Names.State(match.State)),
                new Text(match.CreateTime?.ToDateTimeOffset().ToString("u", CultureInfo.InvariantCulture) ?? string.Empty));
        }

        printer.Write(table);
        printer.Line($"{response.Matches.Count} runs match (of {selection.Listed} listed){NotPermitted(selection)}. Nothing was cancelled.");
        printer.Line($"selection token: {response.SelectionToken}");
    }

    private static void ShowSelection(Printer printer, RunSelection selection)
    {
        printer.Line($"{selection.Matched} runs selected (of {selection.Listed} listed){NotPermitted(selection)}.");
        foreach (var run in selection.OutOfScope)
        {
            printer.Line($"left out: {run.Name} ({Names.OutOfScope(run.Why)}, now {Names.State(run.State)})");
        }

        if (selection.NewMatchesNotAdded > 0)
        {
            printer.Line($"{selection.NewMatchesNotAdded} runs match now that the token did not pin; not cancelled (run a new --dry-run to include them).");
        }
    }

    private static string NotPermitted(RunSelection selection) =>
        selection.NotPermitted > 0 ? $"; {selection.NotPermitted} more match outside what this caller may cancel" : string.Empty;
}
