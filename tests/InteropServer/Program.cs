using System.Globalization;
using CancelGateway.InteropServer;
using Microsoft.Extensions.Hosting;

var port = 0;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--port" && i + 1 < args.Length)
    {
        port = int.Parse(args[++i], CultureInfo.InvariantCulture);
    }
    else if (args[i].StartsWith("--port=", StringComparison.Ordinal))
    {
        port = int.Parse(args[i]["--port=".Length..], CultureInfo.InvariantCulture);
    }
}

await using var app = InteropServerApp.Build(port);
await app.StartAsync();
Console.WriteLine($"interop server listening on {string.Join(", ", InteropServerApp.GetListenUris(app))}");
await app.WaitForShutdownAsync();
