using CancelGateway.Grpc.Client;
using CancelGateway.V1;
using Google.LongRunning;
using Grpc.Health.V1;
using Empty = Google.Protobuf.WellKnownTypes.Empty;
using LroGetOperationRequest = Google.LongRunning.GetOperationRequest;

namespace CancelGateway.Tests.Support;

/// <summary>The gateway's methods, taken from the generated descriptors so paths and types cannot drift.</summary>
internal static class GatewayMethods
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor PipelineControl = PipelineControlReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.ServiceDescriptor>("PipelineControl");
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Operations = OperationsReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.ServiceDescriptor>("Operations");
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Health = HealthReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.ServiceDescriptor>("Health");

    public static readonly Method<CancelRequest, Operation> Cancel = Method.From<CancelRequest, Operation>(PipelineControl, "Cancel");

    public static readonly Method<BatchCancelRequest, Operation> BatchCancel = Method.From<BatchCancelRequest, Operation>(PipelineControl, "BatchCancel");

    public static readonly Method<V1.GetOperationRequest, Operation> GetOperation = Method.From<V1.GetOperationRequest, Operation>(PipelineControl, "GetOperation");

    public static readonly Method<WatchRunRequest, Operation> WatchRun = Method.From<WatchRunRequest, Operation>(PipelineControl, "WatchRun");

    public static readonly Method<LroGetOperationRequest, Operation> LroGetOperation = Method.From<LroGetOperationRequest, Operation>(Operations, "GetOperation");

    public static readonly Method<ListOperationsRequest, ListOperationsResponse> ListOperations = Method.From<ListOperationsRequest, ListOperationsResponse>(Operations, "ListOperations");

    public static readonly Method<DeleteOperationRequest, Empty> DeleteOperation = Method.From<DeleteOperationRequest, Empty>(Operations, "DeleteOperation");

    public static readonly Method<WaitOperationRequest, Operation> WaitOperation = Method.From<WaitOperationRequest, Operation>(Operations, "WaitOperation");

    public static readonly Method<HealthCheckRequest, HealthCheckResponse> HealthCheck = Method.From<HealthCheckRequest, HealthCheckResponse>(Health, "Check");
}
