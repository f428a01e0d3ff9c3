using CancelGateway.Hosting;
using CancelGateway.Tests.Support;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace CancelGateway.Tests.Hosting;

public sealed class SecretFilesTests : IDisposable
{
    private const string Secret = "s3cr3t-from-a-file";
    private readonly TempDirectory _directory = new();

    [Fact]
    public void Apply_SecretKeyFile_SecretKeyReadWithoutTheTrailingNewline()
    {
        var file = _directory.File("sk");
        File.WriteAllText(file, Secret + "\n");
        var configuration = Configuration(("Providers:CodeArts:SecretKeyFile", file));

        SecretFiles.Apply(configuration);

        Assert.Equal(Secret, configuration["Providers:CodeArts:SecretKey"]);
    }

    [Fact]
    public void Apply_SecretAndItsFileBothSet_FailsNamingBoth()
    {
        var file = _directory.File("sk");
        File.WriteAllText(file, Secret);
        var configuration = Configuration(("Providers:SageMaker:SecretAccessKey", "inline"), ("Providers:SageMaker:SecretAccessKeyFile", file));

        var failure = Assert.Throws<InvalidOperationException>(() => SecretFiles.Apply(configuration));

        Assert.Contains("Providers:SageMaker:SecretAccessKey and Providers:SageMaker:SecretAccessKeyFile", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("empty")]
    public void Apply_UnreadableOrEmptyFile_FailsNamingTheSetting(string kind)
    {
        var file = _directory.File(kind);
        if (kind == "empty")
        {
            File.WriteAllText(file, "\n");
        }

        var configuration = Configuration(("Providers:CodeArts:PasswordFile", file));

        var failure = Assert.Throws<InvalidOperationException>(() => SecretFiles.Apply(configuration));

        Assert.StartsWith("Providers:CodeArts:PasswordFile:", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_SecretKeyFileOnTheCommandLine_TheGatewaySeesTheSecret()
    {
        var file = _directory.File("sk");
        File.WriteAllText(file, Secret);

        var app = GatewayApp.Build(
            ["--Gateway:Listen=127.0.0.1:0", "--Gateway:HttpListen=", $"--Storage:Sqlite:Path={_directory.File("operations.db")}", $"--Providers:CodeArts:SecretKeyFile={file}"]);
        await using (app)
        {
            Assert.Equal(Secret, app.Configuration["Providers:CodeArts:SecretKey"]);
        }
    }

    public void Dispose() => _directory.Dispose();

    private static ConfigurationManager Configuration(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        return configuration;
    }
}
