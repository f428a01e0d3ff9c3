namespace CancelGateway.Providers.VertexAi.Internal;

/// <summary>The part of a PipelineJob's <c>pipelineSpec</c> (a KFP pipeline spec, a google.protobuf.Struct) the gateway reads.</summary>
internal sealed class PipelineSpecJson
{
    public PipelineInfoJson? PipelineInfo { get; set; }
}
