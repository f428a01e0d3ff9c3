using CancelGateway.Providers.CodeArts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace CancelGateway.Tests.Providers.CodeArts;

/// <summary>Start-up validation: a misconfiguration names the setting and never shows a secret.</summary>
public sealed class CodeArtsOptionsTests
{
    private const string Secret = "Sup3r-Secret-Value-Never-Shown";

    [Theory]
    [InlineData("AccessKey=AK1", "SecretKey=" + Secret)]
    [InlineData("UserName=bot", "Password=" + Secret, "DomainName=acct")]
    [InlineData("Token=" + Secret)]
    [InlineData("AccessKey=AK1", "SecretKey=" + Secret, "SecurityToken=" + Secret)]
    [InlineData("Auth=AkSk", "AccessKey=AK1", "SecretKey=" + Secret, "Endpoint=http://127.0.0.1:9/", "IamEndpoint=http://127.0.0.1:9", "RequestTimeout=00:00:05", "TokenRefreshMargin=01:00:00")]
    public void Validate_OneKindOfCredentials_Succeeds(params string[] settings) =>
        Assert.True(Validate(settings).Succeeded, string.Join("; ", Validate(settings).Failures ?? []));

    [Theory]
    [InlineData("has no credentials", new string[0])]
    [InlineData("Providers:CodeArts:SecretKey is required", new[] { "AccessKey=AK1" })]
    [InlineData("Providers:CodeArts:Password is required", new[] { "UserName=bot", "DomainName=acct" })]
    [InlineData("Providers:CodeArts:DomainName is required", new[] { "UserName=bot", "Password=" + Secret })]
    [InlineData("Providers:CodeArts:Token, Providers:CodeArts:Password must not be set", new[] { "AccessKey=AK1", "SecretKey=" + Secret, "Token=" + Secret, "Password=" + Secret })]
    [InlineData("Providers:CodeArts:SecretKey must not be set", new[] { "SecretKey=" + Secret, "UserName=bot", "Password=" + Secret, "DomainName=acct" })]
    [InlineData("are alternatives", new[] { "Token=" + Secret, "UserName=bot", "Password=" + Secret, "DomainName=acct" })]
    [InlineData("Providers:CodeArts:AccessKey is required", new[] { "Auth=AkSk", "SecretKey=" + Secret })]
    [InlineData("Providers:CodeArts:Endpoint must be an absolute http(s) URL", new[] { "AccessKey=AK1", "SecretKey=" + Secret, "Endpoint=ftp://example.com/" })]
    [InlineData("Providers:CodeArts:IamEndpoint must not have a query", new[] { "AccessKey=AK1", "SecretKey=" + Secret, "IamEndpoint=https://iam.example.com/?x=1" })]
    [InlineData("Providers:CodeArts:RequestTimeout", new[] { "AccessKey=AK1", "SecretKey=" + Secret, "RequestTimeout=00:00:00" })]
    [InlineData("Providers:CodeArts:TokenRefreshMargin", new[] { "AccessKey=AK1", "SecretKey=" + Secret, "TokenRefreshMargin=13:00:00" })]
    [InlineData("Providers:CodeArts:SecretKey has leading or trailing spaces", new[] { "AccessKey=AK1", "SecretKey= " + Secret })]
    [InlineData("Providers:CodeArts:SecurityToken has leading or trailing spaces", new[] { "AccessKey=AK1", "SecretKey=SK1", "SecurityToken=" + Secret + " " })]
    [InlineData("Providers:CodeArts:SecurityToken must not be set", new[] { "UserName=bot", "Password=pw", "DomainName=acct", "SecurityToken=" + Secret })]
    public void Validate_Misconfigured_FailsNamingTheSettingWithoutTheSecret(string expected, string[] settings)
    {
        var result = Validate(settings);

        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AddCodeArts_Misconfigured_StartUpFailsWithoutTheSecret()
    {
        using var services = new ServiceCollection()
            .AddLogging()
            .AddCodeArts(Configuration("AccessKey=AK1", "Password=" + Secret))
            .BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Providers:CodeArts:SecretKey is required", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EffectiveAuth_AccessKeySet_AkSkOtherwiseToken()
    {
        Assert.Equal(CodeArtsAuthMode.AkSk, new CodeArtsOptions { AccessKey = "AK1" }.EffectiveAuth);
        Assert.Equal(CodeArtsAuthMode.Token, new CodeArtsOptions { UserName = "bot" }.EffectiveAuth);
        Assert.Equal(CodeArtsAuthMode.Token, new CodeArtsOptions { AccessKey = "AK1", Auth = CodeArtsAuthMode.Token }.EffectiveAuth);
    }

    private static ValidateOptionsResult Validate(params string[] settings)
    {
        var options = new CodeArtsOptions();
        Configuration(settings).GetSection(CodeArtsOptions.SectionName).Bind(options);
        return new CodeArtsOptionsValidator().Validate(null, options);
    }

    private static IConfiguration Configuration(params string[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => s.Split('=', 2)).ToDictionary(p => $"{CodeArtsOptions.SectionName}:{p[0]}", p => (string?)p[1]))
            .Build();
}
