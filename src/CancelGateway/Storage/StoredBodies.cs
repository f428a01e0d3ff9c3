using Google.LongRunning;
using Google.Protobuf;

namespace CancelGateway.Storage;

/// <summary>Operations are stored as their serialized google.longrunning.Operation; every store reads them back this way.</summary>
internal static class StoredBodies
{
    public static Operation Parse(string name, byte[] body) =>
        TryParse(body, out var operation, out var failure) ? operation : throw new UnreadableOperationException(name, failure);

    public static bool TryParse(byte[] body, out Operation operation, out Exception failure)
    {
        try
        {
            operation = Operation.Parser.ParseFrom(body);
            failure = null!;
            return true;
        }
        catch (InvalidProtocolBufferException exception)
        {
            operation = null!;
            failure = exception;
            return false;
        }
    }
}
