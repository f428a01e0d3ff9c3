using System.CommandLine;
using CancelGateway.V1;
using Grpc.Core;

namespace CancelGateway.Cli.Commands;

/// <summary>
/// <c>cancel NAME… [--reason] [--force] [--request-id] [--wait]</c>: one Cancel per run; or
/// <c>cancel --scope S… [--filter F] [--dry-run] [--max-runs N] [--selection-token T]</c>: one
/// CancelMatching (<see cref="MatchingCancel"/>).
/// </summary>
internal static class CancelCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var names = new Argument<string[]>("NAME")
        {
            Description = "Runs, named the way their provider names them (a Vertex AI pipelineJobs name, a SageMaker execution ARN, codearts/regions/…/runs/…).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var options = new CancelOptions();
        var selector = new SelectorOptions();
        var command = new Command("cancel", "Cancel runs by name, or every run of some scopes that a filter matches (--scope); with --wait, follow them until they have ended.") { names };
        options.AddTo(command);
        selector.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(environment, result, async (printer, connection) =>
        {
            var runs = result.GetValue(names) ?? [];
            if (selector.Given(result))
            {
                return runs.Length == 0
                    ? await MatchingCancel.RunAsync(result, selector, options, printer, connection, cancellationToken)
                    : throw new UsageException("give run names or --scope, not both.");
            }

            if (selector.GivenWithoutScope(result).FirstOrDefault() is { } stray)
            {
                throw new UsageException($"{stray} selects runs within scopes: give --scope with it.");
            }

            if (runs.Length == 0)
            {
                throw new UsageException("give the runs to cancel (NAME…), or --scope to cancel by selector.");
            }

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
