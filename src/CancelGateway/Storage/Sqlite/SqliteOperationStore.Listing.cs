using Microsoft.Data.Sqlite;

namespace CancelGateway.Storage.Sqlite;

/// <content>Listings: what a restart resumes, and the pages of ListOperations. A corrupt row is left out of both, never fatal.</content>
internal sealed partial class SqliteOperationStore
{
    public Task<UnfinishedOperations> ListUnfinishedAsync(CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, body, kind, run FROM operations WHERE done = 0 ORDER BY seq;";
        using var reader = command.ExecuteReader();
        var readable = new List<StoredOperation>();
        var unreadable = new List<string>();
        while (reader.Read())
        {
            var name = reader.GetString(0);
            if (TryParse((byte[])reader[1], out var operation, out _))
            {
                readable.Add(new StoredOperation(operation, (OperationKind)reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
            }
            else
            {
                unreadable.Add(name);
            }
        }

        return Task.FromResult(new UnfinishedOperations(readable, unreadable));
    }

    public Task<OperationPage> ListAsync(OperationFilter filter, int pageSize, long afterSequence, long maxBytes, CancellationToken cancellationToken) =>
        Task.FromResult(Read(connection => List(connection, filter, pageSize, afterSequence, maxBytes)));

    private OperationPage List(SqliteConnection connection, OperationFilter filter, int pageSize, long afterSequence, long maxBytes)
    {
        using var command = connection.CreateCommand();
        var where = "seq > $after";
        command.Parameters.AddWithValue("$after", afterSequence);
        if (filter.Done is { } done)
        {
            where += " AND done = $done";
            command.Parameters.AddWithValue("$done", done ? 1 : 0);
        }

        if (filter.Run is { } run)
        {
            where += " AND run = $run";
            command.Parameters.AddWithValue("$run", run);
        }

        if (filter.Kind is { } kind)
        {
            where += " AND kind = $kind";
            command.Parameters.AddWithValue("$kind", (int)kind);
        }

        // No LIMIT: SQLite yields rows one by one, so stopping early costs nothing. A row beyond
        // the page tells whether another page exists.
        command.CommandText = $"SELECT seq, name, body FROM operations WHERE {where} ORDER BY seq;";
        using var reader = command.ExecuteReader();
        var page = new OperationPageBuilder(pageSize, maxBytes, ReportUnreadable);
        while (reader.Read() && page.TryAdd(reader.GetInt64(0), reader.GetString(1), (byte[])reader[2]))
        {
        }

        return page.Build();
    }
}
