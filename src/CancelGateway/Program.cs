using CancelGateway.Emulators.Hosting;
using CancelGateway.Grpc.Hosting;
using CancelGateway.Hosting;
using Microsoft.Extensions.Hosting;

// CancelGateway: PipelineControl and google.longrunning.Operations on one gRPC endpoint.
// With no provider configured it runs on its embedded defaults: a SQLite file in the working
// directory and the provider emulators in-process, seeded with demo runs.
var (app, emulators) = await GatewayApp.BuildAsync(args);
await using (app)
{
    await app.StartAsync();
    Console.WriteLine($"CancelGateway listening on {string.Join(", ", app.GetListenUris())}");
    if (emulators is not null)
    {
        Console.WriteLine("Embedded defaults: provider emulators in-process (no cloud account is called).");
        Console.WriteLine($"  Vertex AI emulator {emulators.Vertex.BaseAddress} — demo runs:");
        foreach (var run in DemoRuns.VertexRunNames)
        {
            Console.WriteLine($"    {run}");
        }
    }

    await app.WaitForShutdownAsync();
}
