using CancelGateway.Storage;
using Google.LongRunning;

namespace CancelGateway.Operations;

/// <summary>What the engine made of a Cancel or BatchCancel: the operation, and whether it is new, joined or replayed.</summary>
internal sealed record Admission(Operation Operation, CreateKind Kind);
