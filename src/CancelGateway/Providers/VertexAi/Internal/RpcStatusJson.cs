namespace CancelGateway.Providers.VertexAi.Internal;

/// <summary>google.rpc.Status in proto3 JSON, as PipelineJob.error and Operation.error carry it.</summary>
internal sealed class RpcStatusJson
{
    public int Code { get; set; }

    public string? Message { get; set; }
}
