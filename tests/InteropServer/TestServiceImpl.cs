using CancelGateway.Grpc;
using CancelGateway.Grpc.Server;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Testing;

namespace CancelGateway.InteropServer;

/// <summary>
/// <c>grpc.testing.TestService</c> as the gRPC interop spec (interop-test-descriptions.md)
/// describes it, so the official interop clients can drive this layer.
/// UnimplementedCall is deliberately left unbound: it must answer UNIMPLEMENTED.
/// </summary>
internal sealed class TestServiceImpl(TimeProvider timeProvider) : IGrpcService
{
    private const string EchoInitialKey = "x-grpc-test-echo-initial";
    private const string EchoTrailingKey = "x-grpc-test-echo-trailing-bin";

    public ServiceDescriptor Descriptor { get; } = TestReflection.Descriptor.Services.Single(s => s.Name == "TestService");

    public void Bind(ServiceBinder binder) => binder
        .Unary<Empty, Empty>("EmptyCall", (_, _) => ValueTask.FromResult(new Empty()))
        .Unary<SimpleRequest, SimpleResponse>("UnaryCall", UnaryCall)
        .Unary<SimpleRequest, SimpleResponse>("CacheableUnaryCall", UnaryCall)
        .ServerStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>("StreamingOutputCall", StreamingOutputCall)
        .ClientStreaming<StreamingInputCallRequest, StreamingInputCallResponse>("StreamingInputCall", StreamingInputCall)
        .DuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>("FullDuplexCall", FullDuplexCall)
        .DuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>("HalfDuplexCall", HalfDuplexCall);

    private static async ValueTask<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context)
    {
        await EchoInitialMetadata(context);
        EchoTrailingMetadata(context);
        if (request.ExpectCompressed?.Value == true && !context.RequestMessageCompressed)
        {
            throw new RpcException(StatusCode.InvalidArgument, "Expected a compressed request message.");
        }

        ThrowIfAsked(request.ResponseStatus);
        context.ResponseCompressed = request.ResponseCompressed?.Value == true;
        return new SimpleResponse { Payload = Zeros(request.ResponseSize) };
    }

    private async Task StreamingOutputCall(StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responses, ServerCallContext context)
    {
        await EchoInitialMetadata(context);
        EchoTrailingMetadata(context);
        await Respond(request, responses, context);
        ThrowIfAsked(request.ResponseStatus);
    }

    private static async Task<StreamingInputCallResponse> StreamingInputCall(IAsyncStreamReader<StreamingInputCallRequest> requests, ServerCallContext context)
    {
        var total = 0;
        while (await requests.MoveNext(context.CancellationToken))
        {
            if (requests.Current.ExpectCompressed?.Value == true && !context.RequestMessageCompressed)
            {
                throw new RpcException(StatusCode.InvalidArgument, "Expected a compressed request message.");
            }

            total += requests.Current.Payload?.Body.Length ?? 0;
        }

        return new StreamingInputCallResponse { AggregatedPayloadSize = total };
    }

    private async Task FullDuplexCall(IAsyncStreamReader<StreamingOutputCallRequest> requests, IServerStreamWriter<StreamingOutputCallResponse> responses, ServerCallContext context)
    {
        await EchoInitialMetadata(context);
        EchoTrailingMetadata(context);
        while (await requests.MoveNext(context.CancellationToken))
        {
            ThrowIfAsked(requests.Current.ResponseStatus);
            await Respond(requests.Current, responses, context);
        }
    }

    private async Task HalfDuplexCall(IAsyncStreamReader<StreamingOutputCallRequest> requests, IServerStreamWriter<StreamingOutputCallResponse> responses, ServerCallContext context)
    {
        var all = new List<StreamingOutputCallRequest>();
        while (await requests.MoveNext(context.CancellationToken))
        {
            all.Add(requests.Current);
        }

        foreach (var request in all)
        {
            await Respond(request, responses, context);
        }
    }

    private async Task Respond(StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responses, ServerCallContext context)
    {
        foreach (var parameters in request.ResponseParameters)
        {
            if (parameters.IntervalUs > 0)
            {
                await Task.Delay(TimeSpan.FromMicroseconds(parameters.IntervalUs), timeProvider, context.CancellationToken);
            }

            context.ResponseCompressed = parameters.Compressed?.Value == true;
            await responses.WriteAsync(new StreamingOutputCallResponse { Payload = Zeros(parameters.Size) }, context.CancellationToken);
        }
    }

    private static void ThrowIfAsked(EchoStatus? status)
    {
        if (status is { Code: not 0 })
        {
            throw new RpcException((StatusCode)status.Code, status.Message);
        }
    }

    private static async Task EchoInitialMetadata(ServerCallContext context)
    {
        var initial = context.RequestHeaders.Get(EchoInitialKey);
        if (initial is not null)
        {
            await context.WriteResponseHeadersAsync(new Metadata().Add(initial));
        }
    }

    private static void EchoTrailingMetadata(ServerCallContext context)
    {
        var trailing = context.RequestHeaders.Get(EchoTrailingKey);
        if (trailing is not null)
        {
            context.ResponseTrailers.Add(trailing);
        }
    }

    private static Payload Zeros(int size) => new() { Type = PayloadType.Compressable, Body = ByteString.CopyFrom(new byte[size]) };
}
