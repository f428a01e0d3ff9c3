namespace CancelGateway.Storage;

/// <summary>What ListOperations may filter on (a small AIP-160 subset: equality, joined by AND).</summary>
/// <param name="Done">Only done (true) or not done (false) operations.</param>
/// <param name="Run">Only the cancellations of this run.</param>
/// <param name="Kind">Only this kind.</param>
internal sealed record OperationFilter(bool? Done = null, string? Run = null, OperationKind? Kind = null);
