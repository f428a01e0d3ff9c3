namespace CancelGateway.Emulators.Faults;

/// <summary>The fault decided for one request: what happens and after how long.</summary>
internal readonly record struct FaultPlan(FaultKind Kind, TimeSpan Delay, TimeSpan RetryAfter)
{
    public static FaultPlan None { get; } = new(FaultKind.None, TimeSpan.Zero, TimeSpan.Zero);
}
