using CancelGateway.Grpc;
using CancelGateway.Grpc.Client;
using CancelGateway.V1;
using Google.LongRunning;
using Google.Rpc;

namespace CancelGateway.Client.Example;

/// <summary>Cancel one run, then follow its operation with WatchRun until it is done, printing each snapshot.</summary>
public static class CancelAndWatch
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = PipelineControlReflection.Descriptor.Services.Single(s => s.Name == "PipelineControl");
    private static readonly Method<CancelRequest, Operation> Cancel = Method.From<CancelRequest, Operation>(Service, "Cancel");
    private static readonly Method<WatchRunRequest, Operation> Watch = Method.From<WatchRunRequest, Operation>(Service, "WatchRun");

    /// <summary>Returns the run's final state, or throws <see cref="RpcException"/> when the cancel is refused.</summary>
    public static async Task<RunState> RunAsync(Uri gateway, string run, string reason, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var channel = GrpcChannel.ForAddress(gateway);

        // A request id makes the call safe to retry: the gateway answers a retry with the same operation.
        var request = new CancelRequest { Name = run, RequestId = Guid.NewGuid().ToString(), Reason = reason };
        var operation = await channel.UnaryAsync(Cancel, request, new CallOptions(Timeout: TimeSpan.FromSeconds(30), CancellationToken: cancellationToken));
        await output.WriteLineAsync($"accepted: {operation.Name}");

        await foreach (var snapshot in channel.ServerStreamingAsync(Watch, new WatchRunRequest { Name = operation.Name }, new CallOptions(CancellationToken: cancellationToken)).WithCancellation(cancellationToken))
        {
            var metadata = snapshot.Metadata.Unpack<CancelOperationMetadata>();
            await output.WriteLineAsync($"{metadata.State} ({metadata.ProviderState}){Blockers(metadata)}");
            if (snapshot.Done)
            {
                if (snapshot.Error is { } error)
                {
                    throw new RpcException(error);
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
        var reason = exception.GetDetail<ErrorInfo>()?.Reason;
        return $"{exception.StatusCode}: {exception.Status.Detail}{(reason is null ? string.Empty : $" [{reason}]")}";
    }

    private static string Blockers(CancelOperationMetadata metadata) =>
        metadata.Blockers.Count == 0 ? string.Empty : " waiting on " + string.Join(", ", metadata.Blockers.Select(b => $"{b.Kind} {b.StepName}"));
}
