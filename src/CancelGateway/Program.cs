using CancelGateway.Hosting;
using Microsoft.Extensions.DependencyInjection;

// CancelGateway: PipelineControl and google.longrunning.Operations on one gRPC endpoint, and
// the same as REST/JSON and gRPC-Web on a cleartext HTTP/1.1 one. The production host: it
// needs at least one provider configured (the demo launcher, src/CancelGateway.Demo, runs it
// against local emulators).
if (GatewayCommandLine.Handle(args, Console.Out) is { } exitCode)
{
    return exitCode;
}

if (args.Contains(GatewayHealthProbe.Flag))
{
    return await GatewayHealthProbe.RunAsync(args, Console.Out);
}

return await GatewayCommandLine.RunAsync(
    () => Task.FromResult(GatewayApp.Build(args)),
    app => GatewayBanner.Write(Console.Out, app.Services.GetRequiredService<GatewayListeners>()));
