namespace CancelGateway.Emulators.Vertex.Http;

/// <summary>The methods the emulator serves.</summary>
internal enum VertexRouteKind
{
    /// <summary>No such method: 404.</summary>
    NotFound,

    /// <summary><c>POST /token</c>.</summary>
    Token,

    /// <summary><c>GET /v1/{name=projects/*/locations/*/pipelineJobs/*}</c>.</summary>
    GetPipelineJob,

    /// <summary><c>GET /v1/{parent=projects/*/locations/*}/pipelineJobs</c>.</summary>
    ListPipelineJobs,

    /// <summary><c>POST /v1/{name=projects/*/locations/*/pipelineJobs/*}:cancel</c>.</summary>
    CancelPipelineJob,

    /// <summary><c>POST /v1/{parent=projects/*/locations/*}/pipelineJobs:batchCancel</c>.</summary>
    BatchCancelPipelineJobs,

    /// <summary><c>GET /v1/{name=projects/*/locations/*/operations/*}</c>.</summary>
    GetOperation,
}
