namespace CancelGateway.Storage.Postgres;

/// <summary>The shared store for several replicas (configuration section "Storage:Postgres"); chosen when a connection string is set.</summary>
internal sealed class PostgresStoreOptions
{
    public const string SectionName = "Storage:Postgres";

    /// <summary>An Npgsql connection string, e.g. <c>Host=db;Database=cancelgateway;Username=gateway</c> (the password from <c>ConnectionStringFile</c> or the environment).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// How often the operations watched on this replica are read again from the database
    /// (default 2 s): the fallback for a change notification that never arrived (the listening
    /// connection was cut, or the writing replica's notification was lost).
    /// </summary>
    public TimeSpan WatchPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new InvalidOperationException("Storage:Postgres:ConnectionString must be set to use PostgreSQL.");
        }

        if (WatchPollInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(WatchPollInterval)} must be positive (was {WatchPollInterval}).");
        }

        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
        }
        catch (ArgumentException bad)
        {
            throw new InvalidOperationException($"Storage:Postgres:ConnectionString is not a valid connection string: {bad.Message}", bad);
        }
    }
}
