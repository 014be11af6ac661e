using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace K8sAiops.Durable.Tests.Timers;

/// <summary>A logger that keeps what was logged, template and properties included.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var properties = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
        _entries.Enqueue(new LogEntry(logLevel, formatter(state, exception), properties.ToDictionary(p => p.Key, p => p.Value), exception));
    }
}

/// <summary>One log event.</summary>
internal sealed record LogEntry(LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Properties, Exception? Exception)
{
    public string? Template => Properties.TryGetValue("{OriginalFormat}", out var format) ? format as string : null;
}
