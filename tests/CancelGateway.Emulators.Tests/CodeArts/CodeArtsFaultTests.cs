using System.Net;
using Xunit;

namespace CancelGateway.Emulators.Tests.CodeArts;

/// <summary>The shared fault injection, worded as Huawei Cloud words its 429 and 503.</summary>
public sealed class CodeArtsFaultTests : CodeArtsTestBase
{
    [Fact]
    public async Task Throttled_429Apig0308WithRetryAfterAndRequestId()
    {
        var run = AddRun();
        var token = await GetTokenAsync();
        Emulator.Faults.FailureRate = 1;
        Emulator.Faults.ThrottleShare = 1;
        Emulator.Faults.RetryAfter = TimeSpan.FromSeconds(2);

        var stop = await SendWithTokenAsync(HttpMethod.Post, StopPath(run.RunId), token);

        Assert.Equal((HttpStatusCode.TooManyRequests, "APIG.0308"), (stop.Status, ErrorCode(stop)));
        Assert.Equal(TimeSpan.FromSeconds(2), stop.Headers.RetryAfter?.Delta);
        Assert.Equal(RequestIdHeader(stop), stop.Json.GetProperty("request_id").GetString());
        Assert.Null(Emulator.GetRun(run.RunId)!.StopRequestedAt);
        Assert.Equal(1, Emulator.StopCalls(run.RunId));
        Assert.Equal(0, Emulator.AcceptedStops(run.RunId));
    }

    [Fact]
    public async Task Unavailable_503ServiceErrorWithRequestIdHeader()
    {
        var run = AddRun();
        var token = await GetTokenAsync();
        Emulator.Faults.FailureRate = 1;
        Emulator.Faults.ThrottleShare = 0;

        var detail = await SendWithTokenAsync(HttpMethod.Get, DetailPath(run.RunId), token);

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "DEVPIPE.00010503"), (detail.Status, ErrorCode(detail)));
        Assert.Matches("^[0-9a-f]{32}$", RequestIdHeader(detail));
    }

    [Fact]
    public async Task FailAfterEffect_StopTakesEffectAnd503()
    {
        var run = AddRun();
        var token = await GetTokenAsync();
        Emulator.Faults.FailAfterEffectRate = 1;

        var stop = await SendWithTokenAsync(HttpMethod.Post, StopPath(run.RunId), token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, stop.Status);
        Assert.Matches("^[0-9a-f]{32}$", RequestIdHeader(stop));
        Assert.NotNull(Emulator.GetRun(run.RunId)!.StopRequestedAt);
        Assert.Equal(1, Emulator.AcceptedStops(run.RunId));
    }

    [Fact]
    public async Task TokenEndpoint_SparedByDefault()
    {
        Emulator.Faults.FailureRate = 1;

        using var response = await RequestTokenAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
