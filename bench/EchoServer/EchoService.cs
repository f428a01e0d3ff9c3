using CancelGateway.Bench.V1;
using Grpc.Core;

namespace CancelGateway.Bench;

/// <summary><c>bench.v1.Echo</c>, with the reference servers' semantics.</summary>
internal sealed class EchoService : Echo.EchoBase
{
    private const int MaxStream = 1000;
    private static long s_calls;

    /// <summary>Unary calls served, for the allocations-per-call figure.</summary>
    public static long Calls => Interlocked.Read(ref s_calls);

    public override Task<Msg> Unary(Msg request, ServerCallContext context)
    {
        Interlocked.Increment(ref s_calls);
        return Task.FromResult(request);
    }

    public override async Task ServerStream(Msg request, IServerStreamWriter<Msg> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        var count = Math.Clamp(request.N, 1, MaxStream);
        for (var i = 0; i < count; i++)
        {
            await responseStream.WriteAsync(new Msg { Text = request.Text, N = i }, context.CancellationToken);
        }
    }
}
