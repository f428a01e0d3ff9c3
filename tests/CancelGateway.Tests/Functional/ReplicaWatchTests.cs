using CancelGateway.Storage.Postgres;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Google.LongRunning;
using Npgsql;
using Xunit;

namespace CancelGateway.Tests.Functional;

/// <summary>
/// Two gateway replicas (two real hosts on 127.0.0.1:0) on one PostgreSQL database and one
/// Vertex AI emulator: replica A works a cancellation, replica C is asked about it (WatchRun,
/// WaitOperation, GetOperation) and learns of every change through the database.
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed class ReplicaWatchTests
{
    private const int ListenerEventLost = 4051;
    private const int ListenerEventReconnected = 4052;
    private static readonly TimeSpan ServerStartTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan WatchTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WatchRun_OnReplicaC_ForARunReplicaAWorks_ReceivesEverySnapshotUpToDone_ThroughNotifications()
    {
        // A poll interval far beyond the test: only the notifications can bring C the changes.
        await using var replicas = await Replicas.StartAsync(TimeSpan.FromMinutes(10));
        var run = replicas.A.AddRun(b => b.CancellingFor(TimeSpan.FromSeconds(1.5)));

        var operation = await replicas.A.Client.CancelAsync(run).Within();
        var onA = replicas.A.Client.WatchAsync(operation.Name, WatchTimeout);
        var onC = replicas.C.Client.WatchAsync(run, WatchTimeout);
        var waitOnC = replicas.C.Client.WaitOperationAsync(operation.Name, TimeSpan.FromSeconds(50));
        var seenOnA = await onA.Within(WatchTimeout);
        var seenOnC = await onC.Within(WatchTimeout);
        var waitedOnC = await waitOnC.Within(WatchTimeout);
        var gotOnC = await replicas.C.Client.GetOperationAsync(operation.Name).Within();

        AssertSameSnapshots(seenOnA, seenOnC);
        Assert.True(seenOnC.Count >= 2, $"C saw {seenOnC.Count} snapshot(s): the run's cancellation was never followed in flight.");
        Assert.True(waitedOnC.Done, "WaitOperation on C returned before the operation was done.");
        Assert.Equal(seenOnA[^1], waitedOnC);
        Assert.Equal(seenOnA[^1], gotOnC);
        Assert.Equal(RunState.Cancelled, gotOnC.Response.Unpack<CancelRunResponse>().FinalState);
        Assert.Equal(1, replicas.A.Emulator.AcceptedCancels(run));
        replicas.A.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task WatchRun_OnReplicaC_WithTheNotifyConnectionsCut_StillReceivesEverySnapshot_AndTheListenersReconnect()
    {
        await using var replicas = await Replicas.StartAsync(TimeSpan.FromMilliseconds(300));
        var run = replicas.A.AddRun(b => b.CancellingFor(TimeSpan.FromSeconds(2)));
        var listenersBefore = await replicas.ListenerPidsAsync();
        Assert.Equal(2, listenersBefore.Count);

        var operation = await replicas.A.Client.CancelAsync(run).Within();
        var onA = replicas.A.Client.WatchAsync(operation.Name, WatchTimeout);
        var onC = replicas.C.Client.WatchAsync(run, WatchTimeout);
        var waitOnC = replicas.C.Client.WaitOperationAsync(operation.Name, TimeSpan.FromSeconds(50));

        // Cut every listening connection again and again until C's watch ends: the changes are
        // then mostly made while no listener is connected, and reach C by the poll and by the
        // read-everything-again after each reconnect.
        var cuts = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!onC.IsCompleted && clock.Elapsed < WatchTimeout)
        {
            cuts += await replicas.TerminateListenersAsync();
            await Task.Delay(50);
        }

        var seenOnA = await onA.Within(WatchTimeout);
        var seenOnC = await onC.Within(WatchTimeout);
        var waitedOnC = await waitOnC.Within(WatchTimeout);
        var gotOnC = await replicas.C.Client.GetOperationAsync(operation.Name).Within();
        await TestTimeouts.UntilAsync(() => replicas.A.Logs.Entries.Any(e => e.EventId.Id == ListenerEventReconnected), "a listener's reconnection log");
        var listenersAfter = await UntilListenersAsync(replicas);

        Assert.True(cuts >= 2, $"Only {cuts} listening connection(s) were cut.");
        AssertSameSnapshots(seenOnA, seenOnC);
        Assert.True(waitedOnC.Done, "WaitOperation on C returned before the operation was done.");
        Assert.Equal(seenOnA[^1], gotOnC);
        Assert.True(gotOnC.Done);
        Assert.Empty(listenersAfter.Intersect(listenersBefore));
        Assert.Contains(replicas.A.Logs.Entries, e => e.EventId.Id == ListenerEventLost);
        replicas.A.AssertNoUnexpectedErrors();
    }

    /// <summary>
    /// C's snapshots are A's from the moment C started watching: the same ones, in the same
    /// order, up to the done one (the run's snapshots are far enough apart that neither
    /// watcher can skip one).
    /// </summary>
    private static void AssertSameSnapshots(IReadOnlyList<Operation> seenOnA, IReadOnlyList<Operation> seenOnC)
    {
        Assert.NotEmpty(seenOnC);
        Assert.True(seenOnC[^1].Done, "C's watch ended before the done snapshot.");
        var start = seenOnA.ToList().IndexOf(seenOnC[0]);
        Assert.True(start >= 0, "C's first snapshot is not one A published.");
        Assert.Equal(seenOnA.Skip(start), seenOnC);
    }

    /// <summary>Waits until both replicas listen again, and returns their listeners' backend pids.</summary>
    private static async Task<IReadOnlyList<int>> UntilListenersAsync(Replicas replicas)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var pids = await replicas.ListenerPidsAsync();
            if (pids.Count == 2 || clock.Elapsed > TestTimeouts.Default)
            {
                return pids;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Replica A (with the emulator, as a <see cref="GatewayFixture"/>) and replica C, both on one new database.</summary>
    private sealed class Replicas : IAsyncDisposable
    {
        private readonly string _connectionString;

        private Replicas(string connectionString, GatewayFixture a, GatewayTestHost c)
        {
            _connectionString = connectionString;
            A = a;
            C = c;
        }

        public GatewayFixture A { get; }

        public GatewayTestHost C { get; }

        public static async Task<Replicas> StartAsync(TimeSpan pollInterval)
        {
            var server = await PostgresTestServer.SharedAsync().WaitAsync(ServerStartTimeout);
            var connectionString = await server.CreateDatabaseAsync().Within();
            var settings = new Dictionary<string, string>
            {
                ["Storage:Postgres:ConnectionString"] = connectionString,
                ["Storage:Postgres:WatchPollInterval"] = pollInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            };
            var a = await GatewayFixture.StartAsync(settings);
            try
            {
                var c = await GatewayTestHost.StartAsync(a.Emulator, a.KeyFile, a.Directory.File("replica-c.db"), a.Logs, settings);
                return new Replicas(connectionString, a, c);
            }
            catch
            {
                await a.DisposeAsync();
                throw;
            }
        }

        /// <summary>The backend pids of the replicas' listening connections to this database.</summary>
        public async Task<IReadOnlyList<int>> ListenerPidsAsync()
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync().Within();
            await using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE application_name = @name AND datname = current_database();", connection);
            command.Parameters.AddWithValue("name", PostgresChangeListener.ApplicationName);
            var pids = new List<int>();
            await using var reader = await command.ExecuteReaderAsync().Within();
            while (await reader.ReadAsync())
            {
                pids.Add(reader.GetInt32(0));
            }

            return pids;
        }

        /// <summary>Ends the replicas' listening connections (pg_terminate_backend); returns how many were ended.</summary>
        public async Task<int> TerminateListenersAsync()
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync().Within();
            await using var command = new NpgsqlCommand("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @name AND datname = current_database();", connection);
            command.Parameters.AddWithValue("name", PostgresChangeListener.ApplicationName);
            return Convert.ToInt32(await command.ExecuteScalarAsync().Within(), System.Globalization.CultureInfo.InvariantCulture);
        }

        public async ValueTask DisposeAsync()
        {
            await C.DisposeAsync();
            await A.DisposeAsync();
        }
    }
}
