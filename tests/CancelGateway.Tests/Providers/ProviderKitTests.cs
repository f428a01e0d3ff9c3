using System.Text;
using CancelGateway.Providers;
using CancelGateway.Providers.CodeArts;
using CancelGateway.Providers.SageMaker;
using CancelGateway.Providers.VertexAi;
using CancelGateway.Tests.Providers.VertexAi;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CancelGateway.Tests.Providers;

/// <summary>
/// The HTTP core against misbehaving providers, on real sockets and the clients as the host
/// registers them: redirects never followed (credentials stay at their origin), replies read up to
/// a cap, no empty bearer token, secrets and control characters kept out of what callers see.
/// </summary>
public sealed class ProviderKitTests
{
    private const string VertexRun = "projects/p/locations/us-central1/pipelineJobs/j";
    private const string SageMakerRun = "arn:aws:sagemaker:us-east-1:123456789012:pipeline/p/execution/abc123";
    private static readonly string CodeArtsRun = $"codearts/regions/cn-north-4/projects/{new string('p', 32)}/pipelines/{new string('l', 32)}/runs/{new string('r', 32)}";
    private static readonly CancelContext Graceful = new("op-1", CancelMode.Graceful, "test", "tests@example.com");

    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    public async Task VertexCancel_Redirect_FailsAndTheTargetNeverSeesTheToken(int status)
    {
        await using var target = await MisbehavingServer.StartAsync(context => context.Response.WriteAsync("{}"));
        await using var origin = await MisbehavingServer.RedirectingTo(target, status);
        var (provider, services, _) = Vertex(origin.BaseAddress);
        await using var _ = services;

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.RequestCancelAsync(Parse(VertexRun), Graceful, CancellationToken.None)).Within();

