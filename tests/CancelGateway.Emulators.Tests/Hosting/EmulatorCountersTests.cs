using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CancelGateway.Emulators.Hosting;
using CancelGateway.Emulators.SageMaker;
using CancelGateway.Emulators.Tests.Support;
using CancelGateway.Emulators.Vertex;
using Xunit;

namespace CancelGateway.Emulators.Tests.Hosting;

/// <summary><c>--running-runs</c> seeding and <c>GET /_emulator/counters</c>, as out-of-process tests read them.</summary>
public sealed class EmulatorCountersTests
{
    [Fact]
    public async Task StartAsync_RunningRuns_SeedsPredictableRunningRunsOnEveryProvider()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorHostOptions { SeedDemoRuns = false, RunningRuns = 3 }).WaitAsync(Timeouts.Default);

        Assert.Equal(PipelineState.Running, host.Vertex.GetRun(RunningRuns.VertexName(3))!.State);
        Assert.Null(host.Vertex.GetRun(RunningRuns.VertexName(4)));
        Assert.Equal(SageMakerExecutionStatus.Executing, host.SageMaker.GetExecution(RunningRuns.SageMakerArn(1))!.Status);
        Assert.NotNull(host.CodeArts.GetRun(RunningRuns.CodeArtsRunId(2)));
        Assert.Equal(32, RunningRuns.CodeArtsRunId(2).Length);
        Assert.EndsWith("/runs/" + RunningRuns.CodeArtsRunId(2), RunningRuns.CodeArtsName(2), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Counters_AfterAcceptedCancel_CountsTheRunAndRequestsPerSecond()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorHostOptions { SeedDemoRuns = false, RunningRuns = 2, RunningRunStopTime = TimeSpan.Zero }).WaitAsync(Timeouts.Default);
        using var http = new HttpClient { BaseAddress = host.Vertex.BaseAddress, Timeout = Timeouts.Default };
        using var grant = await http.PostAsync(
            new Uri("token", UriKind.Relative),
            JwtAssertions.Grant(JwtAssertions.Create(host.Vertex.ServiceAccountKeyJson, TimeProvider.System.GetUtcNow()))).WaitAsync(Timeouts.Default);
        var token = (await ApiResponse.ReadAsync(grant)).Json.GetProperty("access_token").GetString();
        using var cancel = new HttpRequestMessage(HttpMethod.Post, new Uri("v1/" + RunningRuns.VertexName(1) + ":cancel", UriKind.Relative)) { Content = new StringContent("{}") };
        cancel.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using (var cancelled = await http.SendAsync(cancel).WaitAsync(Timeouts.Default))
        {
            Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        }

        using var counters = JsonDocument.Parse(await http.GetStringAsync(new Uri("_emulator/counters", UriKind.Relative)).WaitAsync(Timeouts.Default));
        var root = counters.RootElement;

        Assert.Equal(1, root.GetProperty("acceptedStops").GetProperty(RunningRuns.VertexName(1)).GetInt32());
        Assert.False(root.GetProperty("acceptedStops").TryGetProperty(RunningRuns.VertexName(2), out _));

        // The cancel: not the token request (an identity service of its own at Google), nor the counters request itself.
        Assert.Equal(1, root.GetProperty("apiRequests").GetInt32());
        Assert.Equal(1, root.GetProperty("requestsPerSecond").EnumerateObject().Sum(p => p.Value.GetInt32()));
        Assert.All(root.GetProperty("requestsPerSecond").EnumerateObject(), p => Assert.InRange(long.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture), TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() - 60, TimeProvider.System.GetUtcNow().ToUnixTimeSeconds()));
    }

    [Fact]
    public async Task Counters_OnEveryProvidersBaseUrl_AnswerJson()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorHostOptions { SeedDemoRuns = false }).WaitAsync(Timeouts.Default);
        using var http = new HttpClient { Timeout = Timeouts.Default };

        foreach (var baseAddress in new[] { host.CodeArts.BaseAddress, host.SageMaker.BaseAddress })
        {
            using var counters = JsonDocument.Parse(await http.GetStringAsync(new Uri(baseAddress, "_emulator/counters")).WaitAsync(Timeouts.Default));
            Assert.Equal(0, counters.RootElement.GetProperty("apiRequests").GetInt32());
            Assert.Empty(counters.RootElement.GetProperty("acceptedStops").EnumerateObject());
        }

        using var post = await http.PostAsync(new Uri(host.Vertex.BaseAddress, "_emulator/counters"), new StringContent("")).WaitAsync(Timeouts.Default);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }
}
