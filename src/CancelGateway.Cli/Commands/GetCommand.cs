using System.CommandLine;
using CancelGateway.V1;
using Google.LongRunning;
using Spectre.Console;

namespace CancelGateway.Cli.Commands;

/// <summary><c>get OPERATION</c>: one operation, as it stands.</summary>
internal static class GetCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var name = new Argument<string>("OPERATION") { Description = "The operation's name, operations/{id}, as cancel printed it." };
        var command = new Command("get", "Show an operation: its run, state, and how it ended.") { name };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(environment, result, async (printer, connection) =>
        {
            var operation = await connection.PipelineControl.GetOperationAsync(new V1.GetOperationRequest { Name = result.GetValue(name)! }, connection.Unary(cancellationToken));
            if (printer.Format == OutputFormat.Json)
            {
                printer.JsonLine(operation);
            }
            else
            {
                printer.Write(Describe(operation));
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Grid Describe(Operation operation)
    {
        var grid = new Grid().AddColumn().AddColumn();
        void Add(string key, string value) => grid.AddRow(new Text(key, new Style(decoration: Decoration.Bold)), new Text(value));
        Add("operation", operation.Name);
        Add("done", operation.Done ? "yes" : "no");
        if (operation.Metadata?.TryUnpack<CancelOperationMetadata>(out var metadata) == true)
        {
            Add("run", metadata.Run);
            Add("provider", metadata.Provider.ToString());
            Add("state", $"{Names.State(metadata.State)} ({metadata.ProviderState})");
            Add("attempts", metadata.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Add("reason", metadata.Reason);
            Add("requested by", metadata.RequestedBy);
            foreach (var blocker in metadata.Blockers)
            {
                Add("held by", $"{blocker.Kind} {blocker.StepName} {blocker.Detail}");
            }
        }
        else if (operation.Metadata?.TryUnpack<BatchCancelOperationMetadata>(out var batch) == true)
        {
            Add("batch", $"{batch.DoneCount}/{batch.Total} done");
        }

        if (operation.Response?.TryUnpack<CancelRunResponse>(out var response) == true)
        {
            Add("final state", $"{Names.State(response.FinalState)} ({response.ProviderState}){(response.AlreadyEnded ? ", had already ended" : string.Empty)}");
        }

        if (operation.Error is { } error)
        {
            Add("error", RpcError.From(error).Line);
        }

        return grid;
    }
}
