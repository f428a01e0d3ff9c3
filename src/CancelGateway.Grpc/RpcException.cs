using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace CancelGateway.Grpc;

/// <summary>
/// A call that ended with a non-OK status. Handlers throw it for expected failures; the client
/// throws it when a call fails. It may carry a <c>google.rpc.Status</c> with typed details
/// (AIP-193), sent as <c>grpc-status-details-bin</c>.
/// </summary>
public sealed class RpcException : Exception
{
    /// <summary>Creates an exception for <paramref name="status"/> with optional trailers.</summary>
    public RpcException(Status status, Metadata? trailers = null)
        : base(status.ToString())
    {
        Status = status;
        Trailers = trailers ?? new Metadata();
    }

    /// <summary>Creates an exception for a code and message.</summary>
    public RpcException(StatusCode code, string detail, Metadata? trailers = null)
        : this(new Status(code, detail), trailers)
    {
    }

    /// <summary>Creates an exception from a rich <c>google.rpc.Status</c>, sent in full as <c>grpc-status-details-bin</c>.</summary>
    public RpcException(Google.Rpc.Status richStatus, Metadata? trailers = null)
        : this(new Status((StatusCode)(richStatus ?? throw new ArgumentNullException(nameof(richStatus))).Code, richStatus.Message), trailers)
    {
        RichStatus = richStatus;
    }

    /// <summary>The status of the call.</summary>
    public Status Status { get; }

    /// <summary>The status code of the call.</summary>
    public StatusCode StatusCode => Status.StatusCode;

    /// <summary>Trailing metadata sent with (server) or received with (client) the status.</summary>
    public Metadata Trailers { get; }

    /// <summary>The rich status, when one was given or received in <c>grpc-status-details-bin</c>.</summary>
    public Google.Rpc.Status? RichStatus { get; }

    /// <summary>Builds an exception whose rich status carries the given typed details.</summary>
    public static RpcException WithDetails(StatusCode code, string message, params IMessage[] details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var rich = new Google.Rpc.Status { Code = (int)code, Message = message };
        foreach (var detail in details)
        {
            rich.Details.Add(Any.Pack(detail));
        }

        return new RpcException(rich);
    }

    /// <summary>Finds the first detail of type <typeparamref name="T"/> in the rich status, if any.</summary>
    public T? GetDetail<T>()
        where T : class, IMessage<T>, new()
    {
        if (RichStatus is null)
        {
            return null;
        }

        var descriptor = new T().Descriptor;
        foreach (var any in RichStatus.Details)
        {
            if (any.Is(descriptor))
            {
                return any.Unpack<T>();
            }
        }

        return null;
    }
}
