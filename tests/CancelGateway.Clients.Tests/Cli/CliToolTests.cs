using Xunit;

namespace CancelGateway.Clients.Tests.Cli;

/// <summary>The command line installs as a .NET tool named cancelgateway.</summary>
[Collection(Support.ClientProcesses.Name)]
public sealed class CliToolTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Pack_InstallAsTool_CommandIsCancelgateway()
    {
        var directory = TestRunDirectory.GetSubdirectory($"tool-{Guid.NewGuid():N}");
        var project = Path.Combine(RepoPaths.Root, "src", "CancelGateway.Cli", "CancelGateway.Cli.csproj");

        var pack = await ProcessRunner.RunAsync("dotnet", ["pack", project, "--no-build", "-c", RepoPaths.Configuration, "-o", Path.Combine(directory, "packages"), "--nologo"], Timeout);
        Assert.True(pack.Succeeded, pack.Describe());
        var install = await ProcessRunner.RunAsync("dotnet", ["tool", "install", "--tool-path", Path.Combine(directory, "tools"), "--add-source", Path.Combine(directory, "packages"), "CancelGateway.Cli"], Timeout);
        Assert.True(install.Succeeded, install.Describe());
        var help = await ProcessRunner.RunAsync(Path.Combine(directory, "tools", "cancelgateway"), ["--help"], Timeout);

        Assert.True(help.Succeeded, help.Describe());
        Assert.Contains("cancelgateway [command] [options]", help.StandardOutput, StringComparison.Ordinal);
    }
}
