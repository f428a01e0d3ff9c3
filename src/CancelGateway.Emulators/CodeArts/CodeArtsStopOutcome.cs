namespace CancelGateway.Emulators.CodeArts;

/// <summary>How a run ends once a stop request has taken its time.</summary>
public enum CodeArtsStopOutcome
{
    /// <summary>The stop wins: CANCELED.</summary>
    Canceled,

    /// <summary>The stop loses the race: the run finishes COMPLETED anyway.</summary>
    CompletesAnyway,

    /// <summary>The stop loses the race: the run finishes FAILED anyway.</summary>
    FailsAnyway,
}
