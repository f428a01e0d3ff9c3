using CancelGateway.Storage;
using Google.LongRunning;

namespace CancelGateway.Tests.Operations;

/// <summary>
/// A replica's store that the test can cut off from the database (<see cref="Cut"/>): every call
/// then fails as an unreachable database does, leases included, so the replica can neither
/// write nor renew, as when it hangs or is partitioned away (a crash, seen from the others).
/// </summary>
internal sealed class PartitionableStore<TStore>(TStore inner) : IOperationStore, IOperationLeases
    where TStore : IOperationStore, IOperationLeases
{
    private volatile bool _cut;

    public bool Cut
    {
        get => _cut;
        set => _cut = value;
    }

    public string? Replica => inner.Replica;

    public Task InitializeAsync(CancellationToken cancellationToken) => Call(() => inner.InitializeAsync(cancellationToken));

    public Task<CreateOutcome> CreateCancelAsync(NewCancel cancel, CancellationToken cancellationToken) => Call(() => inner.CreateCancelAsync(cancel, cancellationToken));

    public Task<BatchCreateOutcome> CreateBatchAsync(IReadOnlyList<NewCancel> children, Func<IReadOnlyList<string>, IReadOnlyList<bool>, Operation> buildBatch, RequestIdClaim? requestId, CancellationToken cancellationToken) =>
        Call(() => inner.CreateBatchAsync(children, buildBatch, requestId, cancellationToken));

    public Task<RequestIdRecord?> FindRequestIdAsync(string requestIdKey, CancellationToken cancellationToken) => Call(() => inner.FindRequestIdAsync(requestIdKey, cancellationToken));

    public Task<Operation?> GetAsync(string name, CancellationToken cancellationToken) => Call(() => inner.GetAsync(name, cancellationToken));

    public Task<string?> FindLatestForRunAsync(string run, CancellationToken cancellationToken) => Call(() => inner.FindLatestForRunAsync(run, cancellationToken));

    public Task<bool> UpdateAsync(Operation operation, CancellationToken cancellationToken) => Call(() => inner.UpdateAsync(operation, cancellationToken));

    public Task<UnfinishedOperations> ListUnfinishedAsync(CancellationToken cancellationToken) => Call(() => inner.ListUnfinishedAsync(cancellationToken));

    public Task<OperationPage> ListAsync(OperationFilter filter, int pageSize, long afterSequence, long maxBytes, CancellationToken cancellationToken) =>
        Call(() => inner.ListAsync(filter, pageSize, afterSequence, maxBytes, cancellationToken));

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) => Call(() => inner.DeleteAsync(name, cancellationToken));

    public Task<bool> PingAsync(CancellationToken cancellationToken) => Call(() => inner.PingAsync(cancellationToken));

    public Task<ReplicaLease> JoinAsync(TimeSpan leaseTime, CancellationToken cancellationToken) => Call(() => inner.JoinAsync(leaseTime, cancellationToken));

    public Task<LeaseRenewal?> RenewAsync(CancellationToken cancellationToken) => Call(() => inner.RenewAsync(cancellationToken));

    public Task<UnfinishedOperations> ClaimAsync(int limit, CancellationToken cancellationToken) => Call(() => inner.ClaimAsync(limit, cancellationToken));

    public Task<bool> RequestForceAsync(string name, CancellationToken cancellationToken) => Call(() => inner.RequestForceAsync(name, cancellationToken));

    public Task LeaveAsync(CancellationToken cancellationToken) => Call(() => inner.LeaveAsync(cancellationToken));

    private Task<T> Call<T>(Func<Task<T>> call) => _cut ? Task.FromException<T>(Unreachable()) : call();

    private Task Call(Func<Task> call) => _cut ? Task.FromException(Unreachable()) : call();

    private static StoreUnavailableException Unreachable() =>
        new("The operation store failed: the test cut this replica off from the database.", new IOException("partitioned"));
}
