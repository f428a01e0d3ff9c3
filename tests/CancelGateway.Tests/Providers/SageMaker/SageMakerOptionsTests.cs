using Amazon.Runtime;
using CancelGateway.Providers.SageMaker;
using CancelGateway.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace CancelGateway.Tests.Providers.SageMaker;

/// <summary>Start-up validation of Providers:SageMaker, and where credentials come from.</summary>
public sealed class SageMakerOptionsTests
{
    private const string Secret = "options/test/secret/options/test/secret/0";

    [Fact]
    public void Validate_Defaults_Valid() =>
        Assert.True(new SageMakerOptionsValidator().Validate(null, new SageMakerOptions()).Succeeded);

    [Fact]
    public void Validate_EmulatorSettings_Valid() =>
        Assert.True(new SageMakerOptionsValidator().Validate(null, new SageMakerOptions { Endpoint = new Uri("http://127.0.0.1:4566/"), AccessKeyId = "AKIACANCELGATEWAYEMU", SecretAccessKey = Secret }).Succeeded);

    [Theory]
    [InlineData("ftp://example.com/", "Providers:SageMaker:Endpoint")]
    [InlineData("https://example.com/?x=1", "Providers:SageMaker:Endpoint")]
    public void Validate_BadEndpoint_FailsNamingIt(string endpoint, string setting)
    {
        var result = new SageMakerOptionsValidator().Validate(null, new SageMakerOptions { Endpoint = new Uri(endpoint) });

        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_KeyWithoutSecret_FailsWithoutQuotingSecrets()
    {
        var result = new SageMakerOptionsValidator().Validate(null, new SageMakerOptions { AccessKeyId = "AKIACANCELGATEWAYEMU" });

        Assert.True(result.Failed);
        Assert.Contains("Providers:SageMaker:SecretAccessKey", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SecretWithMalformedKey_FailsNamingTheKeyNotTheSecret()
    {
        var result = new SageMakerOptionsValidator().Validate(null, new SageMakerOptions { AccessKeyId = "not a key", SecretAccessKey = Secret });

        Assert.True(result.Failed);
        Assert.Contains("Providers:SageMaker:AccessKeyId", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SessionTokenWithoutKeys_Fails()
    {
        var result = new SageMakerOptionsValidator().Validate(null, new SageMakerOptions { SessionToken = "FwoGZXIvYXdz" });

        Assert.True(result.Failed);
        Assert.Contains("Providers:SageMaker:SessionToken", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("FwoGZXIvYXdz", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ProfileAndKeys_FailsAsAlternatives()
    {
        var result = new SageMakerOptionsValidator().Validate(null, new SageMakerOptions { Profile = "ops", AccessKeyId = "AKIACANCELGATEWAYEMU", SecretAccessKey = Secret });

        Assert.True(result.Failed);
        Assert.Contains("alternatives", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownProfile_FailsNamingIt()
    {
        var result = new SageMakerOptionsValidator().Validate(null, new SageMakerOptions { Profile = "no-such-profile-" + Guid.NewGuid().ToString("N") });

        Assert.True(result.Failed);
        Assert.Contains("Providers:SageMaker:Profile", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:11:00")]
    public void Validate_BadRequestTimeout_Fails(string timeout)
    {
        var result = new SageMakerOptionsValidator().Validate(null, new SageMakerOptions { RequestTimeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.True(result.Failed);
        Assert.Contains("Providers:SageMaker:RequestTimeout", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSageMaker_InvalidSettings_StartUpValidationFails()
    {
        using var services = new ServiceCollection()
            .AddLogging()
            .AddSageMaker(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Providers:SageMaker:AccessKeyId"] = "AKIACANCELGATEWAYEMU" }).Build())
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Providers:SageMaker:SecretAccessKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCredentialsAsync_StaticTemporaryKeys_CarriesTheSessionToken()
    {
        var source = new AwsCredentialSource(new SageMakerOptions { AccessKeyId = "ASIATEMPORARYKEY0000", SecretAccessKey = Secret, SessionToken = "FwoGZXIvYXdzSession" }, NullLogger.Instance, profilesLocation: null);

        var credentials = await source.GetCredentialsAsync(CancellationToken.None).Within();

        Assert.Equal("ASIATEMPORARYKEY0000", credentials.AccessKey);
        Assert.True(credentials.UseToken);
        Assert.Equal("FwoGZXIvYXdzSession", credentials.Token);
    }

    [Fact]
    public async Task GetCredentialsAsync_Profile_ReadFromTheSharedCredentialsFile()
    {
        using var directory = new TempDirectory();
        var file = directory.File("credentials");
        await File.WriteAllTextAsync(file, $"[ops]\naws_access_key_id = AKIAPROFILEKEY000000\naws_secret_access_key = {Secret}\n").Within();
        var logs = new CapturingLoggerProvider();
        var source = new AwsCredentialSource(new SageMakerOptions { Profile = "ops" }, logs.CreateLogger("test"), file);

        var credentials = await source.GetCredentialsAsync(CancellationToken.None).Within();

        Assert.Equal("AKIAPROFILEKEY000000", credentials.AccessKey);
        Assert.Equal(Secret, credentials.SecretKey);
        Assert.Contains("AKIAPROFILEKEY000000", logs.AllText(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, logs.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCredentialsAsync_MissingProfile_ThrowsAndTheMapperCallsItConfiguration()
    {
        using var directory = new TempDirectory();
        var file = directory.File("credentials");
        await File.WriteAllTextAsync(file, "[other]\naws_access_key_id = AKIAPROFILEKEY000000\naws_secret_access_key = x\n").Within();
        var source = new AwsCredentialSource(new SageMakerOptions { Profile = "ops" }, NullLogger.Instance, file);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => source.GetCredentialsAsync(CancellationToken.None)).Within();
        var mapped = SageMakerErrorMapper.FromCredentialFailure(error, "stopping x");

        Assert.Equal(global::Grpc.Core.StatusCode.Internal, mapped.Code);
        Assert.Equal("PROVIDER_AUTHENTICATION_FAILED", mapped.Reason);
        Assert.False(mapped.IsTransient);
        Assert.Contains("'ops'", mapped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCredentialFailure_SdkFindsNothing_InternalConfigurationProblem()
    {
        var mapped = SageMakerErrorMapper.FromCredentialFailure(new AmazonClientException("Failed to resolve AWS credentials."), "reading x");

        Assert.Equal(global::Grpc.Core.StatusCode.Internal, mapped.Code);
        Assert.Contains("Failed to resolve AWS credentials", mapped.Message, StringComparison.Ordinal);
    }
}
