using CancelGateway.Transport.Tests.Support;
using Xunit;

namespace CancelGateway.Transport.Tests.Functional;

/// <summary>
/// Keeps the repository's protos `buf lint` clean under the root buf.yaml's rules. The imports
/// the repository does not carry itself (google.rpc) come from
/// Google.Api.CommonProtos, the package the code is generated against, so the check needs no
/// network (no BSR dependency).
/// </summary>
public sealed class BufLintTests
{
    private static readonly TimeSpan BufTimeout = TimeSpan.FromSeconds(120);

    private static readonly TimeSpan SetupTimeout = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task Lint_RepositoryModules_Pass()
    {
        var buf = await NodeModules.EnsureBufAsync().WaitAsync(SetupTimeout);
        var workspace = TestRunDirectory.GetSubdirectory($"buf-lint-{Guid.NewGuid():N}");
        using var setup = new CancellationTokenSource(SetupTimeout);
        await BufLintWorkspace.CreateAsync(RepoPaths.Root, RepoPaths.CommonProtos, workspace, setup.Token).WaitAsync(SetupTimeout);

        // One module per run, given as buf's input: the dependency module is not ours to lint.
        foreach (var module in BufLintWorkspace.RepositoryModules)
        {
            var result = await ProcessRunner.RunAsync(buf, ["lint", module], BufTimeout, workingDirectory: workspace);
            Assert.True(result.Succeeded, $"buf lint {module} failed.{Environment.NewLine}{result.Describe()}");
        }
    }
}
