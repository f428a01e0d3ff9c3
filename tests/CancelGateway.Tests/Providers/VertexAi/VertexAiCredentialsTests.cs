using System.Net;
using System.Net.Sockets;
using CancelGateway.Emulators.Vertex;
using Grpc.Core;
using CancelGateway.Providers;
using CancelGateway.Tests.Support;
using Xunit;

namespace CancelGateway.Tests.Providers.VertexAi;

/// <summary>The service-account JWT-bearer flow against the emulator's token endpoint, and its failures.</summary>
public sealed class VertexAiCredentialsTests
{
    [Fact]
    public async Task Calls_ManyInARow_ObtainOneTokenAndReuseIt()
    {
        await using var h = await VertexAiHarness.StartAsync();
        var runs = Enumerable.Range(0, 5).Select(i => h.AddRun($"reuse-{i}")).ToList();

        foreach (var run in runs)
        {
            await h.Provider.RequestCancelAsync(run, VertexAiHarness.Graceful, CancellationToken.None).Within();
            await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();
        }

        await Task.WhenAll(runs.Select(run => h.Provider.GetStatusAsync(run, CancellationToken.None))).Within();
        Assert.Equal(1, h.Emulator.TokenRequests);
        Assert.Contains(h.Logs.Entries, e => e.EventId.Id == 2007 && e.Message.Contains(h.Emulator.ClientEmail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Calls_ConcurrentFirstCalls_ObtainOneToken()
    {
        await using var h = await VertexAiHarness.StartAsync();
        var runs = Enumerable.Range(0, 8).Select(i => h.AddRun($"concurrent-{i}")).ToList();

        await Task.WhenAll(runs.Select(run => h.Provider.GetStatusAsync(run, CancellationToken.None))).Within();

        Assert.Equal(1, h.Emulator.TokenRequests);
    }

    [Fact]
    public async Task Calls_AfterTokenExpiresOnTheClock_ObtainANewToken()
    {
        await using var h = await VertexAiHarness.StartAsync();
        var run = h.AddRun("refresh");
        await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();

        h.Clock.Advance(TimeSpan.FromMinutes(61));
        var status = await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();

        Assert.Equal(CancelGateway.V1.RunState.Running, status.State);
        Assert.Equal(2, h.Emulator.TokenRequests);
    }

    [Fact]
    public async Task RequestCancelAsync_KeyNotTheEmulators_ThrowsAuthenticationFailedWithoutSecrets()
    {
        string? privateKey = null;
        await using var h = await VertexAiHarness.StartAsync((emulator, dir) =>
        {
            var (path, pem) = ServiceAccountKeyFiles.Write(dir, emulator.ClientEmail, new Uri(emulator.BaseAddress, "token"));
            privateKey = pem;
            return path;
        });
        var run = h.AddRun("bad-key");

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.RequestCancelAsync(run, VertexAiHarness.Graceful, CancellationToken.None)).Within();

        Assert.Equal(StatusCode.Internal, ex.Code);
        Assert.Equal("PROVIDER_AUTHENTICATION_FAILED", ex.Reason);
        Assert.False(ex.IsTransient);
        Assert.Equal("invalid_grant", ex.ProviderCode);
        Assert.Contains("credentials were refused", ex.Message, StringComparison.Ordinal);
        Assert.Contains(run.Text, ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, h.Emulator.TokenRequests);
        Assert.Equal(0, h.Emulator.CancelCalls(run.Text));
        AssertNoSecrets(privateKey!, ex.ToString(), ProviderErrors.ToStatus(ex, run.Text).ToString(), h.Logs.AllText());
        Assert.Contains(h.Logs.Entries, e => e.EventId.Id == 2006);
        Assert.Empty(h.UnexpectedErrors(2006));
    }

    [Fact]
    public async Task GetStatusAsync_RevokedToken_ThrowsAuthenticationFailedThenNextCallGetsANewToken()
    {
        await using var h = await VertexAiHarness.StartAsync();
        var run = h.AddRun("revoked");
        await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();
        h.Emulator.RevokeTokens();

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.GetStatusAsync(run, CancellationToken.None)).Within();
        var status = await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();

        Assert.Equal(StatusCode.Internal, ex.Code);
        Assert.Equal("PROVIDER_AUTHENTICATION_FAILED", ex.Reason);
        Assert.False(ex.IsTransient);
        Assert.Equal(401, ex.HttpStatus);
        Assert.Equal("UNAUTHENTICATED", ex.ProviderCode);
        Assert.Equal(CancelGateway.V1.RunState.Running, status.State);
        Assert.Equal(2, h.Emulator.TokenRequests);
        AssertNoSecrets(h.Emulator.ServiceAccountKeyJson, ex.ToString(), h.Logs.AllText());
    }

    [Fact]
    public async Task RequestCancelAsync_TokenEndpointUnreachable_ThrowsTransientUnavailable()
    {
        var port = ClosedPort();
        await using var h = await VertexAiHarness.StartAsync((emulator, dir) =>
            ServiceAccountKeyFiles.Write(dir, emulator.ClientEmail, new Uri($"http://127.0.0.1:{port}/token")).Path);
        var run = h.AddRun("no-token-endpoint");

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.RequestCancelAsync(run, VertexAiHarness.Graceful, CancellationToken.None)).Within();

        Assert.Equal(StatusCode.Unavailable, ex.Code);
        Assert.Equal("PROVIDER_UNREACHABLE", ex.Reason);
        Assert.True(ex.IsTransient);
        Assert.Contains("token endpoint", ex.Message, StringComparison.Ordinal);
        Assert.Equal(PipelineState.Running, h.StateOf(run));
    }

    [Fact]
    public async Task RequestCancelAsync_TokenEndpoint503_ThrowsTransientUnavailableThenRecovers()
    {
        await using var h = await VertexAiHarness.StartAsync();
        var run = h.AddRun("token-503");
        h.Emulator.Faults.ApplyToTokenEndpoint = true;
        h.Emulator.Faults.FailureRate = 1;
        h.Emulator.Faults.ThrottleShare = 0;

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.RequestCancelAsync(run, VertexAiHarness.Graceful, CancellationToken.None)).Within();
        h.Emulator.Faults.Reset();
        var submission = await h.Provider.RequestCancelAsync(run, VertexAiHarness.Graceful, CancellationToken.None).Within();

        Assert.Equal(StatusCode.Unavailable, ex.Code);
        Assert.Equal("PROVIDER_UNAVAILABLE", ex.Reason);
        Assert.True(ex.IsTransient);
        Assert.Equal(503, ex.HttpStatus);
        Assert.Equal(CancelSubmission.Accepted, submission);
        Assert.Equal(2, h.Emulator.TokenRequests);
    }

    internal static int ClosedPort()
    {
        // Bind then release: nothing listens there for the test's short life.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void AssertNoSecrets(string keyMaterial, params string[] texts)
    {
        // The PEM's base64 lines (any of them is enough to leak the key), JWTs and access tokens.
        var keyLines = keyMaterial.Split(["\n", "\\n"], StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.Length >= 40 && !line.Contains("-----", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(keyLines);
        foreach (var text in texts)
        {
            Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
            Assert.DoesNotContain("eyJ", text, StringComparison.Ordinal);
            Assert.DoesNotContain("ya29.", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Bearer ", text, StringComparison.Ordinal);
            foreach (var line in keyLines)
            {
                Assert.DoesNotContain(line, text, StringComparison.Ordinal);
            }
        }
    }
}
