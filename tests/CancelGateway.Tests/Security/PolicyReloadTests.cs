using CancelGateway.Tests.Functional;
using CancelGateway.Tests.Support;
using Grpc.Core;
using Xunit;

namespace CancelGateway.Tests.Security;

/// <summary>The policy file edited while the gateway runs: a good edit takes effect without a restart, a broken one is logged and changes nothing.</summary>
[Collection(FunctionalTests.Name)]
public sealed class PolicyReloadTests
{
    private static readonly TimeSpan ReloadWait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task PolicyFile_EditedWhileRunning_TakesEffect_AndABrokenEditKeepsThePreviousPolicy()
    {
        await using var fixture = await SecureGatewayFixture.StartAsync();
        using var alice = fixture.ClientWith(certificate: "cn");
        Assert.Equal(StatusCode.PermissionDenied, (await GatewayClient.FailureOf(() => alice.CancelAsync(fixture.AddRun("ml-prod")))).StatusCode);

        await File.WriteAllTextAsync(fixture.PolicyFile, SecureGatewayFixture.Policy.Replace("projects/ml-dev/locations/*/pipelineJobs/*", "projects/ml-*/locations/*/pipelineJobs/*", StringComparison.Ordinal));
        var granted = await EventuallyAsync(async () =>
        {
            try
            {
                return (await alice.CancelAsync(fixture.AddRun("ml-prod"))).Name;
            }
            catch (RpcException refused) when (refused.StatusCode == StatusCode.PermissionDenied)
            {
                return null;
            }
        });
        Assert.NotNull(granted);

        // Line 3 of the broken file holds the mistake: the log names it, and the grant stands.
        await File.WriteAllTextAsync(fixture.PolicyFile, "{\n  \"principals\": {\n    \"alice-service\": {\"runs\": [\"projects/**\"], \"forse\": true}\n  }\n}\n");
        var logged = await EventuallyAsync(() => Task.FromResult(fixture.Logs.Entries.FirstOrDefault(e => e.EventId.Id == 5001)?.Message));
        Assert.NotNull(logged);
        Assert.Contains("line 3", logged, StringComparison.Ordinal);
        Assert.Contains("unknown key 'forse'", logged, StringComparison.Ordinal);
        Assert.NotNull((await alice.CancelAsync(fixture.AddRun("ml-prod"))).Name);
        Assert.Equal(StatusCode.PermissionDenied, (await GatewayClient.FailureOf(() => alice.CancelAsync(fixture.AddRun("other-project")))).StatusCode);
        fixture.AssertNoUnexpectedErrors(5001);
    }

    private static async Task<T?> EventuallyAsync<T>(Func<Task<T?>> attempt)
        where T : class
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < ReloadWait)
        {
            if (await attempt() is { } result)
            {
                return result;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        return null;
    }
}
