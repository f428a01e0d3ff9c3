using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace CancelGateway.Testing;

/// <summary>
/// A throwaway PostgreSQL server for the test run (Debian's postgresql): a new cluster under a
/// temp directory, on 127.0.0.1 and a free port, trust authentication (loopback only), fsync
/// off. Run as the postgres user when the tests run as root (initdb refuses root). Stopped, and
/// its directory removed, when the test process exits. Each test asks for a database of its own.
/// </summary>
public sealed class PostgresTestServer
{
    private const string InstallHint = "apt-get install -y postgresql";
    private const string Prefix = "cancelgateway-postgres-";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);
    private static readonly Lazy<Task<PostgresTestServer>> LazyShared = new(StartAsync);
    private readonly string _bin;
    private readonly string _data;

    private PostgresTestServer(string bin, string directory, int port)
    {
        _bin = bin;
        _data = Path.Combine(directory, "data");
        Directory = directory;
        Port = port;
    }

    public string Directory { get; }

    public int Port { get; }

    /// <summary>The server of this test run, started on first use.</summary>
    public static Task<PostgresTestServer> SharedAsync() => LazyShared.Value;

    /// <summary>A connection string to <paramref name="database"/>.</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database={database};Pooling=true;Timeout=15;Command Timeout=30";

    /// <summary>Creates an empty database of the caller's own and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        await RunAsync(Path.Combine(_bin, "createdb"), ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", name]);
        return ConnectionString(name);
    }

    private static async Task<PostgresTestServer> StartAsync()
    {
        var bin = System.IO.Directory.Exists("/usr/lib/postgresql")
            ? System.IO.Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException($"PostgreSQL's initdb was not found under /usr/lib/postgresql; install it: {InstallHint}");
        }

        SweepAbandoned();
        var directory = System.IO.Directory.CreateTempSubdirectory(Prefix).FullName;
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", ["-R", "postgres:postgres", directory]);
        }

        var server = new PostgresTestServer(bin, directory, FreePort());
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", server._data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", server._data, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60", "-o", $"-p {server.Port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300", "start"]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }

    private void Stop()
    {
        try
        {
            RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", _data, "-m", "immediate", "stop"]).Wait(TimeSpan.FromSeconds(30));
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (Exception failure) when (failure is AggregateException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // Best effort at exit; the directory is under the temp directory.
        }
    }

    /// <summary>Removes the clusters of earlier runs that are no longer running (a killed test host cannot clean up).</summary>
    private static void SweepAbandoned()
    {
        foreach (var directory in System.IO.Directory.GetDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            if (!File.Exists(Path.Combine(directory, "data", "postmaster.pid")))
            {
                try
                {
                    System.IO.Directory.Delete(directory, recursive: true);
                }
                catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
                {
                    // Another run's, in use or half-removed: left for a later sweep.
                }
            }
        }
    }

    /// <summary>Runs a PostgreSQL command, as the postgres user when this process is root.</summary>
    private static async Task RunAsync(string program, IReadOnlyList<string> arguments)
    {
        var (file, argv) = Environment.UserName == "root" && program.StartsWith("/usr/lib/postgresql", StringComparison.Ordinal)
            ? ("runuser", (IReadOnlyList<string>)["-u", "postgres", "--", program, .. arguments])
            : (program, arguments);
        var result = await ProcessRunner.RunAsync(file, argv, CommandTimeout, workingDirectory: "/tmp");
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed ({InstallHint}).{Environment.NewLine}{result.Describe()}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
