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
        await output.WriteLineAsync($"operation: {operation.Name}");

        using var watch = client.WatchRun(new WatchRunRequest { Name = operation.Name }, new CallOptions(cancellationToken: cancellationToken));
        var last = string.Empty;
        await foreach (var snapshot in watch.ResponseStream.ReadAllAsync(cancellationToken))
        {
            var metadata = snapshot.Metadata.Unpack<CancelOperationMetadata>();
            var line = $"{Name(metadata.State)} ({metadata.ProviderState}){Blockers(metadata)}";
            if (line != last)
            {
                await output.WriteLineAsync($"state: {line}");
                last = line;
            }

            if (snapshot.Done)
            {
                if (snapshot.Error is { } error)
                {
                    throw error.ToRpcException();
                }

                var response = snapshot.Response.Unpack<CancelRunResponse>();
                await output.WriteLineAsync($"final: {Name(response.FinalState)}{(response.AlreadyEnded ? " (it had already ended)" : string.Empty)}");
                return response.FinalState;
            }
        }

        throw new InvalidOperationException("WatchRun ended before the operation was done.");
    }

    /// <summary>
    /// One line for a person: the gRPC code, the ErrorInfo reason and the message. Grpc.StatusProto's
    /// GetRpcStatus decodes the grpc-status-details-bin trailer, a google.rpc.Status.
    /// </summary>
    public static string Describe(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var reason = exception.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason;
        return $"error: {CodeName(exception.StatusCode)}{(reason is null ? string.Empty : " " + reason)}: {exception.Status.Detail}";
    }

    // The proto names (RUN_STATE_CANCELLED, NOT_FOUND), as every other client prints them.
    private static string Name(RunState state) =>
        PipelineControlReflection.Descriptor.EnumTypes.Single(e => e.Name == "RunState").FindValueByNumber((int)state)?.Name ?? state.ToString();

    private static string CodeName(StatusCode code) =>
        CodeReflection.Descriptor.EnumTypes.Single(e => e.Name == "Code").FindValueByNumber((int)code)?.Name ?? code.ToString();

    private static string Blockers(CancelOperationMetadata metadata) =>
        metadata.Blockers.Count == 0 ? string.Empty : " waiting on " + string.Join(", ", metadata.Blockers.Select(b => $"{b.Kind} {b.StepName}"));
}
