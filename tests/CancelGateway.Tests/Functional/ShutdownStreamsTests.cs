using System.Diagnostics;
using CancelGateway.Tests.Support;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1;
using Xunit;

namespace CancelGateway.Tests.Functional;

/// <summary>
/// When the host begins to stop, the streams that only a client would close end at once: an
/// open server-reflection stream with UNAVAILABLE (SERVER_SHUTTING_DOWN), a health Watch with
/// NOT_SERVING; so the stop takes far less than the drain time.
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed class ShutdownStreamsTests
{
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Stop_WithReflectionAndHealthWatchStreamsOpen_EndsThemAtOnce()
    {
        await using var fixture = await GatewayFixture.StartAsync(new Dictionary<string, string> { ["Gateway:ShutdownDrainTimeout"] = "00:00:30" });
        var deadline = TimeProvider.System.GetUtcNow().UtcDateTime + Drain + Drain;
        using var reflection = new ServerReflection.ServerReflectionClient(fixture.Client.Channel).ServerReflectionInfo(deadline: deadline);
        await reflection.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty }).Within();
        Assert.True(await reflection.ResponseStream.MoveNext(CancellationToken.None).Within());
        using var health = new Health.HealthClient(fixture.Client.Channel).Watch(new HealthCheckRequest(), deadline: deadline);
        Assert.True(await health.ResponseStream.MoveNext(CancellationToken.None).Within());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.ResponseStream.Current.Status);

        var clock = Stopwatch.StartNew();
        var stopping = fixture.Gateway.App.StopAsync();
        var ended = await Assert.ThrowsAsync<RpcException>(() => reflection.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Prompt));
        var watched = new List<HealthCheckResponse.Types.ServingStatus>();
        while (await health.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Prompt))
        {
            watched.Add(health.ResponseStream.Current.Status);
        }

        await stopping.WaitAsync(Prompt);

        Assert.True(ended.StatusCode == StatusCode.Unavailable, $"The reflection stream ended {ended.StatusCode}: {ended.Status.Detail} {ended.Status.DebugException}");
        Assert.Contains("shutting down", ended.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, watched.LastOrDefault());
        Assert.True(clock.Elapsed < Prompt, $"The stop took {clock.Elapsed}, with a drain time of {Drain}.");
        fixture.AssertNoUnexpectedErrors();
    }

    /// <summary>
    /// The client learns of the stop from the status and from RST_STREAM(NO_ERROR) behind it, and
    /// settles its side of the stream on a thread-pool task; with its pool busy, a connection
    /// closed right after the status made it report INTERNAL (a quarter of the stops with two
    /// pool threads spinning, before <see cref="CancelGateway.PipelineControl.StreamsDrain.Linger"/>).
    /// </summary>
    [Fact]
    public async Task Stop_WithTheClientsThreadPoolBusy_ReflectionStreamsStillEndUnavailable()
    {
        const int Stops = 8;
        using var busy = new CancellationTokenSource();
        var spinners = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!busy.IsCancellationRequested)
            {
                Thread.SpinWait(200_000);
            }
        })).ToArray();
        var endings = new List<string>();
        try
        {
            for (var i = 0; i < Stops; i++)
            {
                await using var fixture = await GatewayFixture.StartAsync(new Dictionary<string, string> { ["Gateway:ShutdownDrainTimeout"] = "00:00:30" });
                var deadline = TimeProvider.System.GetUtcNow().UtcDateTime + Drain + Drain;
                using var reflection = new ServerReflection.ServerReflectionClient(fixture.Client.Channel).ServerReflectionInfo(deadline: deadline);
                await reflection.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty }).Within();
                Assert.True(await reflection.ResponseStream.MoveNext(CancellationToken.None).Within());

                var stopping = fixture.Gateway.App.StopAsync();
                var ended = await Assert.ThrowsAsync<RpcException>(() => reflection.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Prompt));
                await stopping.WaitAsync(Prompt);
                endings.Add(ended.StatusCode == StatusCode.Unavailable ? "Unavailable" : $"{ended.StatusCode}: {ended.Status.Detail}");
            }
        }
        finally
        {
            await busy.CancelAsync();
            await Task.WhenAll(spinners);
        }

        Assert.True(endings.All(e => e == "Unavailable"), "The reflection streams ended: " + string.Join("; ", endings));
    }
}
