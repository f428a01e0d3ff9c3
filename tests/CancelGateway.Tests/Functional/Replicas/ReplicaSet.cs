using System.Globalization;
using CancelGateway.Tests.Support;

namespace CancelGateway.Tests.Functional.Replicas;

/// <summary>
/// Several gateway processes (the production host) on one PostgreSQL database, the provider
/// emulators in a process of their own: a deployment as a load balancer sees it. Every process
/// is stopped by its id on dispose.
/// </summary>
internal sealed class ReplicaSet : IAsyncDisposable
{
    /// <summary>Shorter leases than the default 15 s, so a takeover is quick: renewed every 2.5 s, taken over within about 12.5 s.</summary>
    public static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(10);

    private readonly List<GatewayProcess> _replicas;

    private ReplicaSet(EmulatorProcess emulators, List<GatewayProcess> replicas, string connectionString)
    {
        Emulators = emulators;
        _replicas = replicas;
        ConnectionString = connectionString;
        Clients = [.. replicas.Select(r => new GatewayClient(r.Address))];
    }

    public EmulatorProcess Emulators { get; }

    public IReadOnlyList<GatewayProcess> Replicas => _replicas;

    /// <summary>A client per replica, in the same order.</summary>
    public IReadOnlyList<GatewayClient> Clients { get; }

    public string ConnectionString { get; }

    /// <summary>Starts the emulators (with <paramref name="emulatorArguments"/>), a fresh database and <paramref name="count"/> replicas.</summary>
    public static async Task<ReplicaSet> StartAsync(int count, IReadOnlyDictionary<string, string> settings, params string[] emulatorArguments)
    {
        var server = await PostgresTestServer.SharedAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var connectionString = await server.CreateDatabaseAsync().Within();
        var emulators = await EmulatorProcess.StartAsync(emulatorArguments);
        var replicas = new List<GatewayProcess>();
        try
        {
            var all = new Dictionary<string, string>(GatewayTestHost.FastEngine)
            {
                ["Gateway:Listen"] = "127.0.0.1:0",
                ["Gateway:HttpListen"] = "127.0.0.1:0",
                ["Storage:Postgres:ConnectionString"] = connectionString,
                ["Engine:LeaseTime"] = LeaseTime.ToString("c", CultureInfo.InvariantCulture),
                ["Engine:FirstAttemptWait"] = "00:00:00.200",
            };
            foreach (var (key, value) in emulators.ProviderSettings.Concat(settings))
            {
                all[key] = value;
            }

            string[] arguments = [.. all.Select(s => $"--{s.Key}={s.Value}")];

            // One after another: the first applies the migrations (the others would wait on its lock anyway).
            for (var i = 0; i < count; i++)
            {
                replicas.Add(await GatewayProcess.StartAsync(arguments));
            }

            // Every replica has renewed once since the last one joined: each knows how many share the limits.
            await Task.Delay(LeaseTime / 2);
            return new ReplicaSet(emulators, replicas, connectionString);
        }
        catch
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }

            await emulators.DisposeAsync();
            throw;
        }
    }

    /// <summary>The error lines of the replicas still running (a killed one's output is cut anyway).</summary>
    public IReadOnlyList<string> ErrorLines() => [.. _replicas.Where(r => !r.HasExited).SelectMany(r => r.ErrorLines())];

    public async ValueTask DisposeAsync()
    {
        foreach (var client in Clients)
        {
            client.Dispose();
        }

        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }

        await Emulators.DisposeAsync();
    }
}
