using System.Threading.Channels;
using CancelGateway.Operations;
using CancelGateway.Storage;
using CancelGateway.Storage.InMemory;
using CancelGateway.Tests.Storage;
using CancelGateway.Tests.Support;
using Google.LongRunning;
using Microsoft.Extensions.Options;
using Xunit;

namespace CancelGateway.Tests.Operations;

/// <summary>
/// How a replica follows the changes other replicas make: the follower over a feed the test
/// writes, the book and hub of this replica, and a store the "other replica" writes directly.
/// </summary>
public sealed class OperationChangeFollowerTests : IAsyncLifetime
{
    private const string Run = "projects/p/locations/l/pipelineJobs/followed";
    private readonly Channel<OperationChange> _feed = Channel.CreateUnbounded<OperationChange>();
    private readonly CountingStore _store = new(new InMemoryOperationStore());
    private readonly OperationWatchHub _hub = new();
    private readonly OperationBook _book;
    private readonly OperationChangeFollower _follower;

    public OperationChangeFollowerTests()
    {
        _book = new OperationBook(_store, _hub, Options.Create(new EngineOptions()));
        _follower = new OperationChangeFollower(new Feed(_feed.Reader), _book);
    }

    public Task InitializeAsync() => _follower.StartAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _follower.StopAsync(CancellationToken.None);
        _follower.Dispose();
    }

    [Fact]
    public async Task Written_ForAWatchedOperation_ReachesItsWatcher_AndForAnUnfollowedOne_ReadsNothing()
    {
        var watched = (await _store.CreateCancelAsync(StoreTestOperations.NewCancel(Run), CancellationToken.None)).Operation;
        var unfollowed = (await _store.CreateCancelAsync(StoreTestOperations.NewCancel(Run + "-other"), CancellationToken.None)).Operation;
        using var subscription = _hub.Subscribe(watched.Name);

        await _store.UpdateAsync(StoreTestOperations.Done(unfollowed), CancellationToken.None);
        _feed.Writer.TryWrite(OperationChange.Written(unfollowed.Name));
        await _store.UpdateAsync(StoreTestOperations.Done(watched), CancellationToken.None);
        _feed.Writer.TryWrite(OperationChange.Written(watched.Name));
        var seen = await subscription.Reader.ReadAsync().AsTask().Within();

        Assert.Equal(StoreTestOperations.Done(watched), seen);
        Assert.Equal(0, _store.Reads(unfollowed.Name));
        Assert.Equal(1, _store.Reads(watched.Name));
    }

    [Fact]
    public async Task PollDue_WithoutAnyNotification_RereadsEveryWatchedOperation()
    {
        var watched = (await _store.CreateCancelAsync(StoreTestOperations.NewCancel(Run), CancellationToken.None)).Operation;
        using var subscription = _hub.Subscribe(watched.Name);

        await _store.UpdateAsync(StoreTestOperations.Done(watched), CancellationToken.None);
        _feed.Writer.TryWrite(new OperationChange(OperationChangeKind.PollDue));
        var seen = await subscription.Reader.ReadAsync().AsTask().Within();

        Assert.True(seen.Done);
    }

    [Fact]
    public async Task Written_ForADoneOperationCachedHere_ThatAnotherReplicaDeleted_ForgetsIt()
    {
        var operation = (await _store.CreateCancelAsync(StoreTestOperations.NewCancel(Run), CancellationToken.None)).Operation;
        await _store.UpdateAsync(StoreTestOperations.Done(operation), CancellationToken.None);
        Assert.NotNull(await _book.GetAsync(operation.Name, CancellationToken.None));

        await _store.DeleteAsync(operation.Name, CancellationToken.None);
        _feed.Writer.TryWrite(OperationChange.Written(operation.Name));
        await TestTimeouts.UntilAsync(() => !_book.Follows(operation.Name), "the deleted operation to be forgotten");

        Assert.Null(await _book.GetAsync(operation.Name, CancellationToken.None));
    }

    [Fact]
    public async Task Track_AnOlderSnapshotAfterTheDoneOne_KeepsTheDoneOne()
    {
        var operation = (await _store.CreateCancelAsync(StoreTestOperations.NewCancel(Run), CancellationToken.None)).Operation;
        var done = StoreTestOperations.Done(operation);

        _book.Track(done);
        _book.Track(operation);

        Assert.Equal(done, await _book.GetAsync(operation.Name, CancellationToken.None));
    }

    private sealed class Feed(ChannelReader<OperationChange> changes) : IOperationChanges
    {
        public ChannelReader<OperationChange> Changes => changes;
    }

    /// <summary>A store that counts the reads of each operation.</summary>
    private sealed class CountingStore(IOperationStore inner) : IOperationStore
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _reads = new(StringComparer.Ordinal);

        public int Reads(string name) => _reads.GetValueOrDefault(name);

        public Task<Operation?> GetAsync(string name, CancellationToken cancellationToken)
        {
            _reads.AddOrUpdate(name, 1, (_, n) => n + 1);
            return inner.GetAsync(name, cancellationToken);
        }

        public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

        public Task<CreateOutcome> CreateCancelAsync(NewCancel cancel, CancellationToken cancellationToken) => inner.CreateCancelAsync(cancel, cancellationToken);

        public Task<BatchCreateOutcome> CreateBatchAsync(IReadOnlyList<NewCancel> children, Func<IReadOnlyList<string>, IReadOnlyList<bool>, Operation> buildBatch, RequestIdClaim? requestId, CancellationToken cancellationToken) =>
            inner.CreateBatchAsync(children, buildBatch, requestId, cancellationToken);

        public Task<RequestIdRecord?> FindRequestIdAsync(string requestIdKey, CancellationToken cancellationToken) => inner.FindRequestIdAsync(requestIdKey, cancellationToken);

        public Task<string?> FindLatestForRunAsync(string run, CancellationToken cancellationToken) => inner.FindLatestForRunAsync(run, cancellationToken);

        public Task<bool> UpdateAsync(Operation operation, CancellationToken cancellationToken) => inner.UpdateAsync(operation, cancellationToken);

        public Task<UnfinishedOperations> ListUnfinishedAsync(CancellationToken cancellationToken) => inner.ListUnfinishedAsync(cancellationToken);

        public Task<OperationPage> ListAsync(OperationFilter filter, int pageSize, long afterSequence, long maxBytes, CancellationToken cancellationToken) =>
            inner.ListAsync(filter, pageSize, afterSequence, maxBytes, cancellationToken);

        public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) => inner.DeleteAsync(name, cancellationToken);

        public Task<bool> PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);
    }
}
