namespace CancelGateway.Storage;

/// <summary>
/// A stored operation whose body is not a valid Operation (a corrupt row). Reported for that
/// operation alone: the rest of the store stays usable.
/// </summary>
internal sealed class UnreadableOperationException(string operationName, Exception innerException)
    : Exception($"Operation {operationName} cannot be read from the store: its stored body is not a valid Operation.", innerException)
{
    public string OperationName { get; } = operationName;
}
