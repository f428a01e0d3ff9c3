using System.Globalization;
using System.Net;
using CancelGateway.Bench;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The echo server of the benchmark: grpc-dotnet (Grpc.AspNetCore), reflection and health, h2c on 127.0.0.1.
var port = args.Length >= 2 && args[0] == "--port" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50080;
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
builder.Services.AddGrpc();
builder.Services.AddGrpcReflection();
// One always-healthy check, so health answers SERVING (with no checks it would answer UNKNOWN).
builder.Services.AddGrpcHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy());
await using var app = builder.Build();
app.MapGrpcService<EchoService>();
app.MapGrpcReflectionService();
app.MapGrpcHealthChecksService();
await app.StartAsync();
var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
Console.WriteLine($"echo server listening on {string.Join(", ", addresses)}");
var allocatedAtStart = GC.GetTotalAllocatedBytes(precise: true);
var callsAtStart = EchoService.Calls;
await app.WaitForShutdownAsync();

// Allocations per call over the server's life after start-up (warm-up included): the figure
// the benchmark README quotes when it explains where the time goes.
var calls = EchoService.Calls - callsAtStart;
var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedAtStart;
Console.WriteLine($"allocated {allocated} bytes over {calls} calls = {(calls == 0 ? 0 : allocated / calls)} B/call; gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}");
