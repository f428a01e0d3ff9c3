namespace CancelGateway.Storage.Postgres;

/// <content>Listings: what a restart resumes, and the pages of ListOperations. A corrupt row is left out of both, never fatal.</content>
internal sealed partial class PostgresOperationStore
{
    public Task<UnfinishedOperations> ListUnfinishedAsync(CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            await using var command = Command(connection, null, "SELECT name, body, kind, run FROM operations WHERE NOT done ORDER BY seq;");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var readable = new List<StoredOperation>();
            var unreadable = new List<string>();
            while (await reader.ReadAsync(cancellationToken))
            {
                var name = reader.GetString(0);
                if (StoredBodies.TryParse((byte[])reader[1], out var operation, out _))
                {
                    readable.Add(new StoredOperation(operation, (OperationKind)reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
                }
                else
                {
                    unreadable.Add(name);
                }
            }

            return new UnfinishedOperations(readable, unreadable);
        });

    public Task<OperationPage> ListAsync(OperationFilter filter, int pageSize, long afterSequence, long maxBytes, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            var where = "seq > @after";
            var parameters = new List<(string, object)> { ("after", afterSequence) };
            if (filter.Done is { } done)
            {
                where += " AND done = @done";
                parameters.Add(("done", done));
            }

            if (filter.Run is { } run)
            {
                where += " AND run = @run";
                parameters.Add(("run", run));
            }

            if (filter.Kind is { } kind)
            {
                where += " AND kind = @kind";
                parameters.Add(("kind", (int)kind));
            }

            // One row beyond the page says whether another exists; the byte bound can end the
            // page earlier (one row is always read, so paging progresses).
            parameters.Add(("limit", pageSize + 1));
            await using var command = Command(connection, null, $"SELECT seq, name, body FROM operations WHERE {where} ORDER BY seq LIMIT @limit;", [.. parameters]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var page = new OperationPageBuilder(pageSize, maxBytes, ReportUnreadable);
            while (await reader.ReadAsync(cancellationToken) && page.TryAdd(reader.GetInt64(0), reader.GetString(1), (byte[])reader[2]))
            {
            }

            return page.Build();
        });
}
