using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

// The ceiling of this stack: Kestrel HTTP/2 on the same hosting as the echo server, answering
// every request with one fixed gRPC frame (Msg{text:"hi", n:1}) and grpc-status 0, after
// draining the request body. No routing, no parsing, no protobuf: what is left is Kestrel.
var port = args.Length >= 2 && args[0] == "--port" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50081;
byte[] frame = [0, 0, 0, 0, 6, 0x0a, 0x02, (byte)'h', (byte)'i', 0x10, 0x01];
var contentType = new StringValues("application/grpc");
var ok = new StringValues("0");
long callCount = 0;

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2);
});
await using var app = builder.Build();
app.Run(async context =>
{
    Interlocked.Increment(ref callCount);
    var reader = context.Request.BodyReader;
    while (true)
    {
        var result = await reader.ReadAsync();
        reader.AdvanceTo(result.Buffer.End);
        if (result.IsCompleted)
        {
            break;
        }
    }

    context.Response.Headers.ContentType = contentType;
    var span = context.Response.BodyWriter.GetSpan(frame.Length);
    frame.CopyTo(span);
    context.Response.BodyWriter.Advance(frame.Length);
    context.Features.Get<IHttpResponseTrailersFeature>()!.Trailers.GrpcStatus = ok;
});
await app.StartAsync();
Console.WriteLine($"raw kestrel listening on port {port}");
var allocatedAtStart = GC.GetTotalAllocatedBytes(precise: true);
var callsAtStart = Interlocked.Read(ref callCount);
await app.WaitForShutdownAsync();

// Allocations per call over the server's life after start-up (warm-up included): the figure
// the benchmark README quotes when it explains where the time goes.
var calls = Interlocked.Read(ref callCount) - callsAtStart;
var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedAtStart;
Console.WriteLine($"allocated {allocated} bytes over {calls} calls = {(calls == 0 ? 0 : allocated / calls)} B/call; gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}");
