namespace CancelGateway.Storage.Postgres;

/// <summary>The shared store for several replicas (configuration section "Storage:Postgres"); chosen when a connection string is set.</summary>
internal sealed class PostgresStoreOptions
{
    public const string SectionName = "Storage:Postgres";

    /// <summary>An Npgsql connection string, e.g. <c>Host=db;Database=cancelgateway;Username=gateway</c> (the password from <c>ConnectionStringFile</c> or the environment).</summary>
    public string? ConnectionString { get; set; }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new InvalidOperationException("Storage:Postgres:ConnectionString must be set to use PostgreSQL.");
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
