namespace CancelGateway.Emulators.Vertex.Runs;

/// <summary>A batchCancel operation at one instant.</summary>
internal sealed record BatchCancelOperationSnapshot(
    string Name,
    DateTimeOffset CreateTime,
    DateTimeOffset UpdateTime,
    bool Done,
    IReadOnlyList<VertexRunSnapshot> Jobs);
