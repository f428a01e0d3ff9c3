using System.Globalization;

namespace CancelGateway.Storage.Postgres;

/// <content>
/// Leases: a row per replica with its expiry (the database's clock), an owner per unfinished
/// operation. Renewing is one statement per replica, whatever it holds; claiming takes only
/// rows whose owner is gone, skipping rows another replica is claiming at that moment.
/// </content>
internal sealed partial class PostgresOperationStore
{
    private volatile string? _replica;
    private long _leaseMs;

    public string? Replica => _replica;

    public Task<ReplicaLease> JoinAsync(TimeSpan leaseTime, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            var replica = $"{Environment.MachineName}-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..8]}";
            var leaseMs = (long)leaseTime.TotalMilliseconds;

            // Rows of replicas whose lease ran out are gone for good (a replica that lost its
            // lease joins under a new id); their operations stay claimable without them.
            await using var command = Command(
                connection,
                null,
                """
                DELETE FROM replicas WHERE expires_ms <= gateway_now_ms();
                INSERT INTO replicas(id, joined_ms, expires_ms) VALUES (@replica, gateway_now_ms(), gateway_now_ms() + @lease);
                SELECT count(*)::INTEGER FROM replicas WHERE expires_ms > gateway_now_ms();
                """,
                ("replica", replica),
                ("lease", leaseMs));
            var live = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            Interlocked.Exchange(ref _leaseMs, leaseMs);
            _replica = replica;
            return new ReplicaLease(replica, live);
        });

    public Task<LeaseRenewal?> RenewAsync(CancellationToken cancellationToken) =>
        RunAsync(_leaseData, async connection =>
        {
            var replica = _replica ?? throw new InvalidOperationException("The replica has not joined: call JoinAsync first.");

            // One round trip: the renewal (only while still live), the live replicas, and the
            // FORCE requests waiting on this replica's operations.
            await using var command = Command(
                connection,
                null,
                """
                WITH renewed AS (
                  UPDATE replicas SET expires_ms = gateway_now_ms() + @lease WHERE id = @replica AND expires_ms > gateway_now_ms() RETURNING id)
                SELECT (SELECT count(*) FROM renewed)::INTEGER,
                       (SELECT count(*) FROM replicas WHERE id <> @replica AND expires_ms > gateway_now_ms())::INTEGER,
                       ARRAY(SELECT name FROM operations WHERE owner = @replica AND NOT done AND force_requested ORDER BY seq);
                """,
                ("replica", replica),
                ("lease", Interlocked.Read(ref _leaseMs)));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return reader.GetInt32(0) == 0 ? null : new LeaseRenewal(reader.GetInt32(1) + 1, (string[])reader[2]);
        });

    public Task<UnfinishedOperations> ClaimAsync(int limit, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            var replica = _replica ?? throw new InvalidOperationException("The replica has not joined: call JoinAsync first.");

            // Only while this replica's own lease is live: a claim must never outlast its claimer.
            await using var command = Command(
                connection,
                null,
                """
                WITH claimable AS (
                  SELECT o.seq FROM operations o
                  WHERE NOT o.done
                    AND (o.owner IS NULL OR NOT EXISTS (SELECT 1 FROM replicas r WHERE r.id = o.owner AND r.expires_ms > gateway_now_ms()))
                    AND EXISTS (SELECT 1 FROM replicas me WHERE me.id = @replica AND me.expires_ms > gateway_now_ms())
                  ORDER BY o.seq
                  LIMIT @limit
                  FOR UPDATE OF o SKIP LOCKED)
                UPDATE operations o SET owner = @replica FROM claimable c WHERE o.seq = c.seq
                RETURNING o.seq, o.name, o.body, o.kind, o.run;
                """,
                ("replica", replica),
                ("limit", limit));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<(long Seq, string Name, byte[] Body, OperationKind Kind, string? Run)>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), (byte[])reader[2], (OperationKind)reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
            }

            var readable = new List<StoredOperation>();
            var unreadable = new List<string>();
            foreach (var row in rows.OrderBy(r => r.Seq))
            {
                if (StoredBodies.TryParse(row.Body, out var operation, out _))
                {
                    readable.Add(new StoredOperation(operation, row.Kind, row.Run));
                }
                else
                {
                    unreadable.Add(row.Name);
                }
            }

            return new UnfinishedOperations(readable, unreadable);
        });

    public Task<bool> RequestForceAsync(string name, CancellationToken cancellationToken) =>
        RunAsync(async connection => await ExecuteAsync(
            connection,
            null,
            "UPDATE operations SET force_requested = true WHERE name = @name AND NOT done;",
            cancellationToken,
            ("name", name)) == 1);

    public Task LeaveAsync(CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            if (_replica is not { } replica)
            {
                return false;
            }

            await ExecuteAsync(
                connection,
                null,
                "UPDATE operations SET owner = NULL WHERE owner = @replica AND NOT done; DELETE FROM replicas WHERE id = @replica;",
                cancellationToken,
                ("replica", replica));
            return true;
        });
}
