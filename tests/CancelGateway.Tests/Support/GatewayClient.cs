using CancelGateway.Grpc;
using CancelGateway.Grpc.Client;
using CancelGateway.V1;
using Google.LongRunning;
using Google.Protobuf.WellKnownTypes;
using Grpc.Health.V1;

namespace CancelGateway.Tests.Support;

/// <summary>
/// The gateway's API through the project's own gRPC client, one bounded call per method: every
/// call carries a deadline, so a hung gateway fails the test instead of the run.
/// </summary>
internal sealed class GatewayClient(Uri address) : IDisposable
{
    /// <summary>The deadline of each unary call.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public GrpcChannel Channel { get; } = GrpcChannel.ForAddress(address);

    public Task<Operation> CancelAsync(string run, string? requestId = null, string reason = "", CancelMode mode = CancelMode.Unspecified) =>
        Channel.UnaryAsync(GatewayMethods.Cancel, new CancelRequest { Name = run, RequestId = requestId ?? string.Empty, Reason = reason, Mode = mode }, Bounded());

    public Task<Operation> BatchCancelAsync(IEnumerable<string> runs, string? requestId = null, string reason = "") =>
        Channel.UnaryAsync(GatewayMethods.BatchCancel, new BatchCancelRequest { Names = { runs }, RequestId = requestId ?? string.Empty, Reason = reason }, Bounded());

    public Task<Operation> GetOperationAsync(string name) =>
        Channel.UnaryAsync(GatewayMethods.GetOperation, new V1.GetOperationRequest { Name = name }, Bounded());

    public Task<Operation> LroGetOperationAsync(string name) =>
        Channel.UnaryAsync(GatewayMethods.LroGetOperation, new Google.LongRunning.GetOperationRequest { Name = name }, Bounded());

    public Task<ListOperationsResponse> ListOperationsAsync(string filter = "", int pageSize = 0, string pageToken = "") =>
        Channel.UnaryAsync(GatewayMethods.ListOperations, new ListOperationsRequest { Name = "operations", Filter = filter, PageSize = pageSize, PageToken = pageToken }, Bounded());

    public Task DeleteOperationAsync(string name) =>
        Channel.UnaryAsync(GatewayMethods.DeleteOperation, new DeleteOperationRequest { Name = name }, Bounded());

    /// <summary>One WaitOperation call, which may return before the operation is done (google.longrunning).</summary>
    public Task<Operation> WaitOperationAsync(string name, TimeSpan wait) =>
        Channel.UnaryAsync(GatewayMethods.WaitOperation, new WaitOperationRequest { Name = name, Timeout = Duration.FromTimeSpan(wait) }, Bounded(wait + TimeSpan.FromSeconds(10)));

    /// <summary>WaitOperation, repeated until the operation is done; fails after <paramref name="timeout"/>.</summary>
    public async Task<Operation> WaitDoneAsync(string name, TimeSpan? timeout = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var limit = timeout ?? TestTimeouts.Default;
        while (true)
        {
            var remaining = limit - clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Operation {name} was not done within {limit}.");
            }

            var operation = await WaitOperationAsync(name, remaining < TimeSpan.FromSeconds(10) ? remaining : TimeSpan.FromSeconds(10));
            if (operation.Done)
            {
                return operation;
            }
        }
    }

    /// <summary>Every snapshot WatchRun streams for <paramref name="name"/> until the server ends the stream.</summary>
    public async Task<IReadOnlyList<Operation>> WatchAsync(string name, TimeSpan? timeout = null)
    {
        var snapshots = new List<Operation>();
        using var call = Channel.Start(GatewayMethods.WatchRun, new WatchRunRequest { Name = name }, new CallOptions(Timeout: timeout ?? TestTimeouts.Default));
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            snapshots.Add(call.ResponseStream.Current);
        }

        return snapshots;
    }

    public Task<HealthCheckResponse> CheckHealthAsync(string service = "") =>
        Channel.UnaryAsync(GatewayMethods.HealthCheck, new HealthCheckRequest { Service = service }, Bounded());

    /// <summary>Runs <paramref name="call"/> and returns the <see cref="RpcException"/> it must fail with.</summary>
    public static async Task<RpcException> FailureOf(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (RpcException exception)
        {
            return exception;
        }

        throw new Xunit.Sdk.XunitException("The call was expected to fail with an RpcException, but it succeeded.");
    }

    public void Dispose() => Channel.Dispose();

    private static CallOptions Bounded(TimeSpan? timeout = null) => new(Timeout: timeout ?? CallTimeout);
}
