namespace CancelGateway.Providers.VertexAi.Internal;

/// <summary>The fields of a PipelineJob (REST v1) the gateway reads.</summary>
internal sealed class PipelineJobJson
{
    public string? Name { get; set; }

    public string? DisplayName { get; set; }

    /// <summary>RFC 3339, possibly with nanoseconds (kept as text, like <see cref="EndTime"/>).</summary>
    public string? CreateTime { get; set; }

    public Dictionary<string, string>? Labels { get; set; }

    /// <summary>The pipeline spec; only <c>pipelineInfo.name</c> is read (listings ask for no more of it).</summary>
    public PipelineSpecJson? PipelineSpec { get; set; }

    /// <summary>The PipelineState name, e.g. PIPELINE_STATE_RUNNING.</summary>
    public string? State { get; set; }

    /// <summary>RFC 3339, possibly with nanoseconds; kept as text because System.Text.Json reads at most 7 fractional digits.</summary>
    public string? EndTime { get; set; }

    /// <summary>Set only when the job FAILED or was CANCELLED.</summary>
    public RpcStatusJson? Error { get; set; }
}
