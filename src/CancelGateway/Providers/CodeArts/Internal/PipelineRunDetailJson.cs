using System.Text.Json;

namespace CancelGateway.Providers.CodeArts.Internal;

/// <summary>The fields of ShowPipelineRunDetail's answer the gateway reads.</summary>
internal sealed class PipelineRunDetailJson
{
    /// <summary>COMPLETED, RUNNING, FAILED, CANCELED, PAUSED, SUSPEND or IGNORED.</summary>
    public string? Status { get; set; }

    /// <summary>Milliseconds since the epoch, 0 while the run has not ended; kept raw, as only a number is read.</summary>
    public JsonElement? EndTime { get; set; }
}
