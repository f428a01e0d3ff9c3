namespace CancelGateway.Operations;

/// <summary>Whether the engine can accept work, and if not, why.</summary>
/// <param name="IsReady">True when it can.</param>
/// <param name="Problem">Why it cannot, for health reports; null when ready.</param>
internal sealed record EngineReadiness(bool IsReady, string? Problem)
{
    public static EngineReadiness Ready { get; } = new(true, null);

    public static EngineReadiness NotReady(string problem) => new(false, problem);
}
