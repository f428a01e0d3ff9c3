using CancelGateway.Transport.Tests.Support;
using Xunit;

namespace CancelGateway.Transport.Tests.Functional;

/// <summary>
/// Keeps the repository's protos `buf lint` clean under the root buf.yaml's rules. The imports
/// the repository no longer carries itself (google.rpc) come from Google.Api.CommonProtos, the
/// package the code is generated against, so the check needs no network (no BSR dependency).
/// </summary>
public sealed class BufLintTests
{
    private static readonly TimeSpan BufTimeout = TimeSpan.FromSeconds(120);

    private static readonly TimeSpan SetupTimeout = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task Lint_RepositoryProtos_Passes()
    {
        var buf = await NodeModules.EnsureBufAsync().WaitAsync(SetupTimeout);
        var workspace = TestRunDirectory.GetSubdirectory($"buf-lint-{Guid.NewGuid():N}");
        using var setup = new CancellationTokenSource(SetupTimeout);
        await BufLintWorkspace.CreateAsync(RepoPaths.Root, CommonProtos.Directory, workspace, setup.Token).WaitAsync(SetupTimeout);

        // --path: only the repository's modules are linted, the dependency module is not ours.
        var result = await ProcessRunner.RunAsync(
            buf,
            ["lint", .. BufLintWorkspace.RepositoryModules.SelectMany(module => new[] { "--path", module })],
            BufTimeout,
            workingDirectory: workspace);

        Assert.True(result.Succeeded, $"buf lint failed.{Environment.NewLine}{result.Describe()}");
    }
}
