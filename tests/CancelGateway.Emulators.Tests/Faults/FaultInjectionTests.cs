using System.Diagnostics;
using System.Net;
using CancelGateway.Emulators.Tests.Support;
using CancelGateway.Emulators.Vertex;
using Xunit;

namespace CancelGateway.Emulators.Tests.Faults;

public sealed class FaultInjectionTests : VertexTestBase
{
    [Fact]
    public async Task FailureRate1_EveryRequest503Or429_AndCancelHadNoEffect()
    {
        Emulator.AddRun(Job1);
        await GetTokenAsync();
        Emulator.Faults.FailureRate = 1;
        Emulator.Faults.RetryAfter = TimeSpan.FromSeconds(2);

        var responses = new List<ApiResponse>();
        for (var i = 0; i < 20; i++)
        {
            responses.Add(await CancelAsync(Job1));
        }

        Assert.All(responses, r => Assert.Contains(r.Status, new[] { HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests }));
        Assert.Contains(responses, r => r.Status == HttpStatusCode.ServiceUnavailable);
        Assert.Contains(responses, r => r.Status == HttpStatusCode.TooManyRequests);
        foreach (var response in responses)
        {
            if (response.Status == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("RESOURCE_EXHAUSTED", response.ErrorStatus);
                Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
            }
            else
            {
                Assert.Equal("UNAVAILABLE", response.ErrorStatus);
            }
        }

        Assert.Equal(PipelineState.Running, Emulator.GetRun(Job1)!.State);
        Assert.Equal(20, Emulator.CancelCalls(Job1));
    }

    [Fact]
    public async Task ThrottleShare0_Only503()
    {
        Emulator.AddRun(Job1);
        await GetTokenAsync();
        Emulator.Faults.FailureRate = 1;
        Emulator.Faults.ThrottleShare = 0;

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GetJobAsync(Job1)).Status);
        }
    }

    [Fact]
    public async Task FailureRate1_TokenEndpointSparedUnlessConfigured()
    {
        Emulator.AddRun(Job1);
        Emulator.Faults.FailureRate = 1;
        Emulator.Faults.ThrottleShare = 0;

        await GetTokenAsync();
        Emulator.Faults.ApplyToTokenEndpoint = true;
        var assertion = JwtAssertions.Create(Emulator.ServiceAccountKeyJson, Clock.GetUtcNow());
        using var token = await Http.PostAsync(new Uri("token", UriKind.Relative), JwtAssertions.Grant(assertion)).WaitAsync(Timeouts.Default);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, token.StatusCode);
        Assert.Equal(2, Emulator.TokenRequests);
    }

    [Fact]
    public async Task DropConnectionRate1_HttpRequestExceptionAndNoEffect()
    {
        Emulator.AddRun(Job1);
        await GetTokenAsync();
        Emulator.Faults.DropConnectionRate = 1;

        await Assert.ThrowsAsync<HttpRequestException>(() => CancelAsync(Job1));

        Assert.Equal(PipelineState.Running, Emulator.GetRun(Job1)!.State);
    }

    [Fact]
    public async Task FailAfterEffectRate1_503ButCancelTookEffect()
    {
        Emulator.AddRun(Job1);
        await GetTokenAsync();
        Emulator.Faults.FailAfterEffectRate = 1;

        var response = await CancelAsync(Job1);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.Status);
        Assert.Equal("UNAVAILABLE", response.ErrorStatus);
        Assert.Equal(PipelineState.Cancelling, Emulator.GetRun(Job1)!.State);

        // The retry a client makes is harmless: cancelling an already-CANCELLING run is a no-op.
        Emulator.Faults.Reset();
        Assert.Equal(HttpStatusCode.OK, (await CancelAsync(Job1)).Status);
    }

    [Fact]
    public async Task Latency_EveryRequestDelayedByAtLeastMinLatency()
    {
        Emulator.AddRun(Job1);
        await GetTokenAsync();
        Emulator.Faults.MinLatency = TimeSpan.FromMilliseconds(150);
        Emulator.Faults.MaxLatency = TimeSpan.FromMilliseconds(200);

        var watch = Stopwatch.StartNew();
        var response = await GetJobAsync(Job1);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(140), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task SameSeed_SameSequenceOfFaults()
    {
        Emulator.AddRun(Job1);
        await GetTokenAsync();

        async Task<List<HttpStatusCode>> RunAsync()
        {
            Emulator.Faults.Seed = 42;
            Emulator.Faults.FailureRate = 0.5;
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 30; i++)
            {
                statuses.Add((await GetJobAsync(Job1)).Status);
            }

            return statuses;
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(first, second);
        Assert.Contains(HttpStatusCode.OK, first);
        Assert.Contains(first, s => s != HttpStatusCode.OK);
    }
}
