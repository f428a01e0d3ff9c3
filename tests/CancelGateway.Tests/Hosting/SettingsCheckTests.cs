using CancelGateway.Hosting;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace CancelGateway.Tests.Hosting;

public sealed class SettingsCheckTests
{
    private const string Provider = "Providers:VertexAi:Endpoint";

    [Theory]
    [InlineData("Security:Jwt:Issuer", "https://idp.example")]       // a nested section of Security
    [InlineData("Logging:LogLevel:Default", "Warning")]              // the framework's
    [InlineData("Providers:CodeArts:SecretKeyFile", "/run/secrets/sk")] // a secret as a file
    [InlineData("Providers:CodeArts:Endpoints:la-south-2", "https://x/")] // a dictionary's entry
    [InlineData("gateway:listen", "127.0.0.1:0")]                     // keys are case-insensitive
    [InlineData("Gateway:HttpListen", "")]                            // empty: the listener is off
    public void Run_KnownSetting_Passes(string key, string value)
    {
        SettingsCheck.Run(Configuration((Provider, "http://127.0.0.1:9/"), (key, value)), []);
    }

    [Theory]
    [InlineData("Providers:Vertex:Endpoint", "Providers:Vertex:Endpoint")]
    [InlineData("Engine:PollIntervall", "Engine:PollIntervall")]
    [InlineData("Storage:Sqlite:File", "Storage:Sqlite:File")]
    [InlineData("Security:Jwt:Isuer", "Security:Jwt:Isuer")]
    [InlineData("Security:PolicyFiles", "Security:PolicyFiles")]
    public void Run_UnknownKeyUnderAKnownRoot_ThrowsNamingIt(string key, string named)
    {
        var e = Assert.Throws<GatewayConfigurationException>(() => SettingsCheck.Run(Configuration((Provider, "http://127.0.0.1:9/"), (key, "x")), []));
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Engine:ProviderConcurrency", "many")]
    [InlineData("Gateway:IdleConnectionTimeout", "2 minutes")]
    [InlineData("Telemetry:Enabled", "yes please")]
    public void Run_BadValue_ThrowsNamingTheSetting(string key, string value)
    {
        var e = Assert.Throws<GatewayConfigurationException>(() => SettingsCheck.Run(Configuration((Provider, "http://127.0.0.1:9/"), (key, value)), []));
        Assert.Contains(key, e.Message, StringComparison.Ordinal);
        Assert.Contains(value, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownSectionOnTheCommandLine_Throws()
    {
        var e = Assert.Throws<GatewayConfigurationException>(() => SettingsCheck.Run(Configuration((Provider, "http://127.0.0.1:9/")), ["--Gatway:Listen=127.0.0.1:0"]));
        Assert.Contains("--Gatway:Listen", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownVariableOutsideTheKnownSections_IgnoredBecauseTheEnvironmentHoldsOthers()
    {
        SettingsCheck.Run(Configuration((Provider, "http://127.0.0.1:9/"), ("PATH", "/usr/bin"), ("Gatway:Listen", "x")), []);
    }

    [Fact]
    public void Run_NoProvider_ThrowsNamingTheProviderSections()
    {
        var e = Assert.Throws<GatewayConfigurationException>(() => SettingsCheck.Run(Configuration(("Gateway:Listen", "127.0.0.1:0")), []));
        Assert.Contains("Providers:VertexAi", e.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
