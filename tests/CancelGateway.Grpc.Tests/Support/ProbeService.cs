using System.Collections.Concurrent;
using CancelGateway.Grpc.Server;
using CancelGateway.Grpc.Tests.Probe;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Outcome = CancelGateway.Grpc.Tests.Probe.GetSleepOutcomeResponse.Types.Outcome;

namespace CancelGateway.Grpc.Tests.Support;

/// <summary><c>probe.v1.ProbeService</c>: the behaviours the transport tests observe from outside.</summary>
public sealed class ProbeService(TimeProvider timeProvider) : IGrpcService
{
    private readonly ConcurrentDictionary<string, Outcome> _sleepOutcomes = new(StringComparer.Ordinal);

    public ServiceDescriptor Descriptor { get; } = ProbeReflection.Descriptor.Services.Single(s => s.Name == "ProbeService");

    public void Bind(ServiceBinder binder) => binder
        .Unary<EchoRequest, EchoResponse>("Echo", Echo)
        .ServerStreaming<CountRequest, CountResponse>("Count", Count)
        .Unary<SleepRequest, SleepResponse>("Sleep", Sleep)
        .Unary<GetSleepOutcomeRequest, GetSleepOutcomeResponse>("GetSleepOutcome", GetSleepOutcome)
        .Unary<FailRequest, FailResponse>("Fail", Fail);

    /// <summary>Waits until the Sleep call with <paramref name="sleepId"/> has ended, and says how.</summary>
    public async Task<Outcome> WaitForSleepOutcomeAsync(string sleepId, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!_sleepOutcomes.ContainsKey(sleepId))
        {
            await Task.Delay(10, cts.Token);
        }

        return _sleepOutcomes[sleepId];
    }

    private static async ValueTask<EchoResponse> Echo(EchoRequest request, ServerCallContext context)
    {
        var echo = context.RequestHeaders.Get("x-probe-echo");
        if (echo is not null)
        {
            await context.WriteResponseHeadersAsync(new Metadata().Add(echo));
        }

        var echoBin = context.RequestHeaders.Get("x-probe-echo-bin");
        if (echoBin is not null)
        {
            context.ResponseTrailers.Add(echoBin);
        }

        return new EchoResponse { Text = request.Text };
    }

    private async Task Count(CountRequest request, IServerStreamWriter<CountResponse> responses, ServerCallContext context)
    {
        for (var i = 0; i < request.Count; i++)
        {
            if (i > 0 && request.IntervalMs > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(request.IntervalMs), timeProvider, context.CancellationToken);
            }

            await responses.WriteAsync(new CountResponse { Index = i }, context.CancellationToken);
        }
    }

    private async ValueTask<SleepResponse> Sleep(SleepRequest request, ServerCallContext context)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(request.DurationMs), timeProvider, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            _sleepOutcomes[request.SleepId] = Outcome.Cancelled;
            throw;
        }

        _sleepOutcomes[request.SleepId] = Outcome.Completed;
        return new SleepResponse();
    }

    private ValueTask<GetSleepOutcomeResponse> GetSleepOutcome(GetSleepOutcomeRequest request, ServerCallContext context) =>
        ValueTask.FromResult(new GetSleepOutcomeResponse
        {
            Outcome = _sleepOutcomes.TryGetValue(request.SleepId, out var outcome) ? outcome : Outcome.Unspecified,
        });

    private static ValueTask<FailResponse> Fail(FailRequest request, ServerCallContext context) =>
        throw RpcException.WithDetails(
            (StatusCode)request.Code,
            request.Message,
            new ErrorInfo { Reason = request.Reason, Domain = "probe.test", Metadata = { ["field"] = request.Field } },
            new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = request.Field, Description = "the probe was asked to fail" } } });
}
