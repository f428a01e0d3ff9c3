namespace CancelGateway.Storage.Sqlite;

/// <summary>The embedded store (configuration section "Storage:Sqlite").</summary>
internal sealed class SqliteStoreOptions
{
    public const string SectionName = "Storage:Sqlite";

    /// <summary>The database file (default <c>cancelgateway.db</c> in the working directory). WAL mode; created on start.</summary>
    public string Path { get; set; } = "cancelgateway.db";

    /// <summary>How long a statement waits for a lock held by another connection (default 5 s).</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            throw new InvalidOperationException("Storage:Sqlite:Path must name a database file.");
        }

        if (BusyTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Storage:Sqlite:BusyTimeout must be positive.");
        }
    }
}
