using System.Net;
using System.Net.Http.Headers;
using CancelGateway.Grpc.Protocol;

namespace CancelGateway.Grpc.Client.Internal;

/// <summary>
/// A request body that stays open while the caller writes messages: HttpClient hands us the
/// HTTP/2 stream, and the body ends (END_STREAM) when the caller completes it.
/// </summary>
internal sealed class StreamingRequestContent : HttpContent
{
    private static readonly MediaTypeHeaderValue GrpcContentType = new(GrpcProtocolConstants.ContentType);

    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StreamingRequestContent()
    {
        Headers.ContentType = GrpcContentType;
    }

    public Task<Stream> GetStreamAsync(CancellationToken cancellationToken) => _stream.Task.WaitAsync(cancellationToken);

    public void Complete() => _completed.TrySetResult();

    public void Abort() => _completed.TrySetCanceled();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        _stream.TrySetResult(stream);
        await _completed.Task.WaitAsync(cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
