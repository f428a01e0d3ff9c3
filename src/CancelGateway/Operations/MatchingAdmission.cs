using CancelGateway.Storage;
using Google.LongRunning;

namespace CancelGateway.Operations;

/// <summary>What the engine made of a CancelMatching request.</summary>
/// <param name="Operation">The dry run's done operation, or the batch cancelling the selected runs.</param>
/// <param name="Kind">Created, or Replayed for a request id used before.</param>
/// <param name="Selected">The runs selected (shown by a dry run, cancelled otherwise), for audit; empty when replayed.</param>
/// <param name="Refused">Selected runs refused before anything was stored (FORCE not permitted), with the ErrorInfo reasons, for audit.</param>
internal sealed record MatchingAdmission(Operation Operation, CreateKind Kind, IReadOnlyList<string> Selected, IReadOnlyList<string> Refused);
