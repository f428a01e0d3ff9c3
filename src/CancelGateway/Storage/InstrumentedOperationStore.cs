using System.Diagnostics;
using CancelGateway.Telemetry;
using Google.LongRunning;

namespace CancelGateway.Storage;

/// <summary>
/// Any store, with each call's latency recorded (<c>cancelgateway.store.duration</c> by call and
/// failure). A decorator, so a store implementation knows nothing of telemetry.
/// </summary>
internal sealed class InstrumentedOperationStore(IOperationStore inner) : IOperationStore
{
    public Task InitializeAsync(CancellationToken cancellationToken) =>
        TimedAsync("initialize", async () => { await inner.InitializeAsync(cancellationToken); return true; });

    public Task<CreateOutcome> CreateCancelAsync(NewCancel cancel, CancellationToken cancellationToken) =>
        TimedAsync("create_cancel", () => inner.CreateCancelAsync(cancel, cancellationToken));

    public Task<BatchCreateOutcome> CreateBatchAsync(IReadOnlyList<NewCancel> children, Func<IReadOnlyList<string>, IReadOnlyList<bool>, Operation> buildBatch, RequestIdClaim? requestId, CancellationToken cancellationToken) =>
        TimedAsync("create_batch", () => inner.CreateBatchAsync(children, buildBatch, requestId, cancellationToken));

    public Task<RequestIdRecord?> FindRequestIdAsync(string requestId, CancellationToken cancellationToken) =>
        TimedAsync("find_request_id", () => inner.FindRequestIdAsync(requestId, cancellationToken));

    public Task<Operation?> GetAsync(string name, CancellationToken cancellationToken) =>
        TimedAsync("get", () => inner.GetAsync(name, cancellationToken));

    public Task<string?> FindLatestForRunAsync(string run, CancellationToken cancellationToken) =>
        TimedAsync("find_latest_for_run", () => inner.FindLatestForRunAsync(run, cancellationToken));

    public Task<bool> UpdateAsync(Operation operation, CancellationToken cancellationToken) =>
        TimedAsync("update", () => inner.UpdateAsync(operation, cancellationToken));

    public Task<UnfinishedOperations> ListUnfinishedAsync(CancellationToken cancellationToken) =>
        TimedAsync("list_unfinished", () => inner.ListUnfinishedAsync(cancellationToken));

    public Task<OperationPage> ListAsync(OperationFilter filter, int pageSize, long afterSequence, long maxBytes, CancellationToken cancellationToken) =>
        TimedAsync("list", () => inner.ListAsync(filter, pageSize, afterSequence, maxBytes, cancellationToken));

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) =>
        TimedAsync("delete", () => inner.DeleteAsync(name, cancellationToken));

    public Task<bool> PingAsync(CancellationToken cancellationToken) =>
        TimedAsync("ping", () => inner.PingAsync(cancellationToken));

    private static async Task<T> TimedAsync<T>(string call, Func<Task<T>> run)
    {
        var started = Stopwatch.GetTimestamp();
        var failed = true;
        try
        {
            var result = await run();
            failed = false;
            return result;
        }
        finally
        {
            GatewayTelemetry.StoreCall(call, Stopwatch.GetElapsedTime(started), failed);
        }
    }
}
