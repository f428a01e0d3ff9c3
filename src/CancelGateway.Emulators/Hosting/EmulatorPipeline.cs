using CancelGateway.Emulators.Faults;
using Microsoft.AspNetCore.Http;

namespace CancelGateway.Emulators.Hosting;

/// <summary>
/// The request pipeline every emulator runs, in this order: the counters endpoint (and requests per
/// second), count the request on arrival, inject
/// faults, (optionally) count what the API itself answered, then the provider's handler.
/// </summary>
/// <param name="OnArrival">Middleware that sees every request first (counting, request ids).</param>
/// <param name="Faults">The fault settings, changeable while the emulator runs.</param>
/// <param name="FaultResponder">Writes faults in the provider's own error shapes.</param>
/// <param name="OnHandled">Sees each request the API answered, past fault injection (before an after-effect fault replaces the answer).</param>
/// <param name="Handler">The provider's handler, resolved from the app's services.</param>
/// <param name="Counters">Answers <c>GET /_emulator/counters</c> and counts requests per second, ahead of everything else.</param>
internal sealed record EmulatorPipeline(
    Func<HttpContext, RequestDelegate, Task> OnArrival,
    EmulatorFaults Faults,
    IFaultResponder FaultResponder,
    Action<HttpContext>? OnHandled,
    Func<IServiceProvider, RequestDelegate> Handler,
    EmulatorCounters Counters);
