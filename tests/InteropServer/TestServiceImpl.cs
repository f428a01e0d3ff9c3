using Google.Protobuf;
using Grpc.Core;
using Grpc.Testing;

namespace CancelGateway.InteropServer;

/// <summary>
/// <c>grpc.testing.TestService</c> as the gRPC interop spec (interop-test-descriptions.md)
/// describes it, so the official interop clients can drive grpc-dotnet as the project configures it.
/// UnimplementedCall is deliberately not overridden: the generated base answers UNIMPLEMENTED.
/// </summary>
internal sealed class TestServiceImpl(TimeProvider timeProvider) : TestService.TestServiceBase
{
    private const string EchoInitialKey = "x-grpc-test-echo-initial";
    private const string EchoTrailingKey = "x-grpc-test-echo-trailing-bin";

    // grpc-dotnet picks the response encoding from this header when a handler writes it.
    private const string ResponseEncodingKey = "grpc-internal-encoding-request";

    public override Task<Empty> EmptyCall(Empty request, ServerCallContext context) => Task.FromResult(new Empty());

    public override async Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var compressed = CompressedRequestMarker.Take(context.GetHttpContext());
        await EchoMetadataAsync(context, request.ResponseCompressed?.Value == true);
        if (request.ExpectCompressed?.Value == true && !compressed)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "Expected a compressed request message."));
        }

        ThrowIfAsked(request.ResponseStatus);
        context.WriteOptions = request.ResponseCompressed?.Value == true ? new WriteOptions() : new WriteOptions(WriteFlags.NoCompress);
        return new SimpleResponse { Payload = Zeros(request.ResponseSize) };
    }

    public override Task<SimpleResponse> CacheableUnaryCall(SimpleRequest request, ServerCallContext context) => UnaryCall(request, context);

    public override async Task StreamingOutputCall(StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        await EchoMetadataAsync(context, request.ResponseParameters.Any(p => p.Compressed?.Value == true));
        await RespondAsync(request, responseStream, context);
        ThrowIfAsked(request.ResponseStatus);
    }

    public override async Task<StreamingInputCallResponse> StreamingInputCall(IAsyncStreamReader<StreamingInputCallRequest> requestStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requestStream);
        ArgumentNullException.ThrowIfNull(context);
        var total = 0;
        while (await NextAsync(requestStream, context))
        {
            var compressed = CompressedRequestMarker.Take(context.GetHttpContext());
            if (requestStream.Current.ExpectCompressed?.Value == true && !compressed)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, "Expected a compressed request message."));
            }

            total += requestStream.Current.Payload?.Body.Length ?? 0;
        }

        return new StreamingInputCallResponse { AggregatedPayloadSize = total };
    }

    public override async Task FullDuplexCall(IAsyncStreamReader<StreamingOutputCallRequest> requestStream, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requestStream);
        ArgumentNullException.ThrowIfNull(context);
        await EchoMetadataAsync(context, responseCompressed: false);
        while (await NextAsync(requestStream, context))
        {
            ThrowIfAsked(requestStream.Current.ResponseStatus);
            await RespondAsync(requestStream.Current, responseStream, context);
        }
    }

    public override async Task HalfDuplexCall(IAsyncStreamReader<StreamingOutputCallRequest> requestStream, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requestStream);
        ArgumentNullException.ThrowIfNull(context);
        var all = new List<StreamingOutputCallRequest>();
        while (await NextAsync(requestStream, context))
        {
            all.Add(requestStream.Current);
        }

        foreach (var request in all)
        {
            await RespondAsync(request, responseStream, context);
        }
    }

    /// <summary>
    /// The next request message, or false at the end. A client that resets the stream (its
    /// deadline passed, or it cancelled) ends the call as CANCELLED: grpc-dotnet would otherwise
    /// log the reset as a handler failure, depending on whether the reset or the server's own
    /// deadline arrives first.
    /// </summary>
    private static async Task<bool> NextAsync<T>(IAsyncStreamReader<T> requests, ServerCallContext context)
    {
        try
        {
            return await requests.MoveNext(context.CancellationToken);
        }
        catch (IOException exception)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, "The client reset the stream.", exception));
        }
    }

    private async Task RespondAsync(StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responses, ServerCallContext context)
    {
        foreach (var parameters in request.ResponseParameters)
        {
            if (parameters.IntervalUs > 0)
            {
                await Task.Delay(TimeSpan.FromMicroseconds(parameters.IntervalUs), timeProvider, context.CancellationToken);
            }

            // Per message: compressed only if asked, and only once the call's encoding is gzip.
            responses.WriteOptions = parameters.Compressed?.Value == true ? new WriteOptions() : new WriteOptions(WriteFlags.NoCompress);
            await responses.WriteAsync(new StreamingOutputCallResponse { Payload = Zeros(parameters.Size) }, context.CancellationToken);
        }
    }

    private static void ThrowIfAsked(EchoStatus? status)
    {
        if (status is { Code: not 0 })
        {
            throw new RpcException(new Status((StatusCode)status.Code, status.Message));
        }
    }

    private static async Task EchoMetadataAsync(ServerCallContext context, bool responseCompressed)
    {
        var initial = context.RequestHeaders.Get(EchoInitialKey);
        if (initial is not null || responseCompressed)
        {
            var headers = new Metadata();
            if (initial is not null)
            {
                headers.Add(initial);
            }

            if (responseCompressed)
            {
                headers.Add(ResponseEncodingKey, "gzip");
            }

            await context.WriteResponseHeadersAsync(headers);
        }

        var trailing = context.RequestHeaders.Get(EchoTrailingKey);
        if (trailing is not null)
        {
            context.ResponseTrailers.Add(trailing);
        }
    }

    private static Payload Zeros(int size) => new() { Type = PayloadType.Compressable, Body = ByteString.CopyFrom(new byte[size]) };
}
