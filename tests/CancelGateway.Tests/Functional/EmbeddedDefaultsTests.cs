using CancelGateway.Demo;
using CancelGateway.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CancelGateway.Tests.Functional;

/// <summary>The demo launcher leaves nothing behind.</summary>
[Collection(FunctionalTests.Name)]
public sealed class EmbeddedDefaultsTests
{
    [Fact]
    public async Task Stop_EmbeddedDefaults_DemoKeyDirectoryRemoved()
    {
        using var directory = new TempDirectory();
        var logs = new CapturingLoggerProvider();
        var (app, emulators) = await DemoGateway.BuildAsync(
            ["--Gateway:Listen=127.0.0.1:0", "--Gateway:HttpListen=", $"--Storage:Sqlite:Path={directory.File("operations.db")}"],
            builder => builder.Logging.ClearProviders().AddProvider(logs)).Within();
        string keyFile;
        await using (app)
        {
            Assert.NotNull(emulators);
            await app.StartAsync().Within();
            keyFile = app.Configuration["Providers:VertexAi:CredentialsFile"]!;
            Assert.True(File.Exists(keyFile), $"the demo key {keyFile} is written at start");

            await app.StopAsync().Within();
        }

        Assert.False(Directory.Exists(Path.GetDirectoryName(keyFile)), $"{Path.GetDirectoryName(keyFile)} is left behind");
        Assert.Empty(logs.Errors);
    }
}
