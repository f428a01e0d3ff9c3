using CancelGateway.Transport.Tests.Support;
using Xunit;

namespace CancelGateway.Transport.Tests.Functional;

/// <summary>
/// Keeps the repository's protos `buf lint` clean under the root buf.yaml's rules. The imports
/// the repository does not carry itself (google.rpc, once its copies are gone) come from
/// Google.Api.CommonProtos, the package the code is generated against, so the check needs no
/// network (no BSR dependency).
/// </summary>
public sealed class BufLintTests
{
    private static readonly TimeSpan BufTimeout = TimeSpan.FromSeconds(120);

    private static readonly TimeSpan SetupTimeout = TimeSpan.FromMinutes(6);

    /// <summary>
    /// The repository as it is, and without the vendored copies of protos that now come from
    /// packages (google.rpc from Google.Api.CommonProtos; grpc.health and grpc.reflection from
    /// Grpc.HealthCheck and Grpc.Reflection), so the check holds before and after they are deleted.
    /// </summary>
    public static TheoryData<string[]> LeftOut { get; } = new()
    {
        Array.Empty<string>(),
        new[] { Path.Combine("google", "rpc"), "grpc" },
    };

    [Theory]
    [MemberData(nameof(LeftOut))]
    public async Task Lint_RepositoryModules_Pass(string[] leaveOut)
    {
        var buf = await NodeModules.EnsureBufAsync().WaitAsync(SetupTimeout);
        var workspace = TestRunDirectory.GetSubdirectory($"buf-lint-{Guid.NewGuid():N}");
        using var setup = new CancellationTokenSource(SetupTimeout);
        await BufLintWorkspace.CreateAsync(RepoPaths.Root, CommonProtos.Directory, workspace, leaveOut, setup.Token).WaitAsync(SetupTimeout);

        // One module per run, given as buf's input: the dependency module is not ours to lint.
        foreach (var module in BufLintWorkspace.RepositoryModules)
        {
            var result = await ProcessRunner.RunAsync(buf, ["lint", module], BufTimeout, workingDirectory: workspace);
            Assert.True(result.Succeeded, $"buf lint {module} failed.{Environment.NewLine}{result.Describe()}");
        }
    }
}
