namespace CancelGateway.Operations;

/// <summary>
/// Who a piece of provider work is done for, as far as fairness and the per-caller bound are
/// concerned. Today a connection (callers do not authenticate yet); an authenticated principal
/// can take its place without the engine changing.
/// </summary>
internal readonly record struct CallerKey(string Value)
{
    /// <summary>Work resumed on start: its callers' connections are gone, so it shares one key of its own.</summary>
    public static CallerKey Resumed { get; } = new("(resumed)");

    public override string ToString() => Value;
}
