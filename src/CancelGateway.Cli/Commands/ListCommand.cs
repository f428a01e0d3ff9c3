using System.CommandLine;
using CancelGateway.V1;
using Google.LongRunning;
using Spectre.Console;

namespace CancelGateway.Cli.Commands;

/// <summary><c>list [--filter] [--done] [--run] [--limit]</c>: google.longrunning ListOperations, paged.</summary>
internal static class ListCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var filter = new Option<string?>("--filter") { Description = "An AIP-160 filter, e.g. 'done = false AND run = \"projects/…\"'." };
        var done = new Option<bool?>("--done") { Description = "Only operations that are done (--done true) or in flight (--done false)." };
        var run = new Option<string?>("--run") { Description = "Only the cancellations of this run." };
        var limit = new Option<int>("--limit") { Description = "At most this many operations (0: all).", DefaultValueFactory = _ => 100 };
        var command = new Command("list", "List operations, newest first, with a filter.") { filter, done, run, limit };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(environment, result, async (printer, connection) =>
        {
            var clauses = new List<string>();
            if (result.GetValue(filter) is { Length: > 0 } text)
            {
                clauses.Add($"({text})");
            }

            if (result.GetValue(done) is { } isDone)
            {
                clauses.Add(isDone ? "done = true" : "done = false");
            }

            if (result.GetValue(run) is { Length: > 0 } runName)
            {
                clauses.Add($"run = \"{runName.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
            }

            var max = result.GetValue(limit);
            var table = new Table().Border(TableBorder.Rounded).AddColumns("OPERATION", "RUN", "STATE", "DONE");
            var count = 0;
            var request = new ListOperationsRequest { Name = "operations", Filter = string.Join(" AND ", clauses), PageSize = max is > 0 and < 1000 ? max : 1000 };
            do
            {
                var page = await connection.Operations.ListOperationsAsync(request, connection.Unary(cancellationToken));
                foreach (var operation in page.Operations.TakeWhile(_ => max <= 0 || count < max))
                {
                    count++;
                    if (printer.Format == OutputFormat.Json)
                    {
                        printer.JsonLine(operation);
                    }
                    else
                    {
                        table.AddRow(Row(operation));
                    }
                }

                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0 && (max <= 0 || count < max));

            if (printer.Format == OutputFormat.Table)
            {
                printer.Write(table);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Text[] Row(Operation operation)
    {
        if (operation.Metadata?.TryUnpack<BatchCancelOperationMetadata>(out var batch) == true)
        {
            return [new(operation.Name), new($"batch of {batch.Total}"), new($"{batch.DoneCount}/{batch.Total} done"), new(operation.Done ? "yes" : "no")];
        }

        var metadata = operation.Metadata?.TryUnpack<CancelOperationMetadata>(out var m) == true ? m : new CancelOperationMetadata();
        var row = RunRow.From(metadata.Run, operation);
        return [new(operation.Name), new(metadata.Run), new(row.Error?.Line ?? row.StateText), new(operation.Done ? "yes" : "no")];
    }
}
