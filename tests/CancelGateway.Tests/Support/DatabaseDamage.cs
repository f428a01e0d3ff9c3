using Microsoft.Data.Sqlite;
using Xunit;

namespace CancelGateway.Tests.Support;

/// <summary>Puts a closed SQLite database into the bad states the gateway must survive.</summary>
internal static class DatabaseDamage
{
    /// <summary>The bytes written as a corrupt body: not a valid google.longrunning.Operation (wire type 7 does not exist).</summary>
    public static readonly byte[] CorruptBody = [0xFF, 0xFF, 0xFF, 0xFF, 0x0F];

    /// <summary>Replaces an operation's stored body with bytes that are not an Operation.</summary>
    public static void Corrupt(string databasePath, string operationName)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE operations SET body = $body WHERE name = $name;";
        command.Parameters.AddWithValue("$body", CorruptBody);
        command.Parameters.AddWithValue("$name", operationName);
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    /// <summary>
    /// Makes the database read-only for SQLite: every write fails SQLITE_READONLY while reads
    /// still work, as with a 0444 file or a read-only directory. File modes cannot do it here:
    /// the tests run as root, which ignores them. SQLite treats a file whose header "write
    /// version" (byte 18) is above 2 as read-only (sqlite.org/fileformat2.html, 1.3.3), for
    /// every user. The WAL is checkpointed into the file first, so the header read is this one.
    /// </summary>
    public static void MakeReadOnly(string databasePath)
    {
        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False"))
        {
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.ExecuteNonQuery();
        }

        using var file = new FileStream(databasePath, FileMode.Open, FileAccess.ReadWrite);
        file.Position = 18;
        file.WriteByte(3);
    }
}
