using CancelGateway.Storage;
using CancelGateway.Storage.Sqlite;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;

using static CancelGateway.Tests.Storage.StoreTestOperations;
namespace CancelGateway.Tests.Storage;

/// <summary>The SQLite store against a real database file in a temp directory.</summary>
public sealed class SqliteOperationStoreTests : IDisposable
{
    private const string RunA = "projects/p/locations/us-central1/pipelineJobs/a";
    private const string RunB = "projects/p/locations/us-central1/pipelineJobs/b";

    private readonly TempDirectory _directory = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggerFactory;

    public SqliteOperationStoreTests() => _loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(_logs));

    private string DatabasePath => _directory.File("ops.db");

    [Fact]
    public async Task InitializeAsync_NewFileThenSecondInstance_CreatesSchemaOnceAndKeepsData()
    {
        var first = await OpenAsync();
        var created = await first.CreateCancelAsync(NewCancel(RunA), CancellationToken.None).Within();
        await first.InitializeAsync(CancellationToken.None).Within();

        var second = await OpenAsync();

        Assert.True(File.Exists(DatabasePath));
        var latest = (long)CancelGateway.Storage.Sqlite.SqliteSchema.Migrations.Length;
        Assert.Equal((latest, latest), SchemaVersions());
        Assert.Equal(created.Operation, await second.GetAsync(created.Operation.Name, CancellationToken.None).Within());
        Assert.Equal(created.Operation.Name, await second.FindLatestForRunAsync(RunA, CancellationToken.None).Within());
        Assert.True(await second.PingAsync(CancellationToken.None).Within());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task InitializeAsync_NewFile_DatabaseAndWalReadableByTheOwnerOnly()
    {
        var store = await OpenAsync();
        await store.CreateCancelAsync(NewCancel("projects/p/locations/l/pipelineJobs/perm"), CancellationToken.None).Within();

        foreach (var file in new[] { DatabasePath, DatabasePath + "-wal", DatabasePath + "-shm" }.Where(File.Exists))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        Assert.True(File.Exists(DatabasePath + "-wal"), "WAL mode writes a -wal file; its mode is checked above.");
    }

    [Fact]
    public async Task CreateCancelAsync_SameRunWhileNotDone_JoinsTheFirstOperation()
    {
        var store = await OpenAsync();

        var first = await store.CreateCancelAsync(NewCancel(RunA), CancellationToken.None).Within();
        var second = await store.CreateCancelAsync(NewCancel(RunA), CancellationToken.None).Within();
        var other = await store.CreateCancelAsync(NewCancel(RunB), CancellationToken.None).Within();

        Assert.Equal(CreateKind.Created, first.Kind);
        Assert.Equal(CreateKind.Joined, second.Kind);
        Assert.Equal(first.Operation.Name, second.Operation.Name);
        Assert.Equal(CreateKind.Created, other.Kind);
        Assert.NotEqual(first.Operation.Name, other.Operation.Name);
        Assert.Single((await store.ListUnfinishedAsync(CancellationToken.None).Within()).Readable, o => o.Run == RunA);
    }

    [Fact]
    public async Task CreateCancelAsync_SameRunAfterDone_CreatesANewOperation()
    {
        var store = await OpenAsync();
        var first = await store.CreateCancelAsync(NewCancel(RunA), CancellationToken.None).Within();
        Assert.True(await store.UpdateAsync(Done(first.Operation), CancellationToken.None).Within());

        var second = await store.CreateCancelAsync(NewCancel(RunA), CancellationToken.None).Within();

        Assert.Equal(CreateKind.Created, second.Kind);
        Assert.NotEqual(first.Operation.Name, second.Operation.Name);
        Assert.Equal(second.Operation.Name, await store.FindLatestForRunAsync(RunA, CancellationToken.None).Within());
    }

    [Fact]
    public async Task CreateCancelAsync_RequestIdSeenBefore_ReplaysItsOperation()
    {
        var store = await OpenAsync();
        var claim = new RequestIdClaim("0f8b8c0e-7d1a-4c55-9f3e-5a1d2b3c4d01", $"cancel|{RunA}|1");
        var first = await store.CreateCancelAsync(NewCancel(RunA, claim), CancellationToken.None).Within();
        Assert.True(await store.UpdateAsync(Done(first.Operation), CancellationToken.None).Within());

        var replay = await store.CreateCancelAsync(NewCancel(RunA, claim), CancellationToken.None).Within();

        Assert.Equal(CreateKind.Replayed, replay.Kind);
        Assert.Equal(first.Operation.Name, replay.Operation.Name);
        Assert.True(replay.Operation.Done);
        Assert.Equal(new RequestIdRecord(first.Operation.Name, claim.Fingerprint), await store.FindRequestIdAsync(claim.RequestId, CancellationToken.None).Within());
        Assert.Null(await store.FindRequestIdAsync("never-used", CancellationToken.None).Within());
    }

    [Fact]
    public async Task UpdateAsync_DoneOperation_ReturnsFalseAndKeepsTheStoredOne()
    {
        var store = await OpenAsync();
        var created = await store.CreateCancelAsync(NewCancel(RunA), CancellationToken.None).Within();
        var done = Done(created.Operation, RunState.Cancelled);
        Assert.True(await store.UpdateAsync(done, CancellationToken.None).Within());

        var rewrite = Done(created.Operation, RunState.Succeeded);
        var notDone = created.Operation.Clone();
        var rewritten = await store.UpdateAsync(rewrite, CancellationToken.None).Within();
        var reopened = await store.UpdateAsync(notDone, CancellationToken.None).Within();

        Assert.False(rewritten);
        Assert.False(reopened);
        var stored = await store.GetAsync(created.Operation.Name, CancellationToken.None).Within();
        Assert.Equal(done, stored);
        Assert.Equal(RunState.Cancelled, stored!.Response.Unpack<CancelRunResponse>().FinalState);
        Assert.Empty((await store.ListUnfinishedAsync(CancellationToken.None).Within()).Readable);
    }

    [Fact]
    public async Task ListAsync_FilterAndPageSize_PagesThroughMatchesOldestFirst()
    {
        var store = await OpenAsync();
        var doneNames = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var created = await store.CreateCancelAsync(NewCancel($"{RunA}-{i}"), CancellationToken.None).Within();
            if (i % 2 == 0)
            {
                Assert.True(await store.UpdateAsync(Done(created.Operation), CancellationToken.None).Within());
                doneNames.Add(created.Operation.Name);
            }
        }

        var seen = new List<string>();
        var pages = 0;
        long after = 0;
        while (true)
        {
            var page = await store.ListAsync(new OperationFilter(Done: true), 2, after, long.MaxValue, CancellationToken.None).Within();
            pages++;
            Assert.InRange(page.Operations.Count, 1, 2);
            Assert.All(page.Operations, o => Assert.True(o.Operation.Done));
            seen.AddRange(page.Operations.Select(o => o.Operation.Name));
            if (page.LastSequence is not { } last)
            {
                break;
            }

            after = last;
        }

        Assert.Equal(doneNames, seen);
        Assert.Equal(2, pages);
        var undone = await store.ListAsync(new OperationFilter(Done: false), 10, 0, long.MaxValue, CancellationToken.None).Within();
        Assert.Equal(2, undone.Operations.Count);
        Assert.Null(undone.LastSequence);
        var byRun = await store.ListAsync(new OperationFilter(Run: $"{RunA}-2"), 10, 0, long.MaxValue, CancellationToken.None).Within();
        Assert.Equal([doneNames[1]], byRun.Operations.Select(o => o.Operation.Name));
        Assert.Empty((await store.ListAsync(new OperationFilter(Kind: OperationKind.Batch), 10, 0, long.MaxValue, CancellationToken.None).Within()).Operations);
    }

    [Fact]
    public async Task DeleteAsync_UndoneOperation_ThrowsAndKeepsIt()
    {
        var store = await OpenAsync();
        var claim = new RequestIdClaim("delete-me", "cancel|x|1");
        var created = await store.CreateCancelAsync(NewCancel(RunA, claim), CancellationToken.None).Within();

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.DeleteAsync(created.Operation.Name, CancellationToken.None).Within());

        Assert.NotNull(await store.GetAsync(created.Operation.Name, CancellationToken.None).Within());
        Assert.True(await store.UpdateAsync(Done(created.Operation), CancellationToken.None).Within());
        Assert.True(await store.DeleteAsync(created.Operation.Name, CancellationToken.None).Within());
        Assert.Null(await store.GetAsync(created.Operation.Name, CancellationToken.None).Within());
        // The request id outlives the operation: a late retry must not start a second cancellation.
        Assert.Equal(created.Operation.Name, (await store.FindRequestIdAsync(claim.RequestId, CancellationToken.None).Within())?.OperationName);
        Assert.False(await store.DeleteAsync(created.Operation.Name, CancellationToken.None).Within());
    }

    [Fact]
    public async Task CreateCancelAsync_OneRunFromTwentyTasks_CreatesExactlyOne()
    {
        var store = await OpenAsync();
        using var start = new ManualResetEventSlim();

        var tasks = Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            Assert.True(start.Wait(TestTimeouts.Default));
            return await store.CreateCancelAsync(NewCancel(RunA), CancellationToken.None);
        })).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(tasks).Within();

        Assert.Single(outcomes, o => o.Kind == CreateKind.Created);
        Assert.Equal(19, outcomes.Count(o => o.Kind == CreateKind.Joined));
        Assert.Single(outcomes.Select(o => o.Operation.Name).Distinct());
        Assert.Single((await store.ListUnfinishedAsync(CancellationToken.None).Within()).Readable);
    }

    [Fact]
    public async Task PingAsync_ReadOnlyDatabase_ReturnsFalse()
    {
        var writable = await OpenAsync();
        await writable.CreateCancelAsync(NewCancel(RunA), CancellationToken.None).Within();
        Assert.True(await writable.PingAsync(CancellationToken.None).Within());
        writable.Dispose();
        DatabaseDamage.MakeReadOnly(DatabasePath);

        using var store = await OpenAsync();

        Assert.False(await store.PingAsync(CancellationToken.None).Within());
        Assert.Equal(RunA, Assert.Single((await store.ListUnfinishedAsync(CancellationToken.None).Within()).Readable).Run);
    }

    [Fact]
    public async Task CreateCancelAsync_ReadOnlyDatabase_ThrowsStoreUnavailableAndLogsOnce()
    {
        (await OpenAsync()).Dispose();
        DatabaseDamage.MakeReadOnly(DatabasePath);
        using var store = await OpenAsync();

        var first = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.CreateCancelAsync(NewCancel(RunA), CancellationToken.None).Within());
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.CreateCancelAsync(NewCancel(RunB), CancellationToken.None).Within());

        Assert.Equal(SQLitePCL.raw.SQLITE_READONLY, Assert.IsType<SqliteException>(first.InnerException).SqliteErrorCode);
        Assert.Single(_logs.Errors, e => e.EventId.Id == 4000);
    }

    [Fact]
    public async Task GetAsync_CorruptBody_ThrowsUnreadableNamingTheOperation()
    {
        var store = await OpenAsync();
        var created = await store.CreateCancelAsync(NewCancel(RunA), CancellationToken.None).Within();
        DatabaseDamage.Corrupt(DatabasePath, created.Operation.Name);

        var failure = await Assert.ThrowsAsync<UnreadableOperationException>(() => store.GetAsync(created.Operation.Name, CancellationToken.None).Within());

        Assert.Equal(created.Operation.Name, failure.OperationName);
    }

    [Fact]
    public async Task ListUnfinishedAsync_OneCorruptRow_ReturnsTheOthersAndItsName()
    {
        var store = await OpenAsync();
        var a = await store.CreateCancelAsync(NewCancel(RunA), CancellationToken.None).Within();
        var b = await store.CreateCancelAsync(NewCancel(RunB), CancellationToken.None).Within();
        DatabaseDamage.Corrupt(DatabasePath, a.Operation.Name);

        var unfinished = await store.ListUnfinishedAsync(CancellationToken.None).Within();

        Assert.Equal([b.Operation.Name], unfinished.Readable.Select(o => o.Operation.Name));
        Assert.Equal([a.Operation.Name], unfinished.Unreadable);
    }

    [Fact]
    public async Task ListAsync_OneCorruptDoneRow_SkipsItReturnsTheRestAndLogsItOnce()
    {
        var store = await OpenAsync();
        var names = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var created = await store.CreateCancelAsync(NewCancel($"{RunA}-{i}"), CancellationToken.None).Within();
            Assert.True(await store.UpdateAsync(Done(created.Operation), CancellationToken.None).Within());
            names.Add(created.Operation.Name);
        }

        DatabaseDamage.Corrupt(DatabasePath, names[1]);

        var first = await store.ListAsync(new OperationFilter(), 10, 0, long.MaxValue, CancellationToken.None).Within();
        var again = await store.ListAsync(new OperationFilter(Done: true), 10, 0, long.MaxValue, CancellationToken.None).Within();

        Assert.Equal([names[0], names[2]], first.Operations.Select(o => o.Operation.Name));
        Assert.Equal([names[0], names[2]], again.Operations.Select(o => o.Operation.Name));
        var logged = Assert.Single(_logs.Errors);
        Assert.Equal(4001, logged.EventId.Id);
        Assert.Contains(names[1], logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_MaxBytesReached_EndsThePageAfterTheLastRowRead()
    {
        var store = await OpenAsync();
        var names = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            names.Add((await store.CreateCancelAsync(NewCancel($"{RunA}-{i}"), CancellationToken.None).Within()).Operation.Name);
        }

        var seen = new List<string>();
        long after = 0;
        var pages = 0;
        while (true)
        {
            // One byte: every page reads one row (never none, or paging would not progress).
            var page = await store.ListAsync(new OperationFilter(), 10, after, 1, CancellationToken.None).Within();
            pages++;
            seen.Add(Assert.Single(page.Operations).Operation.Name);
            if (page.LastSequence is not { } last)
            {
                break;
            }

            after = last;
        }

        Assert.Equal(names, seen);
        Assert.Equal(5, pages);
    }

    public void Dispose()
    {
        _loggerFactory.Dispose();
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private async Task<SqliteOperationStore> OpenAsync()
    {
        var store = new SqliteOperationStore(Options.Create(new SqliteStoreOptions { Path = DatabasePath }), TimeProvider.System, _loggerFactory.CreateLogger<SqliteOperationStore>());
        await store.InitializeAsync(CancellationToken.None).Within();
        return store;
    }

    private (long Rows, long Version) SchemaVersions()
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), MAX(version) FROM schema_version;";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
