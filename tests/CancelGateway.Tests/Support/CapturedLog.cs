using Microsoft.Extensions.Logging;

namespace CancelGateway.Tests.Support;

/// <summary>One log entry a test captured.</summary>
internal sealed record CapturedLog(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);
