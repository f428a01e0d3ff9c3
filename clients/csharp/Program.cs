using CancelGateway.Client.Example;
using Grpc.Core;

// dotnet run --project clients/csharp -- [GATEWAY] RUN
//   e.g. -- http://127.0.0.1:50051 projects/demo-project/locations/us-central1/pipelineJobs/demo-running-2
if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: CancelGateway.Client.Example [http://127.0.0.1:50051] RUN_NAME");
    return 2;
}

var gateway = new Uri(args.Length == 2 ? args[0] : "http://127.0.0.1:50051");
try
{
    var state = await CancelAndWatch.RunAsync(gateway, args[^1], "cancelled from the C# example", Console.Out);
    return state == CancelGateway.V1.RunState.Cancelled ? 0 : 1;
}
catch (RpcException e)
{
    Console.Error.WriteLine(CancelAndWatch.Describe(e));
    return 3;
}
