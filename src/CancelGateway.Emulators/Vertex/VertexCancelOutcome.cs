namespace CancelGateway.Emulators.Vertex;

/// <summary>How a run ends once its CANCELLING period is over.</summary>
public enum VertexCancelOutcome
{
    /// <summary>The cancel wins: PIPELINE_STATE_CANCELLED with <c>error.code = 1</c>.</summary>
    Cancelled,

    /// <summary>The cancel loses the race: the run finishes PIPELINE_STATE_SUCCEEDED anyway.</summary>
    SucceedsAnyway,

    /// <summary>The cancel loses the race: the run finishes PIPELINE_STATE_FAILED anyway.</summary>
    FailsAnyway,
}
