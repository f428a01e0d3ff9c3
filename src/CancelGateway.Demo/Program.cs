using CancelGateway.Demo;
using CancelGateway.Emulators.Hosting;
using CancelGateway.Hosting;
using Microsoft.Extensions.DependencyInjection;

// The demo: the gateway with the three provider emulators in-process, seeded with demo runs, so
// that a first start needs no cloud account. Takes the gateway's settings (--help lists them).
if (GatewayCommandLine.Handle(args, Console.Out) is { } exitCode)
{
    return exitCode;
}

EmulatorHost? emulators = null;
return await GatewayCommandLine.RunAsync(
    async () =>
    {
        var (app, started) = await DemoGateway.BuildAsync(args);
        emulators = started;
        return app;
    },
    app =>
    {
        GatewayBanner.Write(Console.Out, app.Services.GetRequiredService<GatewayListeners>());
        Console.WriteLine("Demo: provider emulators in-process (no cloud account is called).");
        Console.WriteLine($"  Vertex AI emulator {emulators!.Vertex.BaseAddress} — demo runs:");
        foreach (var run in DemoRuns.VertexRunNames)
        {
            Console.WriteLine($"    {run}");
        }

        Console.WriteLine($"  CodeArts emulator {emulators.CodeArts.BaseAddress} (AK/SK {emulators.CodeArts.AccessKey}) — demo runs:");
        foreach (var run in DemoRuns.CodeArtsRunNames)
        {
            Console.WriteLine($"    {run}");
        }

        Console.WriteLine($"  SageMaker emulator {emulators.SageMaker.BaseAddress} (access key {emulators.SageMaker.AccessKeyId}) — demo executions:");
        foreach (var run in DemoRuns.SageMakerExecutionArns)
        {
            Console.WriteLine($"    {run}");
        }
    });
