using CancelGateway.Grpc.Client;
using CancelGateway.Grpc.Tests.Probe;
using Google.Protobuf.Reflection;

namespace CancelGateway.Grpc.Tests.Support;

/// <summary>The probe service's methods for the project's own client.</summary>
public static class ProbeMethods
{
    private static readonly ServiceDescriptor Service = ProbeReflection.Descriptor.Services.Single(s => s.Name == "ProbeService");

    public static Method<EchoRequest, EchoResponse> Echo { get; } = Method.From<EchoRequest, EchoResponse>(Service, "Echo");

    public static Method<CountRequest, CountResponse> Count { get; } = Method.From<CountRequest, CountResponse>(Service, "Count");

    public static Method<SleepRequest, SleepResponse> Sleep { get; } = Method.From<SleepRequest, SleepResponse>(Service, "Sleep");

    public static Method<FailRequest, FailResponse> Fail { get; } = Method.From<FailRequest, FailResponse>(Service, "Fail");
}
