using System.Globalization;
using System.Net;
using CancelGateway.Bench;
using CancelGateway.Grpc.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The echo server of the benchmark: the project's gRPC layer, reflection and health, on 127.0.0.1.
var port = args.Length >= 2 && args[0] == "--port" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50080;
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenGrpc(IPAddress.Loopback, port));
builder.Services.AddGrpcServer();
builder.Services.AddGrpcService<EchoService>();
builder.Services.AddGrpcReflection();
builder.Services.AddGrpcHealth();
await using var app = builder.Build();
app.UseGrpcServer();
await app.StartAsync();
Console.WriteLine($"echo server listening on {string.Join(", ", app.GetListenUris())}");
var allocatedAtStart = GC.GetTotalAllocatedBytes(precise: true);
var callsAtStart = EchoService.Calls;
await app.WaitForShutdownAsync();

// Allocations per call over the server's life after start-up (warm-up included): the figure
// the benchmark README quotes when it explains where the time goes.
var calls = EchoService.Calls - callsAtStart;
var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedAtStart;
Console.WriteLine($"allocated {allocated} bytes over {calls} calls = {(calls == 0 ? 0 : allocated / calls)} B/call; gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}");
