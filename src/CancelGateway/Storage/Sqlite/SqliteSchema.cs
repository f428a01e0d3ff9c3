namespace CancelGateway.Storage.Sqlite;

/// <summary>
/// The schema, as numbered migrations applied in order on start. A database written by a
/// newer gateway (a higher version) is refused rather than guessed at.
/// </summary>
internal static class SqliteSchema
{
    public static readonly string[] Migrations =
    [
        // 1: operations with the body as the serialized google.longrunning.Operation; the
        // partial unique index makes "one cancellation in flight per run" a database fact,
        // so two concurrent Cancels of a run cannot both create one.
        """
        CREATE TABLE operations(
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          name TEXT NOT NULL UNIQUE,
          kind INTEGER NOT NULL,
          run TEXT NULL,
          parent TEXT NULL,
          done INTEGER NOT NULL,
          create_time_ms INTEGER NOT NULL,
          update_time_ms INTEGER NOT NULL,
          body BLOB NOT NULL
        );
        CREATE UNIQUE INDEX ux_operations_active_run ON operations(run) WHERE done = 0 AND kind = 1;
        CREATE INDEX ix_operations_run ON operations(run, seq);
        CREATE INDEX ix_operations_undone ON operations(seq) WHERE done = 0;
        CREATE TABLE request_ids(
          request_id TEXT PRIMARY KEY,
          operation TEXT NOT NULL,
          fingerprint TEXT NOT NULL,
          create_time_ms INTEGER NOT NULL
        );
        """,

        // 2: the audit trail. Append-only by the database's own rule: triggers refuse every
        // UPDATE and DELETE, whoever runs them. Runs sit in a table of their own so that
        // "every event about run X" is an index lookup, batches included.
        """
        CREATE TABLE audit_events(
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          time_ms INTEGER NOT NULL,
          principal TEXT NOT NULL,
          body BLOB NOT NULL
        );
        CREATE INDEX ix_audit_events_principal ON audit_events(principal, seq);
        CREATE INDEX ix_audit_events_time ON audit_events(time_ms, seq);
        CREATE TABLE audit_runs(
          event INTEGER NOT NULL REFERENCES audit_events(seq),
          run TEXT NOT NULL
        );
        CREATE INDEX ix_audit_runs_run ON audit_runs(run, event);
        CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit events are never changed'); END;
        CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit events are never deleted'); END;
        CREATE TRIGGER audit_runs_no_update BEFORE UPDATE ON audit_runs BEGIN SELECT RAISE(ABORT, 'audit events are never changed'); END;
        CREATE TRIGGER audit_runs_no_delete BEFORE DELETE ON audit_runs BEGIN SELECT RAISE(ABORT, 'audit events are never deleted'); END;
        """,
    ];
}
