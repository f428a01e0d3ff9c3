using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using CancelGateway.Emulators.Vertex;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CancelGateway.Tests.Support;

/// <summary>
/// The gateway as a secured deployment runs it: TLS with its certificate from a private CA,
/// client certificates from that CA, bearer tokens from a test identity provider (JWKS file),
/// and a policy file; a Vertex AI emulator behind it. Callers are made with any credentials.
/// </summary>
public sealed class SecureGatewayFixture : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>The policy every secured test runs under; principals by what they may touch.</summary>
    public const string Policy = """
        {
          // Comments are allowed: people edit this file.
          "principals": {
            "ci-bot": {"runs": ["projects/ml-prod/locations/*/pipelineJobs/*"], "maxBatch": 5},
            "bob": {"runs": ["projects/ml-prod/locations/*/pipelineJobs/*"]},
            "spiffe://example.org/ns/ml/sa/canceller": {"runs": ["projects/ml-prod/**"], "force": true},
            "alice-service": {"runs": ["projects/ml-dev/locations/*/pipelineJobs/*"]},
            "auditor": {"audit": true},
            "limited": {"runs": ["projects/ml-prod/**"], "requestsPerSecond": 10},
            "*": {"runs": ["projects/shared/locations/*/pipelineJobs/*"]}
          }
        }
        """;

    private TempDirectory? _directory;
    private VertexEmulator? _emulator;
    private GatewayTestHost? _gateway;
    private TestPki? _pki;
    private TestTokens? _tokens;

    internal VertexEmulator Emulator => _emulator ?? throw new InvalidOperationException("Not started.");

    internal GatewayTestHost Gateway => _gateway ?? throw new InvalidOperationException("Not started.");

    internal TestPki Pki => _pki ?? throw new InvalidOperationException("Not started.");

    internal TestTokens Tokens => _tokens ?? throw new InvalidOperationException("Not started.");

    internal TempDirectory Directory => _directory ?? throw new InvalidOperationException("Not started.");

    internal CapturingLoggerProvider Logs { get; } = new();

    internal string PolicyFile => Directory.File("policy.json");

    internal string KeyFile { get; private set; } = string.Empty;

    /// <summary>The gateway's settings for TLS, client certificates, tokens and the policy.</summary>
    internal Dictionary<string, string> Settings => new(Tokens.Settings)
    {
        ["Gateway:TlsCertificateFile"] = Pki.ServerCertificate,
        ["Gateway:TlsKeyFile"] = Pki.ServerKey,
        ["Security:ClientCertificates:TrustedCaFile"] = Pki.CaFile,
        ["Security:PolicyFile"] = PolicyFile,
        ["Security:MaxWatchStreamsPerPrincipal"] = "3",
    };

    /// <summary>A run under <paramref name="project"/>, seeded RUNNING in the emulator.</summary>
    internal string AddRun(string project = "ml-prod", string prefix = "run") =>
        Emulator.AddRun(GatewayFixture.NewRunName(prefix, $"projects/{project}/locations/us-central1")).CancellingFor(TimeSpan.FromMilliseconds(100)).Name;

    /// <summary>A client over TLS (trusting the test CA) with a bearer token and/or a client certificate (a <see cref="TestPki.Client"/> name).</summary>
    internal GatewayClient ClientWith(string? token = null, string? certificate = null)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = TrustsTestCa },
        };
        if (certificate is not null)
        {
            var (certificateFile, keyFile) = Pki.Client(certificate);
            handler.SslOptions.ClientCertificates = [X509Certificate2.CreateFromPemFile(certificateFile, keyFile)];
        }

        var credentials = token is null
            ? ChannelCredentials.SecureSsl
            : ChannelCredentials.Create(ChannelCredentials.SecureSsl, CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("authorization", "Bearer " + token);
                return Task.CompletedTask;
            }));
        return new GatewayClient(GrpcChannel.ForAddress(Gateway.Address, new GrpcChannelOptions { HttpHandler = handler, Credentials = credentials }));
    }

    /// <summary>Rows in the store: operations, request ids, audit events.</summary>
    internal (long Operations, long RequestIds, long AuditEvents) StoreRows()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Gateway.DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        long Count(string table)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM {table};";
            return (long)command.ExecuteScalar()!;
        }

        return (Count("operations"), Count("request_ids"), Count("audit_events"));
    }

    /// <summary>Starts the gateway again on the same store, with <paramref name="configure"/> applied to its builder.</summary>
    internal async Task RestartGatewayAsync(Action<WebApplicationBuilder>? configure = null)
    {
        await Gateway.DisposeAsync();
        _gateway = await GatewayTestHost.StartAsync(Emulator, KeyFile, Gateway.DatabasePath, Logs, Settings, configure);
    }

    /// <summary>Fails when anything was logged as an error that the test did not expect.</summary>
    internal void AssertNoUnexpectedErrors(params int[] expectedEventIds)
    {
        var errors = Logs.Entries.Where(e => e.Level >= LogLevel.Error && !expectedEventIds.Contains(e.EventId.Id)).ToList();
        Assert.True(errors.Count == 0, "Unexpected error logs:\n" + string.Join('\n', errors.Select(e => $"{e.Category}[{e.EventId.Id}] {e.Level}: {e.Message} {e.Exception}")));
    }

    public async Task InitializeAsync()
    {
        _directory = new TempDirectory();
        _pki = await TestPki.CreateAsync(_directory.Path).Within(TimeSpan.FromMinutes(2));
        _tokens = new TestTokens(_directory.File("jwks.json"));
        await File.WriteAllTextAsync(PolicyFile, Policy);
        _emulator = await VertexEmulator.StartAsync(new VertexEmulatorOptions
        {
            ConfigureLogging = logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Warning),
        }).Within();
        KeyFile = _emulator.WriteServiceAccountKeyFile(_directory.Path);
        _gateway = await GatewayTestHost.StartAsync(_emulator, KeyFile, _directory.File("operations.db"), Logs, Settings);
    }

    /// <summary>A fixture of one test's own, started.</summary>
    internal static async Task<SecureGatewayFixture> StartAsync()
    {
        var fixture = new SecureGatewayFixture();
        try
        {
            await fixture.InitializeAsync();
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }

        return fixture;
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        _tokens?.Dispose();
        SqliteConnection.ClearAllPools();
        _directory?.Dispose();
    }

    private bool TrustsTestCa(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;
        }

        using var ca = X509CertificateLoader.LoadCertificateFromFile(Pki.CaFile);
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(ca);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return custom.Build(new X509Certificate2(certificate)) && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
    }
}
