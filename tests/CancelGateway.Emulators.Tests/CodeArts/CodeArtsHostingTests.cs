using CancelGateway.Emulators.CodeArts;
using CancelGateway.Emulators.Hosting;
using CancelGateway.Emulators.Tests.Support;
using Xunit;

namespace CancelGateway.Emulators.Tests.CodeArts;

/// <summary>The CodeArts emulator inside <see cref="EmulatorHost"/>: its own port and the demo runs.</summary>
public sealed class CodeArtsHostingTests
{
    [Fact]
    public async Task StartAsync_Default_CodeArtsDemoRunsSeeded()
    {
        await using var host = await EmulatorHost.StartAsync().WaitAsync(Timeouts.Default);

        var statuses = DemoRuns.CodeArtsRunNames.ToDictionary(n => n.Split('/')[^1], n => host.CodeArts.GetRun(n.Split('/')[^1])!.Status);

        Assert.NotEqual(host.Vertex.BaseAddress, host.CodeArts.BaseAddress);
        Assert.Equal(7, statuses.Count);
        Assert.All(statuses.Keys, id => Assert.Matches("^[a-z0-9]{32}$", id));
        Assert.All(DemoRuns.CodeArtsRunNames, n => Assert.StartsWith($"codearts/regions/cn-north-4/projects/{DemoRuns.CodeArtsProjectId}/pipelines/{DemoRuns.CodeArtsPipelineId}/runs/", n, StringComparison.Ordinal));
        Assert.Equal(CodeArtsRunStatus.Running, statuses["demorunning100000000000000000000"]);
        Assert.Equal(CodeArtsRunStatus.Running, statuses["demolosesrace0000000000000000000"]);
        Assert.Equal(CodeArtsRunStatus.Completed, statuses["democompleted0000000000000000000"]);
        Assert.Equal(CodeArtsRunStatus.Failed, statuses["demofailed0000000000000000000000"]);
    }

    [Fact]
    public async Task StartAsync_BadPort_FailsNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => CodeArtsEmulator.StartAsync(new CodeArtsEmulatorOptions { Port = -1 }).WaitAsync(Timeouts.Default));

        Assert.Contains("CodeArtsEmulatorOptions.Port", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_TwoEmulators_DifferentPorts()
    {
        await using var first = await CodeArtsEmulator.StartAsync().WaitAsync(Timeouts.Default);
        await using var second = await CodeArtsEmulator.StartAsync().WaitAsync(Timeouts.Default);

        Assert.NotEqual(first.BaseAddress, second.BaseAddress);
        Assert.Equal("127.0.0.1", first.BaseAddress.Host);
        Assert.Equal(first.BaseAddress, first.IamEndpoint);
    }
}
