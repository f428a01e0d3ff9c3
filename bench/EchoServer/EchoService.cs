using CancelGateway.Bench.V1;
using CancelGateway.Grpc.Server;
using Google.Protobuf.Reflection;

namespace CancelGateway.Bench;

/// <summary><c>bench.v1.Echo</c>, with the reference servers' semantics.</summary>
internal sealed class EchoService : IGrpcService
{
    private const int MaxStream = 1000;
    private static long s_calls;

    /// <summary>Unary calls served, for the allocations-per-call figure.</summary>
    public static long Calls => Interlocked.Read(ref s_calls);

    public ServiceDescriptor Descriptor { get; } = EchoReflection.Descriptor.Services.Single(s => s.Name == "Echo");

    public void Bind(ServiceBinder binder) => binder
        .Unary<Msg, Msg>("Unary", static (request, _) =>
        {
            Interlocked.Increment(ref s_calls);
            return ValueTask.FromResult(request);
        })
        .ServerStreaming<Msg, Msg>("ServerStream", ServerStream);

    private static async Task ServerStream(Msg request, IServerStreamWriter<Msg> responses, ServerCallContext context)
    {
        var count = Math.Clamp(request.N, 1, MaxStream);
        for (var i = 0; i < count; i++)
        {
            await responses.WriteAsync(new Msg { Text = request.Text, N = i }, context.CancellationToken);
        }
    }
}
