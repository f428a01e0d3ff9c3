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
    ];
}
