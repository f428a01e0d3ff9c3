using CancelGateway.Client.Example;
using Grpc.Core;

// dotnet run --project clients/csharp -- [--address 127.0.0.1:50051] RUN
// Exit status: 0 the run ended CANCELLED; 3 it ended otherwise (the cancel lost the race, or the
// run had already ended); 1 the gateway refused the request or the operation failed (the gRPC
// code, the ErrorInfo reason and the message on one line); 2 usage.
var address = "127.0.0.1:50051";
var reason = "cancelled from the C# example";
var rest = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--address" && i + 1 < args.Length)
    {
        address = args[++i];
    }
    else if (args[i] == "--reason" && i + 1 < args.Length)
    {
        reason = args[++i];
    }
    else
    {
        rest.Add(args[i]);
    }
}

if (rest.Count != 1)
{
    Console.Error.WriteLine("usage: CancelGateway.Client.Example [--address HOST:PORT] [--reason TEXT] RUN");
    return 2;
}

var gateway = new Uri(address.Contains("://", StringComparison.Ordinal) ? address : "http://" + address);
try
{
    var state = await CancelAndWatch.RunAsync(gateway, rest[0], reason, Console.Out);
    return state == CancelGateway.V1.RunState.Cancelled ? 0 : 3;
}
catch (RpcException e)
{
    Console.Error.WriteLine(CancelAndWatch.Describe(e));
    return 1;
}
