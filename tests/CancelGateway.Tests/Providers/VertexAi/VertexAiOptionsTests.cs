using CancelGateway.Providers;
using CancelGateway.Providers.VertexAi;
using CancelGateway.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace CancelGateway.Tests.Providers.VertexAi;

/// <summary>Binding and start-up validation of Providers:VertexAi, and the registration.</summary>
public sealed class VertexAiOptionsTests
{
    [Fact]
    public void AddVertexAi_NoSettings_UsesDefaults()
    {
        using var services = Build(new Dictionary<string, string?>());

        services.GetRequiredService<IStartupValidator>().Validate();
        var options = services.GetRequiredService<IOptions<VertexAiOptions>>().Value;

        Assert.Null(options.Endpoint);
        Assert.Null(options.CredentialsFile);
        Assert.Equal(["https://www.googleapis.com/auth/cloud-platform"], options.EffectiveScopes);
        Assert.Equal(TimeSpan.FromSeconds(30), options.RequestTimeout);
    }

    [Fact]
    public void AddVertexAi_ScopesConfigured_ReplaceTheDefault()
    {
        using var services = Build(new Dictionary<string, string?>
        {
            ["Providers:VertexAi:Scopes:0"] = "https://www.googleapis.com/auth/aiplatform",
        });

        var options = services.GetRequiredService<IOptions<VertexAiOptions>>().Value;

        Assert.Equal(["https://www.googleapis.com/auth/aiplatform"], options.EffectiveScopes);
    }

    [Fact]
    public void AddVertexAi_CalledTwice_RegistersOneProvider()
    {
        var configuration = new ConfigurationBuilder().Build();
        using var services = new ServiceCollection().AddLogging().AddVertexAi(configuration).AddVertexAi(configuration).BuildServiceProvider();

        var provider = Assert.Single(services.GetServices<IPipelineProvider>());

        Assert.IsType<VertexAiProvider>(provider);
    }

    [Theory]
    [InlineData("Endpoint", "not-a-url", "Providers:VertexAi:Endpoint")]
    [InlineData("Endpoint", "ftp://example.com/", "Providers:VertexAi:Endpoint")]
    [InlineData("Endpoint", "https://example.com/?key=1", "Providers:VertexAi:Endpoint")]
    [InlineData("CredentialsFile", "/nonexistent/key.json", "Providers:VertexAi:CredentialsFile")]
    [InlineData("RequestTimeout", "00:00:00", "Providers:VertexAi:RequestTimeout")]
    [InlineData("RequestTimeout", "01:00:00", "Providers:VertexAi:RequestTimeout")]
    [InlineData("Scopes:0", " ", "Providers:VertexAi:Scopes:0")]
    public void Validate_BadSetting_FailsNamingTheSetting(string key, string value, string named)
    {
        using var services = Build(new Dictionary<string, string?> { [$"Providers:VertexAi:{key}"] = value });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"authorized_user","client_id":"x","client_secret":"y","refresh_token":"z"}""", "not 'service_account'")]
    [InlineData("""{"type":"service_account","client_email":"a@b.iam.gserviceaccount.com"}""", "lacks client_email or private_key")]
    [InlineData("""{"type":"service_account","client_email":"a@b.iam.gserviceaccount.com","private_key":"-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----\n"}""", "not a PEM-encoded RSA private key")]
    [InlineData("""{"type":"service_account", "private_key": "c2VjcmV0LWtleS1tYXRlcmlhbA==" """, "not valid JSON")]
    public void Validate_UnusableKeyFile_FailsWithoutQuotingTheKey(string json, string expected)
    {
        using var dir = new TempDirectory();
        var path = dir.File("key.json");
        File.WriteAllText(path, json);
        using var services = Build(new Dictionary<string, string?> { ["Providers:VertexAi:CredentialsFile"] = path });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Providers:VertexAi:CredentialsFile", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0LWtleS1tYXRlcmlhbA", ex.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddLogging()
            .AddVertexAi(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
}
