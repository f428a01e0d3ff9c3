using CancelGateway.Grpc.Server;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Alpha = Grpc.Reflection.V1Alpha;
using V1 = Grpc.Reflection.V1;

namespace CancelGateway.Grpc.Reflection;

/// <summary>
/// <c>grpc.reflection.v1alpha.ServerReflection</c>, still the only version older clients
/// (grpc-go 1.33, grpcurl) speak. Its messages have the same fields and numbers as v1, so each
/// request is re-read as v1 and answered by the v1 service: one implementation, two names.
/// </summary>
internal sealed class ReflectionServiceV1Alpha(ReflectionServiceV1 v1) : IGrpcService
{
    public ServiceDescriptor Descriptor { get; } = Alpha.ReflectionReflection.Descriptor.Services.Single(s => s.Name == "ServerReflection");

    public void Bind(ServiceBinder binder) =>
        binder.DuplexStreaming<Alpha.ServerReflectionRequest, Alpha.ServerReflectionResponse>("ServerReflectionInfo", Serve);

    private async Task Serve(IAsyncStreamReader<Alpha.ServerReflectionRequest> requests, IServerStreamWriter<Alpha.ServerReflectionResponse> responses, ServerCallContext context)
    {
        while (await requests.MoveNext(context.CancellationToken))
        {
            var request = V1.ServerReflectionRequest.Parser.ParseFrom(requests.Current.ToByteString());
            var answer = Alpha.ServerReflectionResponse.Parser.ParseFrom(v1.Answer(request).ToByteString());
            await responses.WriteAsync(answer, context.CancellationToken);
        }
    }
}
