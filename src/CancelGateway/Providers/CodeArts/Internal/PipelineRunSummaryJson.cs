using System.Text.Json;

namespace CancelGateway.Providers.CodeArts.Internal;

/// <summary>The fields of one of ListPipelineRuns' <c>pipeline_runs</c> the gateway reads.</summary>
internal sealed class PipelineRunSummaryJson
{
    public string? PipelineId { get; set; }

    public string? PipelineRunId { get; set; }

    /// <summary>COMPLETED, RUNNING, FAILED, CANCELED, PAUSED, SUSPEND or IGNORED.</summary>
    public string? Status { get; set; }

    /// <summary>Milliseconds since the epoch; kept raw, as only a number is read.</summary>
    public JsonElement? StartTime { get; set; }
}
