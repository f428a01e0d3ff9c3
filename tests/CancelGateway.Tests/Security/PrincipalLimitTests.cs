using CancelGateway.Tests.Functional;
using CancelGateway.Tests.Support;
using Google.Rpc;
using Grpc.Core;
using Xunit;

namespace CancelGateway.Tests.Security;

/// <summary>Per-principal limits through the real host: the policy's requests per second, and open WatchRun streams.</summary>
[Collection(FunctionalTests.Name)]
public sealed class PrincipalLimitTests(SecureGatewayFixture fixture) : IClassFixture<SecureGatewayFixture>
{
    [Fact]
    public async Task PrincipalAtTenPerSecond_SendingFiftyAtOnce_GetsResourceExhaustedForTheExcess_AndOthersAreUnaffected()
    {
        using var ciBot = fixture.ClientWith(token: fixture.Tokens.For("ci-bot"));
        var operation = await ciBot.CancelAsync(fixture.AddRun("ml-prod"));
        using var limited = fixture.ClientWith(token: fixture.Tokens.For("limited"));
        using var bob = fixture.ClientWith(token: fixture.Tokens.For("bob"));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var limitedResults = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => OutcomeAsync(() => limited.GetOperationAsync(operation.Name))));
        var elapsed = clock.Elapsed;
        var bobResults = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => OutcomeAsync(() => bob.GetOperationAsync(operation.Name))));

        var served = limitedResults.Count(r => r is null);
        var refused = limitedResults.Where(r => r is not null).ToList();

        // A bucket of 10 that refills at 10/s: 10 at once, plus what refilled while they were sent.
        Assert.InRange(served, 10, 10 + (int)Math.Ceiling(elapsed.TotalSeconds * 10) + 1);
        Assert.All(refused, r =>
        {
            Assert.Equal(StatusCode.ResourceExhausted, r!.StatusCode);
            Assert.Equal("PRINCIPAL_RATE_LIMITED", r.GetDetail<ErrorInfo>()!.Reason);
            Assert.NotNull(r.GetDetail<RetryInfo>());
        });
        Assert.All(bobResults, Assert.Null);
    }

    [Fact]
    public async Task WatchStreams_AbovePrincipalsCap_AreRefused_AndFreedWhenClosed()
    {
        using var bob = fixture.ClientWith(token: fixture.Tokens.For("bob"));
        var slow = fixture.Emulator.AddRun(GatewayFixture.NewRunName("slow", "projects/ml-prod/locations/us-central1")).CancellingFor(TimeSpan.FromSeconds(60)).Name;
        var operation = await bob.CancelAsync(slow);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var open = new List<AsyncServerStreamingCall<Google.LongRunning.Operation>>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var call = bob.PipelineControl.WatchRun(new V1.WatchRunRequest { Name = operation.Name }, cancellationToken: stop.Token);
                open.Add(call);
                Assert.True(await call.ResponseStream.MoveNext(stop.Token));
            }

            var refused = await GatewayClient.FailureOf(() => bob.WatchAsync(operation.Name, TimeSpan.FromSeconds(10)));
            Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
            Assert.Equal("TOO_MANY_WATCHES", refused.GetDetail<ErrorInfo>()!.Reason);

            open[0].Dispose();
            open.RemoveAt(0);
            var again = await RetryUntilServedAsync(() => bob.PipelineControl.WatchRun(new V1.WatchRunRequest { Name = operation.Name }, cancellationToken: stop.Token), stop.Token);
            open.Add(again);
        }
        finally
        {
            foreach (var call in open)
            {
                call.Dispose();
            }
        }
    }

    private static async Task<AsyncServerStreamingCall<Google.LongRunning.Operation>> RetryUntilServedAsync(Func<AsyncServerStreamingCall<Google.LongRunning.Operation>> open, CancellationToken stop)
    {
        // The server frees the slot when it sees the cancellation: a moment after the client's dispose.
        while (true)
        {
            var call = open();
            try
            {
                if (await call.ResponseStream.MoveNext(stop))
                {
                    return call;
                }
            }
            catch (RpcException refused) when (refused.StatusCode == StatusCode.ResourceExhausted)
            {
                call.Dispose();
                await Task.Delay(TimeSpan.FromMilliseconds(100), stop);
                continue;
            }

            call.Dispose();
            throw new InvalidOperationException("The stream ended without a snapshot.");
        }
    }

    private static async Task<RpcException?> OutcomeAsync(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (RpcException failure)
        {
            return failure;
        }
    }
}
