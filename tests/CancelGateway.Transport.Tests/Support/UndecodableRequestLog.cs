using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Transport.Tests.Support;

/// <summary>
/// The one error grpc-dotnet logs for a caller's mistake: a request message it cannot decode
/// (bad protobuf, a compressed-flag byte neither 0 nor 1, a length prefix of 2 GiB or more)
/// surfaces as "Error when executing service method", at Error level. Tests that send such messages on purpose expect it.
/// </summary>
public static class UndecodableRequestLog
{
    private const string Category = "Grpc.AspNetCore.Server.ServerCallHandler";

    private const string EventName = "ErrorExecutingServiceMethod";

    public static bool Matches(CapturedLog line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.Level == LogLevel.Error
            && line.Category == Category
            && line.EventId.Name == EventName
            && (line.Exception is InvalidProtocolBufferException or InvalidDataException
                || (line.Exception is IOException io && io.Message.StartsWith("Message too large:", StringComparison.Ordinal)));
    }
}
