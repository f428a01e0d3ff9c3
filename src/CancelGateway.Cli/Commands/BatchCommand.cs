using System.CommandLine;
using CancelGateway.V1;
using Grpc.Core;

namespace CancelGateway.Cli.Commands;

/// <summary><c>batch -f FILE|-</c>: BatchCancel of the runs listed one per line (any providers).</summary>
internal static class BatchCommand
{
    /// <summary>The gateway's limit of runs per BatchCancel; longer lists go in several batches.</summary>
    private const int MaxBatchSize = 1000;

    public static Command Create(CliEnvironment environment)
    {
        var file = new Option<string>("--file", "-f")
        {
            Description = "A file with one run name per line ('-' for standard input); blank lines and lines starting with # are skipped.",
            Required = true,
        };
        var options = new CancelOptions();
        var command = new Command("batch", "Cancel many runs, of any providers, in batches (BatchCancel); with --wait, follow them to the end.") { file };
        options.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(environment, result, async (printer, connection) =>
        {
            var runs = await ReadNamesAsync(result.GetValue(file)!, environment.In, cancellationToken);
            if (runs.Count == 0)
            {
                throw new UsageException("the file names no run.");
            }

            var requestId = result.GetValue(options.RequestId);
            if (requestId is not null && runs.Count > MaxBatchSize)
            {
                throw new UsageException($"--request-id makes one batch idempotent: at most {MaxBatchSize} runs with it.");
            }

            var wait = result.GetValue(options.Wait);
            var tracker = new RunTracker(connection, printer, runs);
            var follows = new List<(int Index, string Operation)>();
            for (var offset = 0; offset < runs.Count; offset += MaxBatchSize)
            {
                var request = new BatchCancelRequest { RequestId = requestId ?? Guid.NewGuid().ToString(), Reason = result.GetValue(options.Reason) ?? string.Empty, Mode = options.Mode(result) };
                request.Names.AddRange(runs.Skip(offset).Take(MaxBatchSize));
                var batch = await connection.PipelineControl.BatchCancelAsync(request, connection.Unary(cancellationToken));
                if (printer.Format == OutputFormat.Json)
                {
                    printer.JsonLine(batch);
                }

                var metadata = batch.Metadata.Unpack<BatchCancelOperationMetadata>();
                foreach (var (index, status) in metadata.FailedRequests)
                {
                    tracker.Fail(offset + index, RpcError.From(status));
                }

                foreach (var item in metadata.Items.Where(i => !metadata.FailedRequests.ContainsKey(i.Index)))
                {
                    follows.Add((offset + item.Index, item.Operation));
                }
            }

            // Each run has its own Cancel operation (shared with any other request for it): follow
            // those, so the table shows every run's state as it changes.
            var work = Parallel.ForEachAsync(
                follows,
                new ParallelOptions { MaxDegreeOfParallelism = RunTracker.Parallelism, CancellationToken = cancellationToken },
                async (follow, token) =>
                {
                    try
                    {
                        if (wait)
                        {
                            await tracker.FollowAsync(follow.Index, follow.Operation, token);
                        }
                        else
                        {
                            tracker.Update(follow.Index, await connection.PipelineControl.GetOperationAsync(new V1.GetOperationRequest { Name = follow.Operation }, connection.Unary(token)));
                        }
                    }
                    catch (RpcException exception)
                    {
                        tracker.Fail(follow.Index, RpcError.From(exception), follow.Operation);
                    }
                });
            var exitCode = await tracker.ShowAsync(work);
            return wait || exitCode >= ExitCodes.RpcErrorBase ? exitCode : ExitCodes.Success;
        }));
        return command;
    }

    private static async Task<List<string>> ReadNamesAsync(string path, TextReader standardInput, CancellationToken cancellationToken)
    {
        var text = path == "-" ? await standardInput.ReadToEndAsync(cancellationToken) : await File.ReadAllTextAsync(path, cancellationToken);
        return [.. text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#'))];
    }
}
