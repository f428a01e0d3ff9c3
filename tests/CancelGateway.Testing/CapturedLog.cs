using Microsoft.Extensions.Logging;

namespace CancelGateway.Testing;

/// <summary>One log entry a test captured.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);
