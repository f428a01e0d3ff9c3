using CancelGateway.V1;
using Google.LongRunning;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace CancelGateway.Tests.Support;

/// <summary>
/// The gateway's API through Grpc.Net.Client and the generated clients, one bounded call per
/// method: every call carries a deadline, so a hung gateway fails the test instead of the run.
/// </summary>
internal sealed class GatewayClient(GrpcChannel channel) : IDisposable
{
    /// <summary>The deadline of each unary call.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public GatewayClient(Uri address)
        : this(GrpcChannel.ForAddress(address))
    {
    }

    public GrpcChannel Channel { get; } = channel;

    public V1.PipelineControl.PipelineControlClient PipelineControl => new(Channel);

    public Google.LongRunning.Operations.OperationsClient Operations => new(Channel);

    public Task<Operation> CancelAsync(string run, string? requestId = null, string reason = "", CancelMode mode = CancelMode.Unspecified) =>
        PipelineControl.CancelAsync(new CancelRequest { Name = run, RequestId = requestId ?? string.Empty, Reason = reason, Mode = mode }, Bounded()).ResponseAsync;

    public Task<Operation> BatchCancelAsync(IEnumerable<string> runs, string? requestId = null, string reason = "", CancelMode mode = CancelMode.Unspecified) =>
        PipelineControl.BatchCancelAsync(new BatchCancelRequest { Names = { runs }, RequestId = requestId ?? string.Empty, Reason = reason, Mode = mode }, Bounded()).ResponseAsync;

    public Task<Operation> CancelMatchingAsync(CancelMatchingRequest request) =>
        PipelineControl.CancelMatchingAsync(request, Bounded()).ResponseAsync;

    public Task<ListAuditEventsResponse> ListAuditEventsAsync(ListAuditEventsRequest request) =>
        PipelineControl.ListAuditEventsAsync(request, Bounded()).ResponseAsync;

    public Task<Operation> GetOperationAsync(string name) =>
        PipelineControl.GetOperationAsync(new V1.GetOperationRequest { Name = name }, Bounded()).ResponseAsync;

    public Task<Operation> LroGetOperationAsync(string name) =>
        Operations.GetOperationAsync(new Google.LongRunning.GetOperationRequest { Name = name }, Bounded()).ResponseAsync;

    public Task<ListOperationsResponse> ListOperationsAsync(string filter = "", int pageSize = 0, string pageToken = "") =>
        Operations.ListOperationsAsync(new ListOperationsRequest { Name = "operations", Filter = filter, PageSize = pageSize, PageToken = pageToken }, Bounded()).ResponseAsync;

    public Task DeleteOperationAsync(string name) =>
        Operations.DeleteOperationAsync(new DeleteOperationRequest { Name = name }, Bounded()).ResponseAsync;

    /// <summary>One WaitOperation call, which may return before the operation is done (google.longrunning).</summary>
    public Task<Operation> WaitOperationAsync(string name, TimeSpan wait) =>
        Operations.WaitOperationAsync(new WaitOperationRequest { Name = name, Timeout = Duration.FromTimeSpan(wait) }, Bounded(wait + TimeSpan.FromSeconds(10))).ResponseAsync;

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
        using var call = PipelineControl.WatchRun(new WatchRunRequest { Name = name }, Bounded(timeout ?? TestTimeouts.Default));
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            snapshots.Add(call.ResponseStream.Current);
        }

        return snapshots;
    }

    public Task<HealthCheckResponse> CheckHealthAsync(string service = "") =>
        new Health.HealthClient(Channel).CheckAsync(new HealthCheckRequest { Service = service }, Bounded()).ResponseAsync;

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

    private static CallOptions Bounded(TimeSpan? timeout = null) => new(deadline: TimeProvider.System.GetUtcNow().UtcDateTime + (timeout ?? CallTimeout));
}
