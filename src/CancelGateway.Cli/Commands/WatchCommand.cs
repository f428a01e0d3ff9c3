using System.CommandLine;
using Grpc.Core;
using CancelGateway.V1;
using Google.LongRunning;

namespace CancelGateway.Cli.Commands;

/// <summary><c>watch NAME|OPERATION</c>: WatchRun, a line per change, until the operation is done.</summary>
internal static class WatchCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var name = new Argument<string>("NAME|OPERATION") { Description = "A run (its latest cancellation is watched) or an operation name, operations/{id}." };
        var command = new Command("watch", "Follow a cancellation until it is done: one line per change of the run or of the cancellation.") { name };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(environment, result, async (printer, connection) =>
        {
            using var call = connection.PipelineControl.WatchRun(new WatchRunRequest { Name = result.GetValue(name)! }, connection.Stream(cancellationToken));
            var exitCode = ExitCodes.NotCancelled;
            await foreach (var snapshot in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                if (printer.Format == OutputFormat.Json)
                {
                    printer.JsonLine(snapshot);
                }
                else
                {
                    printer.Line(Describe(snapshot));
                }

                if (snapshot.Done)
                {
                    exitCode = ExitCodeOf(snapshot);
                    if (snapshot.Error is { } error)
                    {
                        printer.Error(snapshot.Name, RpcError.From(error));
                    }
                }
            }

            return exitCode;
        }));
        return command;
    }

    /// <summary>A snapshot on one line: time, operation, run (or batch progress), state.</summary>
    private static string Describe(Operation snapshot)
    {
        var time = TimeProvider.System.GetLocalNow().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        if (snapshot.Metadata?.TryUnpack<BatchCancelOperationMetadata>(out var batch) == true)
        {
            return $"{time} {snapshot.Name} batch: {batch.DoneCount}/{batch.Total} done{(snapshot.Done ? ", done" : string.Empty)}";
        }

        var row = RunRow.From(string.Empty, snapshot);
        var metadata = snapshot.Metadata?.TryUnpack<CancelOperationMetadata>(out var m) == true ? m : new CancelOperationMetadata();
        return $"{time} {snapshot.Name} {metadata.Run} {row.StateText} ({row.ProviderState}){(snapshot.Done ? ", done" : string.Empty)}";
    }

    private static int ExitCodeOf(Operation snapshot)
    {
        if (snapshot.Error is { } error)
        {
            return RpcError.From(error).ExitCode;
        }

        if (snapshot.Response?.TryUnpack<BatchCancelResponse>(out var batch) == true)
        {
            return batch.FailedRequests.Count > 0 ? RpcError.From(batch.FailedRequests.OrderBy(f => f.Key).First().Value).ExitCode
                : batch.Results.All(r => r.FinalState == RunState.Cancelled) ? ExitCodes.Success : ExitCodes.NotCancelled;
        }

        return RunRow.From(string.Empty, snapshot).ExitCode;
    }
}
