namespace CancelGateway.Providers.VertexAi.Internal;

/// <summary>The fields of a google.longrunning.Operation (REST) the gateway reads.</summary>
internal sealed class OperationJson
{
    public string? Name { get; set; }

    public bool Done { get; set; }

    public RpcStatusJson? Error { get; set; }
}