        Assert.Equal(("PROVIDER_INVALID_RESPONSE", StatusCode.Internal, false, status), (ex.Reason, ex.Code, ex.IsTransient, ex.HttpStatus));
        Assert.Contains("redirect", ex.Message, StringComparison.Ordinal);
        Assert.Single(origin.Requests);
        Assert.Empty(target.Requests);
    }

    [Fact]
    public async Task SageMakerStop_Redirect_FailsAndTheTargetNeverSeesTheSessionToken()
    {
        await using var target = await MisbehavingServer.StartAsync(context => context.Response.WriteAsync("{}"));
        await using var origin = await MisbehavingServer.RedirectingTo(target, 302);
        var (provider, services) = SageMaker(origin.BaseAddress, sessionToken: "FQoGZXIvYXdzEJr//////////wEaDM");
        await using var _ = services;

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.RequestCancelAsync(Parse(SageMakerRun), Graceful, CancellationToken.None)).Within();

        Assert.Equal("PROVIDER_INVALID_RESPONSE", ex.Reason);
        Assert.Equal("FQoGZXIvYXdzEJr//////////wEaDM", origin.Requests.Single().Headers["X-Amz-Security-Token"]);
        Assert.Empty(target.Requests);
    }

    [Fact]
    public async Task CodeArtsStop_Redirect_FailsAndTheTargetNeverSeesTheAuthToken()
    {
        await using var target = await MisbehavingServer.StartAsync(context => context.Response.WriteAsync("""{"success":true}"""));
        await using var origin = await MisbehavingServer.RedirectingTo(target, 302);
        var (provider, services) = CodeArts(new() { ["Endpoint"] = origin.BaseAddress.AbsoluteUri, ["Token"] = "configured-iam-token" });
        await using var _ = services;

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.RequestCancelAsync(Parse(CodeArtsRun), Graceful, CancellationToken.None)).Within();

        Assert.Equal("PROVIDER_INVALID_RESPONSE", ex.Reason);
        Assert.Equal("configured-iam-token", origin.Requests.Single().Headers["X-Auth-Token"]);
        Assert.Empty(target.Requests);
    }

    [Fact]
    public async Task CodeArtsIam_307_FailsAndThePasswordIsNotPostedToTheTarget()
    {
        await using var target = await MisbehavingServer.StartAsync(context =>
        {
            context.Response.Headers["X-Subject-Token"] = "MIIstolen";
            return context.Response.WriteAsync("""{"token":{"expires_at":"2099-01-01T00:00:00Z"}}""");
        });
        await using var iam = await MisbehavingServer.RedirectingTo(target, 307);
        await using var codearts = await MisbehavingServer.StartAsync(context => context.Response.WriteAsync("""{"success":true}"""));
        var (provider, services) = CodeArts(new()
        {
            ["Endpoint"] = codearts.BaseAddress.AbsoluteUri,
            ["IamEndpoint"] = iam.BaseAddress.AbsoluteUri,
            ["UserName"] = "gateway",
            ["Password"] = "the-iam-password",
            ["DomainName"] = "account",
        });
        await using var _ = services;

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.RequestCancelAsync(Parse(CodeArtsRun), Graceful, CancellationToken.None)).Within();

        Assert.Equal("PROVIDER_INVALID_RESPONSE", ex.Reason);
        Assert.Contains("the-iam-password", iam.Requests.Single().Body, StringComparison.Ordinal);
        Assert.Empty(target.Requests);
        Assert.Empty(codearts.Requests);
    }

    [Fact]
    public async Task VertexTokenEndpoint_307_FailsAndTheAssertionIsNotPostedToTheTarget()
    {
        await using var target = await MisbehavingServer.StartAsync(context => context.Response.WriteAsync("""{"access_token":"ya29.stolen","expires_in":3600,"token_type":"Bearer"}"""));
        await using var tokenEndpoint = await MisbehavingServer.RedirectingTo(target, 307);
        await using var vertex = await MisbehavingServer.StartAsync(context => context.Response.WriteAsync("""{"state":"PIPELINE_STATE_RUNNING"}"""));
        using var directory = new TempDirectory();
        var (keyFile, _) = ServiceAccountKeyFiles.Write(directory, "gateway@p.iam.gserviceaccount.com", new Uri(tokenEndpoint.BaseAddress, "token"));
        var (provider, services, _) = Vertex(vertex.BaseAddress, tokens: null, keyFile);
        await using var _ = services;

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.GetStatusAsync(Parse(VertexRun), CancellationToken.None)).Within();

        Assert.Equal(("PROVIDER_AUTHENTICATION_FAILED", false), (ex.Reason, ex.IsTransient));
        Assert.Contains("assertion", tokenEndpoint.Requests.Single().Body, StringComparison.Ordinal);
        Assert.Empty(target.Requests);
        Assert.Empty(vertex.Requests);
    }

    [Fact]
    public async Task VertexStatus_ReplyOverTheCap_FailsWithoutReadingIt()
    {
        var huge = "{\"state\":\"PIPELINE_STATE_RUNNING\",\"labels\":{\"x\":\"" + new string('a', 3 * 1024 * 1024) + "\"}}";
        await using var vertex = await MisbehavingServer.StartAsync(async context =>
        {
            // Chunked, with no Content-Length to refuse it by: the cap must hold while reading.
            await context.Response.StartAsync();
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(huge));
        });
        var (provider, services, _) = Vertex(vertex.BaseAddress);
        await using var _ = services;

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.GetStatusAsync(Parse(VertexRun), CancellationToken.None)).Within();

        Assert.Equal(("PROVIDER_INVALID_RESPONSE", false), (ex.Reason, ex.IsTransient));
        Assert.Contains("MaxResponseBytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SageMakerDescribe_DeclaredLengthOverTheCap_Fails()
    {
        await using var sagemaker = await MisbehavingServer.StartAsync(context =>
        {
            context.Response.ContentLength = 2 * 1024 * 1024;
            return context.Response.Body.WriteAsync(new byte[2 * 1024 * 1024]).AsTask();
        });
        var (provider, services) = SageMaker(sagemaker.BaseAddress, sessionToken: null);
        await using var _ = services;

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.GetStatusAsync(Parse(SageMakerRun), CancellationToken.None)).Within();

        Assert.Equal("PROVIDER_INVALID_RESPONSE", ex.Reason);
        Assert.Contains("MaxResponseBytes", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Vertex_TokenSourceGivesNoToken_FailsAndSendsNothing(string token)
    {
        await using var vertex = await MisbehavingServer.StartAsync(context => context.Response.WriteAsync("""{"state":"PIPELINE_STATE_RUNNING"}"""));
        var (provider, services, _) = Vertex(vertex.BaseAddress, new FixedTokenSource(token));
        await using var _ = services;

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.GetStatusAsync(Parse(VertexRun), CancellationToken.None)).Within();

        Assert.Equal(("PROVIDER_INVALID_RESPONSE", false), (ex.Reason, ex.IsTransient));
        Assert.Empty(vertex.Requests);
    }

    [Fact]
    public async Task CodeArtsIam_NoSubjectToken_Fails()
    {
        await using var iam = await MisbehavingServer.StartAsync(context => context.Response.WriteAsync("""{"token":{"expires_at":"2099-01-01T00:00:00Z"}}"""));
        await using var codearts = await MisbehavingServer.StartAsync(context => context.Response.WriteAsync("""{"success":true}"""));
        var (provider, services) = CodeArts(new()
        {
            ["Endpoint"] = codearts.BaseAddress.AbsoluteUri,
            ["IamEndpoint"] = iam.BaseAddress.AbsoluteUri,
            ["UserName"] = "gateway",
            ["Password"] = "the-iam-password",
            ["DomainName"] = "account",
        });
        await using var _ = services;

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.RequestCancelAsync(Parse(CodeArtsRun), Graceful, CancellationToken.None)).Within();

        Assert.Equal("PROVIDER_INVALID_RESPONSE", ex.Reason);
        Assert.Empty(codearts.Requests);
    }

    [Fact]
    public async Task SageMakerError_EchoesAShortSessionTokenAndAnsiEscapes_NeitherReachesTheCallerOrTheLog()
    {
        const string Token = "tk7Q";
        await using var sagemaker = await MisbehavingServer.StartAsync(context =>
        {
            context.Response.StatusCode = 400;
            context.Response.Headers["x-amzn-RequestId"] = "req-" + Token;
            return context.Response.WriteAsync($$"""{"__type":"ValidationException","message":"token {{Token}} is \u001b[31mwrong\u001b[0m\u0007"}""");
        });
        var (provider, services) = SageMaker(sagemaker.BaseAddress, sessionToken: Token);
        await using var _ = services;
        var logs = services.GetRequiredService<CapturingLoggerProvider>();

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.GetStatusAsync(Parse(SageMakerRun), CancellationToken.None)).Within();

        var everything = ex.Message + ex.RequestId + ProviderErrors.ToStatus(ex, SageMakerRun) + logs.AllText();
        Assert.DoesNotContain(Token, everything, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', everything);
        Assert.DoesNotContain('\u0007', everything);
        Assert.Contains("is wrong", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VertexStatus_FailureMessageWithAnsiEscape_ReachesTheOperationClean()
    {
        await using var vertex = await MisbehavingServer.StartAsync(context =>
            context.Response.WriteAsync("""{"state":"PIPELINE_STATE_FAILED","error":{"code":9,"message":"step \u001b]0;owned\u0007failed\r\nFAKE LOG LINE"}}"""));
        var (provider, services, _) = Vertex(vertex.BaseAddress);
        await using var _ = services;

        var status = await provider.GetStatusAsync(Parse(VertexRun), CancellationToken.None).Within();

        Assert.Equal(RunState.Failed, status.State);
        Assert.Equal("step failed FAKE LOG LINE", status.Message);
    }

    private static RunName Parse(string text) => RunNameParser.TryParse(text, out var name, out var error) ? name! : throw new ArgumentException(error);

    private static (VertexAiProvider Provider, ServiceProvider Services, CapturingLoggerProvider Logs) Vertex(Uri endpoint, IVertexAccessTokenSource? tokens = null, string? keyFile = null)
    {
        var settings = new Dictionary<string, string?> { [$"{VertexAiOptions.SectionName}:Endpoint"] = endpoint.AbsoluteUri };
        if (keyFile is not null)
        {
            settings[$"{VertexAiOptions.SectionName}:CredentialsFile"] = keyFile;
        }

        var services = Services().AddVertexAi(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        if (keyFile is null)
        {
            services.AddSingleton(tokens ?? new FixedTokenSource());
        }

        var built = services.BuildServiceProvider();
        return (built.GetServices<IPipelineProvider>().OfType<VertexAiProvider>().Single(), built, built.GetRequiredService<CapturingLoggerProvider>());
    }

    private static (SageMakerProvider Provider, ServiceProvider Services) SageMaker(Uri endpoint, string? sessionToken)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"{SageMakerOptions.SectionName}:Endpoint"] = endpoint.AbsoluteUri,
            [$"{SageMakerOptions.SectionName}:AccessKeyId"] = "AKIAKITTESTKEY000000",
            [$"{SageMakerOptions.SectionName}:SecretAccessKey"] = "kit/secret/key/kit/secret/key/kit/secret0",
            [$"{SageMakerOptions.SectionName}:SessionToken"] = sessionToken,
        };
        var built = Services().AddSageMaker(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();
        return (built.GetServices<IPipelineProvider>().OfType<SageMakerProvider>().Single(), built);
    }

    private static (CodeArtsProvider Provider, ServiceProvider Services) CodeArts(Dictionary<string, string?> settings)
    {
        var config = settings.ToDictionary(s => $"{CodeArtsOptions.SectionName}:{s.Key}", s => s.Value);
        var built = Services().AddCodeArts(new ConfigurationBuilder().AddInMemoryCollection(config).Build()).BuildServiceProvider();
        return (built.GetServices<IPipelineProvider>().OfType<CodeArtsProvider>().Single(), built);
    }

    private static IServiceCollection Services()
    {
        var logs = new CapturingLoggerProvider();
        return new ServiceCollection()
            .AddSingleton(logs)
            .AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace))
            .AddSingleton(TimeProvider.System);
    }
}
