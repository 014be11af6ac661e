using K8sAiops.Durable.History;

namespace K8sAiops.Durable.Storage;

/// <summary>
/// A message on a queue: an event addressed to an orchestration instance (control queues), or a
/// <see cref="TaskScheduled"/> work item for an activity (the work-item queue).
/// <see cref="ExecutionId"/> null means "whatever execution is current" (client events).
/// </summary>
public sealed record TaskMessage(string InstanceId, string? ExecutionId, HistoryEvent Event)
{
    public bool IsWorkItem => Event is TaskScheduled;
}

/// <summary>A message to send, optionally invisible until <see cref="VisibleAt"/> (durable timers).</summary>
public sealed record OutboundMessage(TaskMessage Message, DateTime? VisibleAt = null);

/// <summary>A message taken from a queue and invisible to others until deleted, released or its visibility runs out.</summary>
public abstract class ReceivedMessage(TaskMessage message, int dequeueCount)
{
    public TaskMessage Message { get; } = message;

    public int DequeueCount { get; } = dequeueCount;
}
