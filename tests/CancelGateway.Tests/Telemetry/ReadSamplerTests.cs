using System.Diagnostics;
using CancelGateway.Hosting;
using CancelGateway.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Trace;
using Xunit;

namespace CancelGateway.Tests.Telemetry;

/// <summary>
/// Which spans <see cref="ReadSampler"/> drops (only reads that start a trace, outside the
/// chosen share of trace ids), and the SDK sampler it defers to for everything else
/// (<see cref="ConfiguredSampler"/>, from <c>OTEL_TRACES_SAMPLER</c>).
/// </summary>
public sealed class ReadSamplerTests
{
    private static readonly ActivityContext SampledParent = new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);

    [Fact]
    public void ShouldSample_ReadsThatStartATrace_AreDroppedOutsideTheRatioAndEverythingElseFollowsTheSdkSampler()
    {
        static SamplingDecision Decide(string method, string path, ActivityContext parent = default, string name = ReadSampler.RequestActivity)
        {
            var request = new DefaultHttpContext();
            request.Request.Method = method;
            request.Request.Path = path;
            var sampler = new ReadSampler(new ParentBasedSampler(new AlwaysOnSampler()), new HttpContextAccessor { HttpContext = request }, 0);
            var traceId = parent == default ? ActivityTraceId.CreateRandom() : parent.TraceId;
            return sampler.ShouldSample(new SamplingParameters(parent, traceId, name, ActivityKind.Server)).Decision;
        }

        Assert.Equal(SamplingDecision.Drop, Decide("POST", "/cancelgateway.v1.PipelineControl/GetOperation"));
        Assert.Equal(SamplingDecision.Drop, Decide("GET", "/v1/operations/0123"));
        Assert.Equal(SamplingDecision.RecordAndSample, Decide("POST", "/cancelgateway.v1.PipelineControl/GetOperation", SampledParent));
        Assert.Equal(SamplingDecision.RecordAndSample, Decide("POST", "/cancelgateway.v1.PipelineControl/Cancel"));
        Assert.Equal(SamplingDecision.RecordAndSample, Decide("POST", "/cancelgateway.v1.PipelineControl/GetOperation", name: "cancelgateway.poll"));
    }

    [Fact]
    public void ShouldSample_WithNoRequest_FollowsTheSdkSampler()
    {
        var sampler = new ReadSampler(new AlwaysOffSampler(), new HttpContextAccessor(), 1);

        var result = sampler.ShouldSample(new SamplingParameters(default, ActivityTraceId.CreateRandom(), "cancelgateway.submit", ActivityKind.Internal));

        Assert.Equal(SamplingDecision.Drop, result.Decision);
    }

    [Fact]
    public void ReadsAreTheGetsAndTheMethodsThatOnlyReturnStoredState()
    {
        static bool Read(string method, string path) => ReadSampler.IsRead(method, path);

        Assert.True(Read("POST", "/cancelgateway.v1.PipelineControl/GetOperation"));
        Assert.True(Read("POST", "/google.longrunning.Operations/GetOperation"));
        Assert.True(Read("POST", "/google.longrunning.Operations/ListOperations"));
        Assert.True(Read("POST", "/cancelgateway.v1.PipelineControl/ListAuditEvents"));
        Assert.True(Read("POST", "/grpc.health.v1.Health/Check"));
        Assert.True(Read("GET", "/v1/operations/0123"));
        Assert.False(Read("POST", "/cancelgateway.v1.PipelineControl/Cancel"));
        Assert.False(Read("POST", "/cancelgateway.v1.PipelineControl/BatchCancel"));
        Assert.False(Read("POST", "/cancelgateway.v1.PipelineControl/WatchRun"));
        Assert.False(Read("POST", "/google.longrunning.Operations/DeleteOperation"));
        Assert.False(Read("POST", "/google.longrunning.Operations/WaitOperation"));
        Assert.False(Read("POST", "/v1/projects/p/locations/l/pipelineJobs/j:cancel"));
    }

    [Fact]
    public void ReadTraceRatio_ChoosesThatShareOfTraceIds()
    {
        static int Chosen(double ratio)
        {
            var sampler = new ReadSampler(new AlwaysOnSampler(), new HttpContextAccessor(), ratio);
            return Enumerable.Range(0, 20_000).Count(_ => sampler.IsChosen(ActivityTraceId.CreateRandom()));
        }

        Assert.Equal(0, Chosen(0));
        Assert.Equal(20_000, Chosen(1));
        Assert.InRange(Chosen(0.1), 1_700, 2_300);
    }

    [Fact]
    public void ReadTraceRatio_SameTraceId_SameDecisionInEveryReplica()
    {
        var one = new ReadSampler(new AlwaysOnSampler(), new HttpContextAccessor(), 0.5);
        var other = new ReadSampler(new AlwaysOnSampler(), new HttpContextAccessor(), 0.5);

        Assert.True(one.IsChosen(ActivityTraceId.CreateFromString("0af7651916cd43dd8448eb211c80319c")));
        Assert.False(one.IsChosen(ActivityTraceId.CreateFromString("0af7651916cd43ddf448eb211c80319c")));
        Assert.All(Enumerable.Range(0, 1_000).Select(_ => ActivityTraceId.CreateRandom()), id => Assert.Equal(one.IsChosen(id), other.IsChosen(id)));
    }

    [Theory]
    [InlineData(null, null, "ParentBased{AlwaysOnSampler}")]
    [InlineData("parentbased_always_on", null, "ParentBased{AlwaysOnSampler}")]
    [InlineData("always_on", null, "AlwaysOnSampler")]
    [InlineData("ALWAYS_OFF", null, "AlwaysOffSampler")]
    [InlineData("traceidratio", "0.25", "TraceIdRatioBasedSampler{0.250000}")]
    [InlineData("traceidratio", null, "TraceIdRatioBasedSampler{1.000000}")]
    [InlineData("parentbased_always_off", null, "ParentBased{AlwaysOffSampler}")]
    [InlineData("parentbased_traceidratio", "0.5", "ParentBased{TraceIdRatioBasedSampler{0.500000}}")]
    public void ConfiguredSampler_IsTheOneTheStandardSettingsName(string? sampler, string? argument, string expected)
    {
        Assert.Equal(expected, ConfiguredSampler.From(Settings(sampler, argument)).Description);
    }

    [Theory]
    [InlineData("sometimes", null, "OTEL_TRACES_SAMPLER")]
    [InlineData("traceidratio", "2", "OTEL_TRACES_SAMPLER_ARG")]
    [InlineData("parentbased_traceidratio", "half", "OTEL_TRACES_SAMPLER_ARG")]
    public void ConfiguredSampler_BadValue_NamesTheSetting(string sampler, string? argument, string setting)
    {
        var error = Assert.Throws<GatewayConfigurationException>(() => ConfiguredSampler.From(Settings(sampler, argument)));

        Assert.StartsWith(setting + " must be", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Settings(string? sampler, string? argument) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [ConfiguredSampler.SamplerSetting] = sampler,
            [ConfiguredSampler.ArgumentSetting] = argument,
        }).Build();
}
