using System.Net;
using CancelGateway.Providers.CodeArts;
using CancelGateway.Tests.Support;
using Xunit;

namespace CancelGateway.Tests.Providers.CodeArts;

/// <summary>Each run goes to its own region's endpoint, which Huawei Cloud does not name the same way everywhere.</summary>
public sealed class CodeArtsEndpointTests
{
    private const string StopPath = "/v5/pppppppppppppppppppppppppppppppp/api/pipelines/llllllllllllllllllllllllllllllll/pipeline-runs/rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr/stop";

    [Theory]
    [InlineData("la-south-2", "pipeline-external.la-south-2.myhuaweicloud.com")]
    [InlineData("tr-west-1", "pipeline-external.tr-west-1.myhuaweicloud.com")]
    [InlineData("af-north-1", "pipeline.af-north-1.myhuaweicloud.com")]
    [InlineData("me-east-1", "pipeline.me-east-1.myhuaweicloud.com")]
    [InlineData("af-south-1", "pipeline.af-south-1.myhuaweicloud.com")]
    [InlineData("cn-north-4", "cloudpipeline-ext.cn-north-4.myhuaweicloud.com")]
    [InlineData("ap-southeast-3", "cloudpipeline-ext.ap-southeast-3.myhuaweicloud.com")]
    public async Task RequestCancelAsync_NoEndpointConfigured_RequestsTheRegionsOwnHost(string region, string host)
    {
        using var stub = new StubHttpMessageHandler(_ => StubHttpMessageHandler.Json(HttpStatusCode.OK, """{"success":true}"""));
        var (provider, services, _) = CodeArtsStubbed.Create(stub);
        await using var __ = services;

        await provider.RequestCancelAsync(CodeArtsStubbed.Run(region), CodeArtsHarness.Graceful, CancellationToken.None).Within();

        Assert.Equal($"https://{host}{StopPath}", Assert.Single(stub.Requests).Uri.AbsoluteUri);
    }

    [Fact]
    public async Task RequestCancelAsync_EndpointsPerRegion_EachRegionItsOwnOverTheAllRegionsOne()
    {
        using var stub = new StubHttpMessageHandler(_ => StubHttpMessageHandler.Json(HttpStatusCode.OK, """{"success":true}"""));
        var (provider, services, _) = CodeArtsStubbed.Create(stub, new Dictionary<string, string?>
        {
            ["Endpoint"] = "http://all-regions.test/",
            ["Endpoints:la-south-2"] = "http://la-south-2.test/codearts",
        });
        await using var __ = services;

        await provider.RequestCancelAsync(CodeArtsStubbed.Run("la-south-2"), CodeArtsHarness.Graceful, CancellationToken.None).Within();
        await provider.RequestCancelAsync(CodeArtsStubbed.Run("cn-north-4"), CodeArtsHarness.Graceful, CancellationToken.None).Within();

        Assert.Equal(
            [$"http://la-south-2.test/codearts{StopPath}", $"http://all-regions.test{StopPath}"],
            stub.Requests.Select(r => r.Uri.AbsoluteUri));
    }

    [Fact]
    public async Task RequestCancelAsync_OneRegionConfigured_OtherRegionsKeepTheirPublicEndpoints()
    {
        using var stub = new StubHttpMessageHandler(_ => StubHttpMessageHandler.Json(HttpStatusCode.OK, """{"success":true}"""));
        var (provider, services, _) = CodeArtsStubbed.Create(stub, new Dictionary<string, string?> { ["Endpoints:cn-north-4"] = "https://proxy.example/" });
        await using var __ = services;

        await provider.RequestCancelAsync(CodeArtsStubbed.Run("af-south-1"), CodeArtsHarness.Graceful, CancellationToken.None).Within();

        Assert.Equal("pipeline.af-south-1.myhuaweicloud.com", Assert.Single(stub.Requests).Uri.Host);
    }

    [Theory]
    [InlineData("Endpoints:LA_SOUTH", "https://x.example/", "Providers:CodeArts:Endpoints:LA_SOUTH does not name a region")]
    [InlineData("Endpoints:la-south-2", "ftp://x.example/", "Providers:CodeArts:Endpoints:la-south-2 must be an absolute http(s) URL")]
    public void Validate_BadRegionalEndpoint_FailsNamingTheSetting(string setting, string value, string expected)
    {
        var options = new CodeArtsOptions { AccessKey = "AK1", SecretKey = "SK1" };
        options.Endpoints[setting["Endpoints:".Length..]] = new Uri(value);

        var result = new CodeArtsOptionsValidator().Validate(null, options);

        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }
}
