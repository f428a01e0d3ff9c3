using CancelGateway.Emulators.Hosting;
using CancelGateway.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// CancelGateway: PipelineControl and google.longrunning.Operations on one gRPC endpoint, and
// the same as REST/JSON and gRPC-Web on a cleartext HTTP/1.1 one.
// With no provider configured it runs on its embedded defaults: a SQLite file in the working
// directory and the provider emulators in-process, seeded with demo runs.
var (app, emulators) = await GatewayApp.BuildAsync(args);
await using (app)
{
    await app.StartAsync();
    var listeners = app.Services.GetRequiredService<GatewayListeners>();

    // The first line's form is what scripts and tests read the gRPC port from.
    Console.WriteLine($"CancelGateway listening on {listeners.GrpcAddress} (gRPC, gRPC-Web)");
    Console.WriteLine(listeners.HttpAddress is { } http
        ? $"REST/JSON and gRPC-Web (HTTP/1.1) on {http} (e.g. POST {http}v1/runs:cancel)"
        : "REST/JSON and gRPC-Web over HTTP/1.1: off (Gateway:HttpListen is empty)");
    if (emulators is not null)
    {
        Console.WriteLine("Embedded defaults: provider emulators in-process (no cloud account is called).");
        Console.WriteLine($"  Vertex AI emulator {emulators.Vertex.BaseAddress} — demo runs:");
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
    }

    await app.WaitForShutdownAsync();
}
