namespace CancelGateway.Storage.Postgres;

/// <summary>
/// The PostgreSQL schema as numbered migrations, applied at start by whichever replica takes
/// the migration lock first (an advisory lock held for the migrating transaction). The rules
/// the gateway relies on are the database's own: one cancellation in flight per run (a partial
/// unique index), a done operation never changes, the audit trail is append-only (triggers).
/// </summary>
internal static class PostgresSchema
{
    /// <summary>The advisory lock key of migrations (any constant the database's other users do not take).</summary>
    public const long MigrationLock = 0x43616e63656c4777; // "CancelGw"

    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE operations(
          seq BIGSERIAL PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          kind INTEGER NOT NULL,
          run TEXT NULL,
          parent TEXT NULL,
          done BOOLEAN NOT NULL,
          create_time_ms BIGINT NOT NULL,
          update_time_ms BIGINT NOT NULL,
          body BYTEA NOT NULL
        );
        CREATE UNIQUE INDEX ux_operations_active_run ON operations(run) WHERE NOT done AND kind = 1;
        CREATE INDEX ix_operations_run ON operations(run, seq);
        CREATE INDEX ix_operations_undone ON operations(seq) WHERE NOT done;
        CREATE FUNCTION operations_done_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF OLD.done THEN
            RAISE EXCEPTION 'operation % is done and never changes', OLD.name;
          END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER operations_done_is_final BEFORE UPDATE ON operations FOR EACH ROW EXECUTE FUNCTION operations_done_is_final();
        CREATE TABLE request_ids(
          request_id TEXT PRIMARY KEY,
          operation TEXT NOT NULL,
          fingerprint TEXT NOT NULL,
          create_time_ms BIGINT NOT NULL
        );
        CREATE TABLE audit_events(
          seq BIGSERIAL PRIMARY KEY,
          time_ms BIGINT NOT NULL,
          principal TEXT NOT NULL,
          body BYTEA NOT NULL
        );
        CREATE INDEX ix_audit_events_principal ON audit_events(principal, seq);
        CREATE INDEX ix_audit_events_time ON audit_events(time_ms, seq);
        CREATE TABLE audit_runs(
          event BIGINT NOT NULL REFERENCES audit_events(seq),
          run TEXT NOT NULL
        );
        CREATE INDEX ix_audit_runs_run ON audit_runs(run, event);
        CREATE FUNCTION audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'audit events are never changed or deleted';
        END $$;
        CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_is_append_only();
        CREATE TRIGGER audit_runs_append_only BEFORE UPDATE OR DELETE ON audit_runs FOR EACH ROW EXECUTE FUNCTION audit_is_append_only();
        """,

        // 2: leases. Each replica has a row with its lease's expiry, by the database's clock
        // (replicas on different hosts compare one clock); each unfinished operation names its
        // owner. A FORCE request that joins an operation another replica holds is recorded on
        // the row for the owner to pick up.
        """
        CREATE FUNCTION gateway_now_ms() RETURNS BIGINT LANGUAGE sql VOLATILE AS $$ SELECT (extract(epoch FROM clock_timestamp()) * 1000)::BIGINT $$;
        CREATE TABLE replicas(
          id TEXT PRIMARY KEY,
          joined_ms BIGINT NOT NULL,
          expires_ms BIGINT NOT NULL
        );
        ALTER TABLE operations ADD COLUMN owner TEXT NULL;
        ALTER TABLE operations ADD COLUMN force_requested BOOLEAN NOT NULL DEFAULT false;
        CREATE INDEX ix_operations_owner ON operations(owner) WHERE NOT done;
        """,
    ];
}
