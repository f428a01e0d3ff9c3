using System.CommandLine;
using CancelGateway.V1;
using Grpc.Core;

namespace CancelGateway.Cli.Commands;

/// <summary><c>cancel NAME… [--reason] [--force] [--request-id] [--wait]</c>: one Cancel per run.</summary>
internal static class CancelCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var names = new Argument<string[]>("NAME")
        {
            Description = "Runs, named the way their provider names them (a Vertex AI pipelineJobs name, a SageMaker execution ARN, codearts/regions/…/runs/…).",
            Arity = ArgumentArity.OneOrMore,
        };
        var options = new CancelOptions();
        var command = new Command("cancel", "Cancel runs; with --wait, follow them until they have ended.") { names };
        options.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(environment, result, async (printer, connection) =>
        {
            var runs = result.GetValue(names)!;
            var requestId = result.GetValue(options.RequestId);
            if (requestId is not null && runs.Length > 1)
            {
                throw new UsageException("--request-id makes one request idempotent: give one NAME with it (or use batch).");
            }

            var wait = result.GetValue(options.Wait);
            var tracker = new RunTracker(connection, printer, runs);
            var work = Parallel.ForEachAsync(
                Enumerable.Range(0, runs.Length),
                new ParallelOptions { MaxDegreeOfParallelism = RunTracker.Parallelism, CancellationToken = cancellationToken },
                async (index, token) =>
                {
                    try
                    {
                        var request = new CancelRequest { Name = runs[index], RequestId = requestId ?? Guid.NewGuid().ToString(), Reason = result.GetValue(options.Reason) ?? string.Empty, Mode = options.Mode(result) };
                        var operation = await connection.PipelineControl.CancelAsync(request, connection.Unary(token));
                        tracker.Update(index, operation);
                        if (wait && !operation.Done)
                        {
                            await tracker.FollowAsync(index, operation.Name, token);
                        }
                    }
                    catch (RpcException exception)
                    {
                        tracker.Fail(index, RpcError.From(exception));
                    }
                });
            var exitCode = await tracker.ShowAsync(work);

            // Without --wait a run still in flight is no failure: the request was accepted.
            return wait || exitCode >= ExitCodes.RpcErrorBase ? exitCode : ExitCodes.Success;
        }));
        return command;
    }
}
