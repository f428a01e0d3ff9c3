using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Reflection;
using System.Text.RegularExpressions;
using CancelGateway.Storage.Sqlite;
using CancelGateway.Telemetry;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CancelGateway.Bench.Gateway;

/// <summary>
/// Counts what each store sends to its database while a piece of load runs, for real:
/// <list type="bullet">
/// <item>PostgreSQL: every statement the server executed (<c>pg_stat_statements</c>, reset
/// before the load, read after; BEGIN and COMMIT count as statements), and every command the
/// gateway's Npgsql data sources executed (the <c>Npgsql</c> meter's
/// <c>db.client.operation.duration</c>: one measurement per command or batch, i.e. per round
/// trip). The bench's own queries run on a data source of their own, left out of both.</item>
/// <item>SQLite: every statement the store's writer connection started (<c>sqlite3_trace</c> on
/// that connection, reached by reflection: every write of the SQLite store goes through it,
/// BEGIN and COMMIT included). Reads run on pooled connections beside it and are counted as
/// store calls instead: each read call of the SQLite store is one SELECT.</item>
/// <item>Both: the store calls by kind (the gateway's <c>cancelgateway.store.duration</c>).
/// The two gateways share that meter; only one of them carries load at a time.</item>
/// </list>
/// </summary>
internal sealed partial class StatementCounts : IAsyncDisposable
{
    private const string OwnPool = "bench-statement-counts";
    private readonly NpgsqlDataSource _own;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _npgsqlCommands = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _storeCalls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _sqliteStatements = new(StringComparer.Ordinal);
    private SQLitePCL.strdelegate_trace? _trace;

    private StatementCounts(NpgsqlDataSource own)
    {
        _own = own;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if ((instrument.Meter.Name == "Npgsql" && instrument.Name == "db.client.operation.duration")
                || (instrument.Meter.Name == GatewayTelemetry.Name && instrument.Name == "cancelgateway.store.duration"))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) =>
        {
            if (instrument.Meter.Name == "Npgsql")
            {
                var pool = Tag(tags, "db.client.connection.pool.name") ?? "?";
                if (pool != OwnPool)
                {
                    _npgsqlCommands.AddOrUpdate(Tag(tags, "db.operation.name") ?? "(command)", 1, (_, n) => n + 1);
                }
            }
            else
            {
                _storeCalls.AddOrUpdate(Tag(tags, "call") ?? "?", 1, (_, n) => n + 1);
            }
        });
        _listener.Start();
    }

    /// <summary>Connects to the benchmark's database and makes sure pg_stat_statements is there.</summary>
    public static async Task<StatementCounts> StartAsync(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString) { Name = OwnPool };
        var own = builder.Build();
        await using (var command = own.CreateCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements;"))
        {
            await command.ExecuteNonQueryAsync();
        }

        return new StatementCounts(own);
    }

    /// <summary>Counts every statement the SQLite gateway's writer connection starts from now on.</summary>
    public void TraceSqliteWriter(IServiceProvider services)
    {
        var store = services.GetRequiredService<SqliteOperationStore>();
        var field = typeof(SqliteOperationStore).GetField("_writer", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("SqliteOperationStore has no _writer field any more: update the benchmark.");
        var writer = field.GetValue(store) as SqliteConnection ?? throw new InvalidOperationException("The SQLite store has no writer connection yet.");

        // Kept in a field: the native side holds only a pointer to it.
        _trace = (_, sql) => _sqliteStatements.AddOrUpdate(Shape(sql), 1, (_, n) => n + 1);
        SQLitePCL.raw.sqlite3_trace(writer.Handle, _trace, null);
    }

    /// <summary>Runs <paramref name="load"/> with every counter zeroed first, then prints what the store sent for it.</summary>
    public async Task MeasureAsync(string store, int operations, Func<Task> load)
    {
        await using (var reset = _own.CreateCommand("SELECT pg_stat_statements_reset();"))
        {
            await reset.ExecuteNonQueryAsync();
        }

        _npgsqlCommands.Clear();
        _storeCalls.Clear();
        _sqliteStatements.Clear();
        var started = TimeProvider.System.GetTimestamp();
        await load();

        // Writes the load set going (group commits, the last status updates) settle first.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var elapsed = TimeProvider.System.GetElapsedTime(started);
        var npgsql = _npgsqlCommands.ToArray();
        var calls = _storeCalls.ToArray();
        var sqlite = _sqliteStatements.ToArray();
        var per = operations > 0 ? operations : 1;
        var unit = operations > 0 ? "per Cancel -> done" : "in the window";
        Console.WriteLine($"## {store}: {(operations > 0 ? $"{operations} Cancel -> done" : "no load")}, {elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"store calls {unit}: {Format(calls, per)}");
        if (store == "postgres")
        {
            var statements = await ReadStatementsAsync();
            var background = statements.Where(s => s.Query.Contains("replicas", StringComparison.Ordinal)).ToList();
            var operational = statements.Except(background).ToList();
            Console.WriteLine($"statements executed (pg_stat_statements) {unit}: {operational.Sum(s => s.Calls) / (double)per:F2}; lease renewals and claims (per replica, independent of load): {background.Sum(s => s.Calls)} in {elapsed.TotalSeconds:F1} s");
            foreach (var statement in operational.Concat(background))
            {
                Console.WriteLine($"  {statement.Calls,7} calls {statement.Rows,7} rows  {Shorten(statement.Query)}");
            }

            Console.WriteLine($"Npgsql commands (round trips) {unit}, by operation: {Format(npgsql, per)}; total {npgsql.Sum(c => c.Value) / (double)per:F2}");
        }
        else
        {
            Console.WriteLine($"writer statements (sqlite3_trace) {unit}: {sqlite.Sum(s => s.Value) / (double)per:F2}");
            foreach (var (shape, count) in sqlite.OrderByDescending(s => s.Value))
            {
                Console.WriteLine($"  {count,7} calls  {shape}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _own.DisposeAsync();
    }

    private async Task<List<(long Calls, long Rows, string Query)>> ReadStatementsAsync()
    {
        // Only this database's statements, without the benchmark's own look at them.
        await using var command = _own.CreateCommand("""
            SELECT calls, rows, query FROM pg_stat_statements
            WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT ILIKE '%pg_stat_statements%'
            ORDER BY calls DESC;
            """);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(long, long, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2)));
        }

        return rows;
    }

    private static string Format(KeyValuePair<string, long>[] counts, int per) =>
        counts.Length == 0 ? "none" : string.Join(", ", counts.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value / (double)per:0.##}"));

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == key)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }

    /// <summary>The statement without its values (the legacy trace expands bound parameters into literals).</summary>
    private static string Shape(string sql) => Shorten(ValuesOrWhere().Split(sql, 2)[0]);

    private static string Shorten(string sql)
    {
        var line = WhiteSpace().Replace(sql, " ").Trim();
        return line.Length <= 150 ? line : line[..150] + "…";
    }

    [GeneratedRegex(@"\s(SET|VALUES|WHERE)\s", RegexOptions.IgnoreCase)]
    private static partial Regex ValuesOrWhere();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
