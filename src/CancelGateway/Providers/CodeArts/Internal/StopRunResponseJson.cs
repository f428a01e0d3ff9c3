using System.Text.Json;

namespace CancelGateway.Providers.CodeArts.Internal;

/// <summary>StopPipelineRun's answer: <c>{"success": true}</c> when the stop was accepted.</summary>
internal sealed class StopRunResponseJson
{
    /// <summary>Kept raw: only JSON true means accepted.</summary>
    public JsonElement? Success { get; set; }
}
