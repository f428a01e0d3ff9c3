using System.Net;
using CancelGateway.Providers;
using CancelGateway.Providers.SageMaker;
using CancelGateway.Tests.Support;
using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CancelGateway.Tests.Providers.SageMaker;

/// <summary>Executions of every AWS partition: their ARNs are run names, and each goes to its partition's SageMaker endpoint.</summary>
public sealed class SageMakerPartitionTests
{
    [Theory]
    [InlineData("aws", "us-east-1", "api.sagemaker.us-east-1.amazonaws.com")]
    [InlineData("aws-cn", "cn-north-1", "api.sagemaker.cn-north-1.amazonaws.com.cn")]
    [InlineData("aws-us-gov", "us-gov-west-1", "api.sagemaker.us-gov-west-1.amazonaws.com")]
    [InlineData("aws-iso", "us-iso-east-1", "api.sagemaker.us-iso-east-1.c2s.ic.gov")]
    [InlineData("aws-iso-b", "us-isob-east-1", "api.sagemaker.us-isob-east-1.sc2s.sgov.gov")]
    [InlineData("aws-iso-e", "eu-isoe-west-1", "api.sagemaker.eu-isoe-west-1.cloud.adc-e.uk")]
    [InlineData("aws-iso-f", "us-isof-south-1", "api.sagemaker.us-isof-south-1.csp.hci.ic.gov")]
    [InlineData("aws-eusc", "eusc-de-east-1", "api.sagemaker.eusc-de-east-1.amazonaws.eu")]
    public async Task RequestCancelAsync_NoEndpointConfigured_ThePartitionsRegionalHostSignedForTheRegion(string partition, string region, string host)
    {
        var arn = $"arn:{partition}:sagemaker:{region}:123456789012:pipeline/p/execution/exec1";
        Assert.True(RunNameParser.TryParse(arn, out var run, out var error), error);
        using var stub = new StubHttpMessageHandler(_ => StubHttpMessageHandler.Json(HttpStatusCode.OK, "{}"));
        await using var services = Stubbed(stub);

        await Provider(services).RequestCancelAsync(run!, SageMakerHarness.Graceful, CancellationToken.None).Within();

        var request = Assert.Single(stub.Requests);
        Assert.Equal($"https://{host}/", request.Uri.AbsoluteUri);
        Assert.Contains($"/{region}/sagemaker/aws4_request", request.Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestCancelAsync_UnknownPartitionWithoutEndpoint_NotConfiguredAndNothingSent()
    {
        Assert.True(RunNameParser.TryParse("arn:aws-future:sagemaker:fu-east-1:123456789012:pipeline/p/execution/exec1", out var run, out var error), error);
        using var stub = new StubHttpMessageHandler(_ => StubHttpMessageHandler.Json(HttpStatusCode.OK, "{}"));
        await using var services = Stubbed(stub);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => Provider(services).RequestCancelAsync(run!, SageMakerHarness.Graceful, CancellationToken.None)).Within();

        Assert.Equal((StatusCode.FailedPrecondition, "PROVIDER_NOT_CONFIGURED"), (ex.Code, ex.Reason));
        Assert.Contains("Providers:SageMaker:Endpoint", ex.Message, StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }

    [Theory]
    [InlineData("arn:aws-iso:sagemaker:us-iso-east-1:123456789012:pipeline/p/execution/exec1", "aws-iso", "us-iso-east-1")]
    [InlineData("arn:aws-eusc:sagemaker:eusc-de-east-1:123456789012:pipeline/p/execution/exec1", "aws-eusc", "eusc-de-east-1")]
    [InlineData("arn:aws-iso-b:sagemaker:us-isob-east-1:123456789012:pipeline/p/execution/exec1", "aws-iso-b", "us-isob-east-1")]
    public void TryParse_ArnOfAnotherPartition_PartitionAndRegion(string arn, string partition, string region)
    {
        Assert.True(RunNameParser.TryParse(arn, out var run, out var error), error);
        Assert.Equal((partition, region), (run!["partition"], run["region"]));
    }

    // The adapter with no endpoint configured (the regional one is the point), over a stub.
    private static ServiceProvider Stubbed(StubHttpMessageHandler stub)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(new FakeTimeProvider())
            .AddSageMaker(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{SageMakerOptions.SectionName}:AccessKeyId"] = "AKIASTUBBEDKEY000000",
                [$"{SageMakerOptions.SectionName}:SecretAccessKey"] = "stubbed/secret/key/stubbed/secret/key/00",
            }).Build());
        services.AddHttpClient(SageMakerProvider.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => stub);
        return services.BuildServiceProvider();
    }

    private static SageMakerProvider Provider(ServiceProvider services) =>
        services.GetServices<IPipelineProvider>().OfType<SageMakerProvider>().Single();
}
