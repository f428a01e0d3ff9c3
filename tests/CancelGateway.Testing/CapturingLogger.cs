using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Testing;

/// <summary>The logger <see cref="CapturingLoggerProvider"/> hands out.</summary>
internal sealed class CapturingLogger(string category, ConcurrentQueue<CapturedLog> entries) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        entries.Enqueue(new CapturedLog(category, logLevel, eventId, formatter(state, exception), exception));
}
