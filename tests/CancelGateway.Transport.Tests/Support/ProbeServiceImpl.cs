using CancelGateway.Transport.Tests.Probe;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Outcome = CancelGateway.Transport.Tests.Probe.GetSleepOutcomeResponse.Types.Outcome;

namespace CancelGateway.Transport.Tests.Support;

/// <summary><c>probe.v1.ProbeService</c> on grpc-dotnet: the behaviours the transport tests observe from outside.</summary>
internal sealed class ProbeServiceImpl(SleepOutcomes sleepOutcomes, TimeProvider timeProvider) : Probe.ProbeService.ProbeServiceBase
{
    public override async Task<EchoResponse> Echo(EchoRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var echo = context.RequestHeaders.Get("x-probe-echo");
        if (echo is not null)
        {
            await context.WriteResponseHeadersAsync([echo]);
        }

        var echoBin = context.RequestHeaders.Get("x-probe-echo-bin");
        if (echoBin is not null)
        {
            context.ResponseTrailers.Add(echoBin);
        }

        return new EchoResponse { Text = request.Text };
    }

    public override async Task Count(CountRequest request, IServerStreamWriter<CountResponse> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        for (var i = 0; i < request.Count; i++)
        {
            if (i > 0 && request.IntervalMs > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(request.IntervalMs), timeProvider, context.CancellationToken);
            }

            await responseStream.WriteAsync(new CountResponse { Index = i }, context.CancellationToken);
        }
    }

    public override async Task<SleepResponse> Sleep(SleepRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        sleepOutcomes.RecordStarted(request.SleepId);
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(request.DurationMs), timeProvider, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            sleepOutcomes.Record(request.SleepId, Outcome.Cancelled);
            throw;
        }

        sleepOutcomes.Record(request.SleepId, Outcome.Completed);
        return new SleepResponse();
    }

    public override Task<GetSleepOutcomeResponse> GetSleepOutcome(GetSleepOutcomeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(new GetSleepOutcomeResponse { Outcome = sleepOutcomes.Peek(request.SleepId) });
    }

    public override Task<FailResponse> Fail(FailRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Grpc.StatusProto: the google.rpc.Status travels in grpc-status-details-bin.
        var status = new Google.Rpc.Status
        {
            Code = request.Code,
            Message = request.Message,
            Details =
            {
                Any.Pack(new ErrorInfo { Reason = request.Reason, Domain = "probe.test", Metadata = { ["field"] = request.Field } }),
                Any.Pack(new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = request.Field, Description = "the probe was asked to fail" } } }),
            },
        };
        throw status.ToRpcException();
    }
}
