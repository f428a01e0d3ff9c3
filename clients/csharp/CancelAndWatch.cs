using CancelGateway.V1;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;

namespace CancelGateway.Client.Example;

/// <summary>Cancel one run, then follow its operation with WatchRun until it is done, printing each snapshot.</summary>
public static class CancelAndWatch
{
    /// <summary>Returns the run's final state, or throws <see cref="RpcException"/> when the cancel is refused.</summary>
    public static async Task<RunState> RunAsync(Uri gateway, string run, string reason, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var channel = GrpcChannel.ForAddress(gateway);
        var client = new PipelineControl.PipelineControlClient(channel);

        // A request id makes the call safe to retry: the gateway answers a retry with the same operation.
        var request = new CancelRequest { Name = run, RequestId = Guid.NewGuid().ToString(), Reason = reason };
        var operation = await client.CancelAsync(request, new CallOptions(deadline: TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(30), cancellationToken: cancellationToken));
        await output.WriteLineAsync($"accepted: {operation.Name}");

        using var watch = client.WatchRun(new WatchRunRequest { Name = operation.Name }, new CallOptions(cancellationToken: cancellationToken));
        await foreach (var snapshot in watch.ResponseStream.ReadAllAsync(cancellationToken))
        {
            var metadata = snapshot.Metadata.Unpack<CancelOperationMetadata>();
            await output.WriteLineAsync($"{metadata.State} ({metadata.ProviderState}){Blockers(metadata)}");
            if (snapshot.Done)
            {
                if (snapshot.Error is { } error)
                {
                    throw error.ToRpcException();
                }

                var response = snapshot.Response.Unpack<CancelRunResponse>();
                await output.WriteLineAsync($"done: {response.FinalState}{(response.AlreadyEnded ? " (it had already ended)" : string.Empty)}");
                return response.FinalState;
            }
        }

        throw new InvalidOperationException("WatchRun ended before the operation was done.");
    }

    /// <summary>Describes a refusal the way a person wants to read it: code, message and the ErrorInfo reason.</summary>
    public static string Describe(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var reason = exception.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason;
        return $"{exception.StatusCode}: {exception.Status.Detail}{(reason is null ? string.Empty : $" [{reason}]")}";
    }

    private static string Blockers(CancelOperationMetadata metadata) =>
        metadata.Blockers.Count == 0 ? string.Empty : " waiting on " + string.Join(", ", metadata.Blockers.Select(b => $"{b.Kind} {b.StepName}"));
}
